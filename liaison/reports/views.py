"""Office dashboard, district overview and workbook, the annual summary and its documents."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.figures import target_parts
from liaison.orgs.access import Perm, can, chosen_among, organizations_for, perm_required
from liaison.orgs.audit import log_action
from liaison.orgs.models import Organization
from liaison.reports import documents, services, stats, stored, summary
from liaison.reports.forms import SummaryForm
from liaison.reports.models import AnnualSummary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request) -> int:
    value = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if value.isdigit() and 2000 <= int(value) <= this_year + 1:
        return int(value)
    if value:
        messages.warning(request, _("“%(year)s” is not a year.") % {"year": value})
    return this_year


def _chosen(request, perm: Perm, kind: str):
    """The organization of `kind` chosen by ?office= (or ?district=) among those the user
    reaches, else the first; 404 for one outside their reach."""
    choices = organizations_for(request.user, perm).filter(kind=kind, is_active=True)
    key = "district" if kind == Organization.Kind.DISTRICT_CPPCC else "office"
    return chosen_among(choices, request.GET.get(key, "") or request.POST.get(key, ""))


def _office(request):
    return _chosen(request, Perm.OFFICE_VIEW, Organization.Kind.LIAISON_OFFICE)


@perm_required(Perm.OFFICE_VIEW)
def dashboard(request):
    office, offices = _office(request)
    year = _year(request)
    counted, split, parts = stored.figures_and_parts([office.pk], year, target_parts())
    found = (counted, split)
    return render(
        request,
        "reports/dashboard.html",
        {
            "office": office,
            "offices": offices,
            "year": year,
            "families": stats.office_families(office, year, found=found, parts=parts),
            "charts": stats.charts(office, year, found),
            "can_manage": can(request.user, Perm.OFFICE_MANAGE, office),
        },
    )


@perm_required(Perm.DISTRICT_VIEW)
def district(request):
    district, districts = _chosen(request, Perm.DISTRICT_VIEW, Organization.Kind.DISTRICT_CPPCC)
    year = _year(request)
    sort = request.GET.get("sort", "")
    ascending = request.GET.get("dir") == "asc"
    offices = stats.offices_under(district)
    if request.GET.get("format") == "xlsx":
        content = documents.district_workbook(district, offices, year)
        log_action(district, "export", request.user, {"what": "district_workbook", "year": year})
        return _download(content, XLSX, f"district-{district.pk}-{year}.xlsx")
    figures, rows, totals = stats.district_table(offices, year, sort, not ascending)
    return render(
        request,
        "reports/district.html",
        {
            "district": district,
            "districts": districts,
            "year": year,
            "figures": figures,
            "rows": [(office, [counted[f.code] for f in figures]) for office, counted in rows],
            "totals": [totals[f.code] for f in figures],
            "sort": sort,
            "ascending": ascending,
        },
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@perm_required(Perm.OFFICE_VIEW)
def annual_summary(request):
    office, offices = _office(request)
    year = _year(request) if request.method == "GET" else int(request.POST.get("year") or 0)
    may_edit = can(request.user, Perm.OFFICE_MANAGE, office)
    saved = AnnualSummary.objects.filter(office=office, year=year).first()
    form = SummaryForm(request.POST if request.method == "POST" else None, instance=saved)
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if not 2000 <= year <= timezone.localdate().year + 1:
            messages.error(request, _("Choose a year."))
        elif form.is_valid():
            services.save_summary(request.user, office, year, **form.cleaned_data)
            messages.success(request, _("Summary saved."))
            return redirect(f"{request.path}?office={office.pk}&year={year}")
    built = summary.build(office, year, saved if request.method == "GET" else summary.UNSAVED)
    fmt = request.GET.get("format", "")
    if fmt in ("docx", "pdf", "xlsx"):
        log_action(office, "summary_download", request.user, {"year": year, "format": fmt})
        name = f"summary-{office.pk}-{year}.{fmt}"
        if fmt == "docx":
            return _download(documents.summary_docx(built), DOCX, name)
        if fmt == "pdf":
            return _download(documents.summary_pdf(built, request), "application/pdf", name)
        return _download(documents.office_workbook(office, year, built), XLSX, name)
    return render(
        request,
        "reports/summary.html",
        {
            "office": office,
            "offices": offices,
            "year": year,
            "summary": built,
            "form": form if may_edit else None,
            "empty_text": documents.EMPTY_TEXT,
        },
    )
