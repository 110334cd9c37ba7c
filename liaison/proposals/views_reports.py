"""社情民意: list, drafting, the office's edited version, sign-off, submission, adoption,
instructions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.members.access import managed_office
from liaison.orgs.access import Perm, can, perm_required
from liaison.proposals import forms, services
from liaison.proposals.access import (
    get_report,
    may_decide,
    may_direct,
    may_manage,
    my_member,
    require,
    visible_reports,
)
from liaison.proposals.models import REPORT_WARN, ReportState, SocialSentimentReport

ANY = (Perm.OFFICE_VIEW, Perm.MEMBER_SELF)


@perm_required(*ANY)
def report_list(request):
    reports = visible_reports(request.user)
    filters = {}
    year = request.GET.get("year", "")
    if year.isdigit():
        filters["year"] = year
        reports = reports.filter(year=int(year))
    office = request.GET.get("office", "")
    if office.isdigit():
        reports = reports.filter(office_id=int(office))
    state = request.GET.get("state", "")
    if state in ReportState.values:
        filters["state"] = state
        reports = reports.filter(state=state)
    if request.GET.get("adopted") == "1":
        reports = reports.filter(adoptions__isnull=False).distinct()
    return render(
        request,
        "proposals/report_list.html",
        {
            "page": paginate(
                request, reports.select_related("office").order_by("-year", "-created_at")
            ),
            "filters": filters,
            "states": ReportState.choices,
            "can_draft": my_member(request.user) is not None
            or can(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(*ANY)
def report_edit(request, pk=None):
    if pk:
        report = get_report(request.user, pk)
        require(may_manage(request.user, report.office) or report.created_by_id == request.user.pk)
        if report.state != ReportState.DRAFT:
            messages.error(request, _("Only a draft report can be edited."))
            return redirect(report)
        office = report.office
    else:
        me = my_member(request.user)
        if can(request.user, Perm.OFFICE_MANAGE):
            office = managed_office(request)
        elif me is not None:
            office = me.office
        else:
            raise PermissionDenied
        report = SocialSentimentReport(office=office)
    form = forms.ReportForm(request.POST or None, instance=report, office=office)
    if not pk and request.method == "GET":
        me = my_member(request.user)
        if me is not None:
            form.initial["submitters"] = [me.pk]
    if request.method == "POST" and form.is_valid():
        fields = {n: form.cleaned_data[n] for n in form.Meta.fields if n != "submitters"}
        try:
            report = services.save_report(
                request.user, report, submitters=form.cleaned_data["submitters"], **fields
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": report.title})
            if report.too_long:
                messages.warning(
                    request,
                    _(
                        "The report is %(n)d characters long; keep it within %(max)d, "
                        "one matter per report."
                    )
                    % {"n": report.length, "max": REPORT_WARN},
                )
            return redirect(report)
    return render(
        request,
        "proposals/report_form.html",
        {"form": form, "report": report, "limit": REPORT_WARN},
    )


@perm_required(*ANY)
def report_detail(request, pk):
    report = get_report(request.user, pk)
    manage = may_manage(request.user, report.office)
    return render(
        request,
        "proposals/report_detail.html",
        {
            "report": report,
            "manage": manage,
            "direct": may_direct(request.user, report.office),
            "decide": may_decide(request.user, report.office),
            "limit": REPORT_WARN,
            "edit_form": forms.ReportEditForm(instance=report),
            "adoption_form": forms.AdoptionForm(),
            "instruction_form": forms.InstructionForm(),
            "submitters": report.submitters.all(),
            "adoptions": report.adoptions.all(),
            "instructions": report.instructions.all(),
        },
    )


@perm_required(*ANY)
@require_POST
def report_action(request, pk, action):
    report = get_report(request.user, pk)
    user, office = request.user, report.office
    allowed = {
        "edit": may_manage(user, office),
        "sign": may_direct(user, office),
        "withdraw": may_direct(user, office),
        "submit": may_manage(user, office),
        "adopt": may_decide(user, office),
        "instruct": may_decide(user, office),
        "excellent": may_decide(user, office),
    }
    require(allowed.get(action, False))
    try:
        match action:
            case "edit":
                form = forms.ReportEditForm(request.POST, instance=report)
                _valid(form)
                services.save_report(user, report, **form.cleaned_data)
            case "sign":
                services.sign_off(user, report)
            case "withdraw":
                services.withdraw_sign_off(user, report)
            case "submit":
                services.submit_report(user, report)
            case "adopt":
                form = forms.AdoptionForm(request.POST)
                _valid(form)
                services.add_adoption(user, report, **form.cleaned_data)
            case "instruct":
                form = forms.InstructionForm(request.POST)
                _valid(form)
                services.add_instruction(user, report, **form.cleaned_data)
            case "excellent":
                services.set_report_excellent(user, report, request.POST.get("value") == "1")
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Done."))
    return redirect(report)


def _valid(form):
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        raise Refusal("invalid", "；".join(errors))
