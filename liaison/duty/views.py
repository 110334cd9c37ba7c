from django.shortcuts import render
from django.utils import timezone

from liaison.core.lists import int_param, paginate
from liaison.duty.models import DutyRecord
from liaison.orgs.access import Perm, can, perm_required


def _year(request) -> int:
    return int_param(request.GET.get("year"), low=2000, high=2100) or timezone.localdate().year


@perm_required(Perm.MEMBER_SELF, Perm.OFFICE_VIEW)
def duty_home(request):
    """A member sees their own acts; office and district roles see the ledger they reach."""
    year = _year(request)
    if can(request.user, Perm.OFFICE_VIEW):
        records = DutyRecord.objects.visible_to(request.user)
    else:
        records = DutyRecord.objects.filter(member__user=request.user)
    records = records.of_year(year).select_related("member", "office", "content_type")
    return render(request, "duty/home.html", {"page": paginate(request, records), "year": year})
