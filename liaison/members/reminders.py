"""Reminders the roster produces: urgent care not visited in time, coming birthdays."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.members.models import CareEvent, Member
from liaison.members.services import office_leaders
from liaison.notify.reminders import Reminder


def urgent_care_overdue(now):
    """生病住院, 亲人过世 not visited within 24 hours: to the office director."""
    events = CareEvent.objects.overdue(now).filter(kind__in=CareEvent.URGENT_KINDS)
    for event in events.select_related("member"):
        yield Reminder(
            key=f"care-overdue:{event.pk}",
            users=office_leaders(event.office_id, roles=["office_director"]),
            text=_("Not yet visited: %(member)s, %(kind)s (due %(due)s).")
            % {
                "member": event.member.name,
                "kind": event.get_kind_display(),
                "due": timezone.localtime(event.due_by).strftime("%m-%d %H:%M"),
            },
            kind="care.overdue",
            obj=event,
        )


def coming_celebrations(now):
    """Birthdays and celebrations in the next 7 days: to the office's staff, once each."""
    today = timezone.localtime(now).date()
    for member in Member.objects.serving().with_birthday_within(today, 7).exclude(birth_date=None):
        yield Reminder(
            key=f"birthday:{member.pk}:{today.year}",
            users=office_leaders(member.office),
            text=_("Birthday within a week: %(member)s (%(date)s).")
            % {"member": member.name, "date": member.birth_date.strftime("%m-%d")},
            kind="care.birthday",
            obj=member,
        )
    soon = (
        CareEvent.objects.pending()
        .exclude(kind__in=CareEvent.URGENT_KINDS)
        .filter(event_date__gte=today, event_date__lte=today + datetime.timedelta(days=7))
    )
    for event in soon.select_related("member", "office"):
        yield Reminder(
            key=f"celebration:{event.pk}",
            users=office_leaders(event.office),
            text=_("Coming up: %(member)s, %(kind)s on %(date)s.")
            % {
                "member": event.member.name,
                "kind": event.get_kind_display(),
                "date": event.event_date.strftime("%m-%d"),
            },
            kind="care.celebration",
            obj=event,
        )
