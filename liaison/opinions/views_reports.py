"""The forwarding report, the department scorecard, and the administrator's settings
(categories with their default deadlines, the working-day calendar)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.exports import XLSX
from liaison.opinions import reports
from liaison.opinions.forms import CalendarDayForm, CategoryForm, PeriodForm
from liaison.opinions.models import Category
from liaison.orgs.access import Perm, chosen_among, organizations_for, perm_required
from liaison.orgs.audit import log_action, save_with_audit
from liaison.workdays import services as workdays
from liaison.workdays.models import CalendarDay

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request):
    today = timezone.localdate()
    initial = {"start": datetime.date(today.year, 1, 1), "end": today}
    form = PeriodForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, initial["start"], initial["end"]


def _viewed_office(request):
    offices = organizations_for(request.user, Perm.OFFICE_VIEW).filter(kind="liaison_office")
    return chosen_among(offices, request.GET.get("office", ""))


@perm_required(Perm.OFFICE_VIEW)
def forwarding_report(request):
    office, offices = _viewed_office(request)
    form, start, end = _period(request)
    fmt = request.GET.get("format", "")
    if fmt in ("docx", "xlsx") and (form.is_valid() or not request.GET.get("start")):
        body, content_type = (
            (reports.forwarding_docx(office, start, end), DOCX)
            if fmt == "docx"
            else (reports.forwarding_xlsx(office, start, end), XLSX)
        )
        log_action(
            None,
            "export",
            request.user,
            {"export": "opinions_forwarding", "format": fmt, "start": start, "end": end},
            organization=office,
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="opinions-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"'
        )
        return response
    return render(
        request,
        "opinions/report.html",
        {
            "form": form,
            "office": office,
            "offices": offices,
            "groups": reports.forwarding_rows(office, start, end),
            "start": start,
            "end": end,
        },
    )


@perm_required(Perm.OFFICE_VIEW)
def scorecard(request):
    office, offices = _viewed_office(request)
    form, start, end = _period(request)
    return render(
        request,
        "opinions/scorecard.html",
        {
            "form": form,
            "office": office,
            "offices": offices,
            "rows": reports.scorecard([office.pk], start, end),
            "start": start,
            "end": end,
        },
    )


@perm_required(Perm.SETTINGS_MANAGE)
def categories(request, pk=None):
    item = get_object_or_404(Category, pk=pk) if pk else Category()
    form = CategoryForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            save_with_audit(item, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("opinion_categories")
    return render(
        request,
        "opinions/categories.html",
        {"form": form, "item": item, "categories": Category.objects.all()},
    )


@perm_required(Perm.SETTINGS_MANAGE)
def calendar(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workdays.set_day(request.user, data["date"], data["kind"], data["name"])
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?year={data['date'].year}")
    return render(
        request,
        "opinions/calendar.html",
        {
            "form": form,
            "year": year,
            "days": CalendarDay.objects.filter(date__year=year),
            "years": [year - 1, year, year + 1],
        },
    )


@perm_required(Perm.SETTINGS_MANAGE)
@require_POST
def calendar_remove(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    workdays.clear_day(request.user, day)
    messages.success(request, _("Removed."))
    return redirect(f"{reverse_calendar()}?year={day.date.year}")


def reverse_calendar():
    from django.urls import reverse

    return reverse("opinion_calendar")
