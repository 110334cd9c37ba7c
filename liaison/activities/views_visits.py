"""Visits to members (走访): the list, recording one, and who is not yet visited twice."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities import services, services_record
from liaison.activities.forms_visits import VisitFilterForm, VisitForm
from liaison.activities.home import VISITS_PER_MEMBER, members_short_of_visits
from liaison.activities.models import Visit
from liaison.core.errors import Refusal
from liaison.core.exports import ListExporter, export_response
from liaison.core.lists import int_param, paginate
from liaison.members.access import managed_office
from liaison.members.models import Member
from liaison.orgs.access import Perm, organizations_for, perm_required
from liaison.orgs.models import User


def _visits(request):
    return Visit.objects.visible_to(request.user, Perm.OFFICE_MANAGE)


def _managed_members(request):
    offices = organizations_for(request.user, Perm.OFFICE_MANAGE)
    return Member.objects.filter(office__in=offices).order_by("name_pinyin")


class VisitExporter(ListExporter):
    name = "visits"

    def __init__(self, visits, filters):
        self.visits, self._filters = visits, filters
        self.title = _("Visits")

    def headers(self):
        return [
            _("Date"),
            _("Member visited"),
            _("Staff who went"),
            _("Members who went"),
            _("What was discussed"),
            _("Opinions collected"),
            _("Care notes"),
        ]

    def rows(self):
        for v in self.visits:
            yield [
                v.date,
                v.member.name,
                "、".join(u.label for u in v.staff.all()),
                "、".join(m.name for m in v.visitors.all()),
                v.discussed,
                v.opinions,
                v.care_notes,
            ]

    def filters(self):
        return self._filters


@perm_required(Perm.OFFICE_MANAGE)
def visit_list(request):
    members = _managed_members(request)
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = VisitFilterForm(data, members=members)
    visits = _visits(request)
    if form.is_valid():
        if form.cleaned_data["year"]:
            visits = visits.filter(date__year=form.cleaned_data["year"])
        if form.cleaned_data["member"]:
            visits = visits.filter(member=form.cleaned_data["member"])
    else:
        messages.warning(request, _("The filter was not understood: showing every visit."))
    visits = (
        visits.select_related("member", "office", "activity")
        .prefetch_related(
            Prefetch("staff", queryset=User.objects.order_by("display_name")),
            Prefetch("visitors", queryset=Member.objects.order_by("name_pinyin")),
        )
        .order_by("-date", "-pk")
    )
    if request.GET.get("format") in ("xlsx", "csv"):
        filters = {k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items()}
        return export_response(request, VisitExporter(visits, filters), request.GET["format"])
    return render(
        request, "activities/visit_list.html", {"form": form, "page": paginate(request, visits)}
    )


@perm_required(Perm.OFFICE_MANAGE)
def visit_create(request):
    office = managed_office(request)
    initial = {"date": timezone.localdate(), "staff": [request.user]}
    if int_param(request.GET.get("member")) is not None:
        initial["member"] = int_param(request.GET["member"])
    form = VisitForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                request.user,
                office,
                member=data["member"],
                date=data["date"],
                staff=data["staff"],
                visitors=data["visitors"],
                discussed=data["discussed"],
                opinions=data["opinions"],
                care_notes=data["care_notes"],
                activity=data["activity"],
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("visit_detail", visit.pk)
    return render(request, "activities/visit_form.html", {"form": form, "office": office})


@perm_required(Perm.OFFICE_MANAGE)
def visit_detail(request, pk):
    visit = get_object_or_404(
        _visits(request)
        .select_related("member", "office", "activity")
        .prefetch_related("staff", "visitors"),
        pk=pk,
    )
    return render(request, "activities/visit_detail.html", {"visit": visit})


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def visit_delete(request, pk):
    visit = get_object_or_404(_visits(request), pk=pk)
    services_record.remove_visit(request.user, visit)
    messages.success(request, _("Deleted."))
    return redirect("visit_list")


@perm_required(Perm.OFFICE_MANAGE)
def visit_coverage(request):
    """Serving members visited fewer than twice this year, office by office."""
    today = timezone.localdate()
    year = request.GET.get("year", "")
    if int_param(year, low=2000, high=today.year) is None:
        if year:
            messages.warning(request, _("“%(year)s” is not a year.") % {"year": year})
        year = today.year
    year = int(year)
    offices = organizations_for(request.user, Perm.OFFICE_MANAGE).filter(kind="liaison_office")
    rows = [
        {"office": office, "members": list(members_short_of_visits([office], year))}
        for office in offices[:20]
    ]
    return render(
        request,
        "activities/visit_coverage.html",
        {"rows": rows, "year": year, "target": VISITS_PER_MEMBER},
    )
