"""The reminder job: providers, idempotency keys, a rerun that sends nothing twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from liaison.notify import reminders
from liaison.notify.models import Notification, SentReminder
from liaison.notify.reminders import Reminder, ReminderProvider, register_provider, run_reminders
from liaison.notify.services import notify


@pytest.fixture
def provider(world):
    calls = []

    def due(now):
        calls.append(now)
        yield Reminder(key="care:1", users=[world.director, world.staff], text="康希住院，请走访")

    register_provider(ReminderProvider("test-care", "测试", due))
    yield calls
    reminders._providers.pop("test-care", None)


def test_a_reminder_goes_out_once_even_when_the_job_runs_twice(world, provider):
    assert run_reminders() == 2
    assert run_reminders() == 0
    assert len(provider) == 2  # the provider was asked both times
    assert Notification.objects.filter(text="康希住院，请走访").count() == 2
    assert SentReminder.objects.filter(key="test-care:care:1").count() == 2


def test_the_command_run_twice_in_a_row_sends_once(world, provider):
    call_command("send_reminders")
    call_command("send_reminders")
    assert Notification.objects.filter(text="康希住院，请走访").count() == 2


def test_the_database_refuses_a_second_key(world):
    SentReminder.objects.create(key="x", user=world.director, provider="p")
    with pytest.raises(IntegrityError):
        SentReminder.objects.create(key="x", user=world.director, provider="p")


def test_a_recipient_added_later_still_gets_the_reminder(world, provider):
    SentReminder.objects.create(key="test-care:care:1", user=world.director, provider="test-care")
    assert run_reminders() == 1
    assert not Notification.objects.filter(recipient=world.director).exists()
    assert Notification.objects.filter(recipient=world.staff).count() == 1


def test_unread_notifications_older_than_three_days_are_reminded_once_a_week(world):
    notify([world.member], "welcome", None, "甲")
    notify([world.staff], "welcome", None, "乙")
    Notification.objects.filter(recipient=world.member).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    assert run_reminders() == 1
    reminder = Notification.objects.get(kind="reminder.unread")
    assert reminder.recipient == world.member and "1" in reminder.text
    assert run_reminders() == 0
    next_week = timezone.now() + timedelta(days=7)
    # Still unread a week later: a new occasion (and staff's message is old enough now).
    assert run_reminders(next_week) == 2
    Notification.objects.update(read_at=timezone.now())
    assert run_reminders(next_week + timedelta(days=7)) == 0
