"""The office home's member panels: overdue care events and the coming month's birthdays."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.members.models import CareEvent, Member
from liaison.orgs.access import Perm


def overdue_care(request):
    return list(
        CareEvent.objects.visible_to(request.user, Perm.OFFICE_MANAGE)
        .overdue()
        .select_related("member")[:10]
    )


def upcoming_birthdays(request):
    today = timezone.localdate()
    members = (
        Member.objects.managed_by(request.user)
        .serving()
        .with_birthday_within(today, 30)
        .only("pk", "name", "birth_date")  # what the panel shows, of an office's thousand
        .order_by()  # sorted below by the days to go; the default order joins the office
    )
    return sorted(members, key=lambda m: _days_until_birthday(m.birth_date, today))[:10]


def _days_until_birthday(born, today) -> int:
    for year in (today.year, today.year + 1):
        try:
            day = datetime.date(year, born.month, born.day)
        except ValueError:  # 29 February in a common year: celebrated on the 28th
            day = datetime.date(year, 2, 28)
        if day >= today:
            return (day - today).days
    return 366


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
