import datetime

from django.utils import timezone
from icalendar import Calendar

from liaison.activities import services
from liaison.members import services as members
from liaison.members.models import CareEvent
from liaison.notify.calendar import build_feed
from liaison.notify.models import Notification
from liaison.notify.reminders import run_reminders


def test_activities_in_48_hours_remind_the_invited_once(world, make_activity):
    soon = make_activity(starts_at=timezone.now() + datetime.timedelta(hours=20))
    services.invite(world.director, soon, [world.kang])
    services.publish(world.director, soon)
    later = make_activity(starts_at=timezone.now() + datetime.timedelta(days=5))
    services.invite(world.director, later, [world.kang])
    services.publish(world.director, later)
    run_reminders()
    run_reminders()  # a second run sends nothing more
    notes = Notification.objects.filter(kind="activity.soon", recipient=world.member)
    assert notes.count() == 1 and soon.title in notes.get().text


def test_urgent_care_not_visited_in_time_reaches_the_director(world):
    event = members.record_care_event(
        world.staff, world.kang, kind="illness", event_date=timezone.localdate()
    )
    CareEvent.objects.filter(pk=event.pk).update(
        due_by=timezone.now() - datetime.timedelta(hours=1)
    )
    run_reminders()
    run_reminders()
    notes = Notification.objects.filter(kind="care.overdue")
    assert list(notes.values_list("recipient__username", flat=True)) == ["director"]


def test_birthdays_within_a_week_are_announced(world):
    world.kang.birth_date = (timezone.localdate() + datetime.timedelta(days=3)).replace(year=1970)
    world.kang.save()
    run_reminders()
    assert Notification.objects.filter(kind="care.birthday", recipient=world.director).exists()


def test_the_private_calendar_feed_lists_the_members_activities(world, briefing):
    feed = Calendar.from_ical(build_feed(world.member))
    titles = [str(e.get("summary")) for e in feed.walk("VEVENT")]
    assert briefing.title in titles
    assert Calendar.from_ical(build_feed(world.other)).walk("VEVENT") == []
