"""The office home's member panels: overdue care events and the coming month's birthdays."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.members.models import CareEvent, Member
from liaison.orgs.access import Perm

SHOWN = 10
CARE_DUE = "care_due"  # the stored part: each office's first pending care events


def care_due(office_ids, year: int) -> dict[int, list]:
    """{office id: [[event id, member's name, kind, due by (ISO)], …]}: the first SHOWN of
    the office's pending care events by due time, of any year (those overdue now lead them),
    stored with its year: every write of a care event or a member moves its counter."""
    from liaison.core.home import first_rows_per_office

    pending = CareEvent.objects.filter(office_id__in=list(office_ids)).pending()
    rows = first_rows_per_office(pending, "office_id", ["due_by", "pk"], SHOWN)
    found = {pk: [] for pk in office_ids}
    for office, pk, name, kind, due_by in rows.values_list(
        "office_id", "pk", "member__name", "kind", "due_by"
    ):
        found[office].append([pk, name, kind, due_by.isoformat()])
    return found


def overdue_care(request):
    """The first SHOWN care events overdue now: from the stored part where it holds every
    office the user manages, else read."""
    from liaison.core.home import part_of_every_office

    stored = part_of_every_office(request, CARE_DUE)
    if stored is None:
        return list(
            CareEvent.objects.visible_to(request.user, Perm.OFFICE_MANAGE)
            .overdue()
            .select_related("member")
            .order_by("due_by", "pk")
            .only("kind", "due_by", "member__name")[:SHOWN]  # what the panel shows
        )
    now = timezone.now()
    events = [
        CareEvent(pk=pk, kind=kind, due_by=due_by, member=Member(name=name))
        for rows in stored.values()
        for pk, name, kind, due in rows
        if (due_by := datetime.datetime.fromisoformat(due)) < now
    ]
    return sorted(events, key=lambda e: (e.due_by, e.pk))[:SHOWN]


def upcoming_birthdays(request):
    today = timezone.localdate()
    return list(
        Member.objects.managed_by(request.user)
        .serving()
        .with_birthday_within(today, 30)
        .in_birthday_order(today)
        .only("pk", "name", "birth_date")[:10]  # what the panel shows, of an office's month
    )


PANELS = [
    HomePanel(
        "office.care_overdue",
        _("Overdue care visits"),
        (Perm.OFFICE_MANAGE,),
        template="members/panels/care.html",
        items=overdue_care,
        empty_text=_("No care visit is overdue."),
        more_url_name="care_list",
        order=11,
        parts=(CARE_DUE,),
    ),
    HomePanel(
        "office.birthdays",
        _("Birthdays in the next 30 days"),
        (Perm.OFFICE_MANAGE,),
        template="members/panels/birthdays.html",
        items=upcoming_birthdays,
        empty_text=_("No birthdays in the next 30 days."),
        order=12,
    ),
]
