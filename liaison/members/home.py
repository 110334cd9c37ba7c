"""The office home's member panels: overdue care events and the coming month's birthdays."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.registry import HomePanel
from liaison.members.models import CareEvent, Member
from liaison.orgs.access import Perm


def overdue_care(request):
    return list(
        CareEvent.objects.visible_to(request.user, Perm.OFFICE_MANAGE)
        .overdue()
        .select_related("member")
        .only("kind", "due_by", "member__name")[:10]  # what the panel shows
    )


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
