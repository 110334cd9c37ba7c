import datetime

import pytest
from django.utils import timezone

from liaison.notify.models import Notification
from liaison.notify.reminders import run_reminders
from liaison.opinions.models import Assignment
from liaison.workdays import services as workdays

pytestmark = pytest.mark.django_db


def _texts(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_due_in_three_working_days_then_today(world, assignment):
    today = timezone.localdate()
    Assignment.objects.filter(pk=assignment.pk).update(deadline=workdays.add_working_days(today, 3))
    run_reminders()
    assert any("3个工作日内到期" in t for t in _texts(world.handler))
    Assignment.objects.filter(pk=assignment.pk).update(deadline=today)
    run_reminders()
    run_reminders()  # a rerun sends nothing twice
    assert sum("今日到期" in t for t in _texts(world.handler)) == 1
    assert not any("到期" in t for t in _texts(world.staff))


def test_overdue_goes_to_the_handler_then_the_office(world, assignment):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    Assignment.objects.filter(pk=assignment.pk).update(deadline=yesterday)
    run_reminders()
    assert any("已超期" in t for t in _texts(world.handler))
    if workdays.working_days_between(yesterday, today) < 2:
        assert not any("办理超期" in t for t in _texts(world.staff))
    long_ago = today - datetime.timedelta(days=10)
    Assignment.objects.filter(pk=assignment.pk).update(deadline=long_ago)
    run_reminders()
    assert any("办理超期" in t for t in _texts(world.staff))


def test_replied_items_are_not_reminded(world, replied):
    Assignment.objects.filter(pk=replied.pk).update(deadline=timezone.localdate())
    run_reminders()
    assert not any("今日到期" in t for t in _texts(world.handler))


def test_not_signed_for_within_two_working_days(world, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(
        assigned_at=timezone.now() - datetime.timedelta(days=7)
    )
    run_reminders()
    assert any("请签收" in t for t in _texts(world.handler))


def test_open_assignments_are_in_the_handlers_calendar_feed(world, client_for, assignment):
    from django.test import Client
    from django.urls import reverse
    from icalendar import Calendar

    from liaison.notify.models import CalendarToken

    Assignment.objects.filter(pk=assignment.pk).update(deadline=timezone.localdate())
    handler = client_for("handler")
    handler.post(reverse("calendar_issue"))
    token = CalendarToken.objects.get(user=world.handler, revoked_at__isnull=True)
    feed = Calendar.from_ical(Client().get(reverse("calendar_feed", args=[token.token])).content)
    events = [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("assignment-")]
    assert [str(e["summary"]).startswith("到期：") for e in events] == [True]
    assert events[0]["dtstart"].dt == timezone.localdate()
