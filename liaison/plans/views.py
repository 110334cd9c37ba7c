"""Plans, requests for instruction and work reports: thin views over plans.services."""

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.members.access import managed_office
from liaison.orgs.access import Perm, can, perm_required
from liaison.plans import services
from liaison.plans.access import get_visible, may_manage, may_review, visible
from liaison.plans.exports import export, wants_export
from liaison.plans.forms import (
    CommentForm,
    DecisionForm,
    IncorporateForm,
    PlanForm,
    PlanItemForm,
    ProgressForm,
    ReportForm,
    ReportStartForm,
    RequestForm,
)
from liaison.plans.models import (
    InstructionRequest,
    PlanItem,
    PlanStatus,
    WorkPlan,
    WorkReport,
)

SEE = (Perm.OFFICE_VIEW, Perm.REVIEW)


def _managed(model, request, pk):
    obj = get_visible(model, request.user, pk)
    if not may_manage(request.user, obj):
        raise Http404
    return obj


def _edit(request, model, form_class, save, pk, template, extra_initial=None):
    """Create or edit a plan, request or report: the office's text and the bodies it goes to."""
    obj = _managed(model, request, pk) if pk else model(office=managed_office(request))
    form = form_class(request.POST or None, instance=obj, office=obj.office, initial=extra_initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(request.user, obj, form.cleaned_data["bodies"], **form.values())
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": obj})
            return redirect(obj)
    return render(
        request, template, {"form": form, "obj": obj, "heading": model._meta.verbose_name}
    )


def _act(request, obj, call):
    try:
        call()
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Done."))
    return redirect(obj)


# --- Plans ----------------------------------------------------------------------------------


@perm_required(*SEE)
def plan_list(request):
    plans = visible(WorkPlan, request.user).select_related("office").order_by("-year", "office")
    year = request.GET.get("year", "")
    if year.isdecimal():
        plans = plans.filter(year=int(year))
    if wants_export(request):
        return export(
            request,
            "plans",
            _("Annual work plans"),
            plans,
            [
                (_("Year"), lambda p: p.year),
                (_("Title"), lambda p: p.title),
                (_("Office"), lambda p: str(p.office)),
                (_("Status"), lambda p: p.get_status_display()),
            ],
            {"year": year},
        )
    return render(
        request,
        "plans/plan_list.html",
        {"page": paginate(request, plans), "can_manage": can(request.user, Perm.OFFICE_MANAGE)},
    )


@perm_required(Perm.OFFICE_MANAGE)
def plan_edit(request, pk=None):
    initial = None if pk else {"year": timezone.localdate().year}
    return _edit(request, WorkPlan, PlanForm, services.save_plan, pk, "plans/form.html", initial)


@perm_required(*SEE)
def plan_detail(request, pk):
    plan = get_visible(WorkPlan, request.user, pk)
    manage, review = may_manage(request.user, plan), may_review(request.user, plan)
    comments = list(plan.comments.select_related("author", "item"))
    progress = [
        (item, done, [c for c in comments if c.item_id == item.pk])
        for item, done in services.item_progress(plan)
    ]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "progress": progress,
            "plan_comments": [c for c in comments if c.item_id is None],
            "bodies": plan.review_bodies.all(),
            "can_manage": manage,
            "can_review": review,
            "editable": manage and plan.status in WorkPlan.EDITABLE,
            "can_submit": manage and plan.status in (PlanStatus.DRAFT, PlanStatus.COMMENTED),
            "can_comment": review and PlanStatus.COMMENTED in WorkPlan.TRANSITIONS[plan.status],
            "can_approve": review and PlanStatus.APPROVED in WorkPlan.TRANSITIONS[plan.status],
            "can_incorporate": review and plan.status == PlanStatus.APPROVED,
            "item_form": PlanItemForm(initial={"order": len(progress) + 1}),
            "comment_form": CommentForm(),
            "incorporate_form": IncorporateForm(initial={"on": timezone.localdate()}),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def item_edit(request, plan_pk, pk=None):
    plan = _managed(WorkPlan, request, plan_pk)
    item = get_object_or_404(PlanItem, pk=pk, plan=plan) if pk else PlanItem(plan=plan)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_item(request.user, item, **form.values())
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(plan)
    return render(
        request,
        "plans/form.html",
        {"form": form, "obj": item, "back": plan, "heading": PlanItem._meta.verbose_name},
    )


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def item_delete(request, plan_pk, pk):
    plan = _managed(WorkPlan, request, plan_pk)
    item = get_object_or_404(PlanItem, pk=pk, plan=plan)
    return _act(request, plan, lambda: services.delete_item(request.user, item))


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def item_progress(request, plan_pk, pk):
    plan = _managed(WorkPlan, request, plan_pk)
    item = get_object_or_404(PlanItem, pk=pk, plan=plan)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a whole number of 0 or more."))
        return redirect(plan)
    return _act(
        request, plan, lambda: services.note_progress(request.user, item, **form.cleaned_data)
    )


@perm_required(*SEE)
@require_POST
def plan_action(request, pk, action):
    plan = get_visible(WorkPlan, request.user, pk)
    if action == "submit":
        return _act(request, plan, lambda: services.submit_plan(request.user, plan))
    if action == "approve":
        return _act(request, plan, lambda: services.approve_plan(request.user, plan))
    if action == "incorporate":
        form = IncorporateForm(request.POST)
        on = form.cleaned_data["on"] if form.is_valid() else None
        return _act(request, plan, lambda: services.incorporate_plan(request.user, plan, on))
    if action == "comment":
        form = CommentForm(request.POST)
        body = form.cleaned_data["body"] if form.is_valid() else ""
        item_pk = request.POST.get("item", "")
        item = plan.items.filter(pk=item_pk).first() if item_pk.isdecimal() else None
        return _act(request, plan, lambda: services.comment_plan(request.user, plan, body, item))
    raise Http404


# --- Requests for instruction ---------------------------------------------------------------


@perm_required(*SEE)
def request_list(request):
    rows = visible(InstructionRequest, request.user).select_related("office", "activity")
    if wants_export(request):
        return export(
            request,
            "requests",
            _("Requests for instruction"),
            rows,
            [
                (_("Title"), lambda r: r.title),
                (_("Office"), lambda r: str(r.office)),
                (_("Concerns"), lambda r: str(r.activity or r.matter)),
                (_("Proposed date"), lambda r: r.proposed_date),
                (_("Status"), lambda r: r.get_status_display()),
                (_("Instruction or remarks"), lambda r: r.decision_comment),
            ],
        )
    return render(
        request,
        "plans/request_list.html",
        {"page": paginate(request, rows), "can_manage": can(request.user, Perm.OFFICE_MANAGE)},
    )


@perm_required(Perm.OFFICE_MANAGE)
def request_edit(request, pk=None):
    initial = {}
    activity = request.GET.get("activity", "")
    if not pk and activity.isdecimal():
        initial["activity"] = int(activity)
    return _edit(
        request,
        InstructionRequest,
        RequestForm,
        services.save_request,
        pk,
        "plans/form.html",
        initial,
    )


@perm_required(*SEE)
def request_detail(request, pk):
    obj = get_visible(InstructionRequest, request.user, pk)
    return render(
        request,
        "plans/request_detail.html",
        {
            "obj": obj,
            "bodies": obj.review_bodies.all(),
            "can_manage": may_manage(request.user, obj),
            "can_review": may_review(request.user, obj),
            "decision_form": DecisionForm(),
        },
    )


@perm_required(*SEE)
@require_POST
def request_action(request, pk, action):
    obj = get_visible(InstructionRequest, request.user, pk)
    comment = request.POST.get("comment", "")[:3000]
    calls = {
        "submit": lambda: services.submit_request(request.user, obj),
        "approve": lambda: services.decide_request(request.user, obj, True, comment),
        "refuse": lambda: services.decide_request(request.user, obj, False, comment),
    }
    if action not in calls:
        raise Http404
    return _act(request, obj, calls[action])


# --- Work reports ---------------------------------------------------------------------------


@perm_required(*SEE)
def report_list(request):
    rows = visible(WorkReport, request.user).select_related("office")
    if wants_export(request):
        return export(
            request,
            "reports",
            _("Work reports"),
            rows,
            [
                (_("Title"), lambda r: r.title),
                (_("Office"), lambda r: str(r.office)),
                (_("Kind"), lambda r: r.get_kind_display()),
                (_("Period from"), lambda r: r.period_start),
                (_("Period to"), lambda r: r.period_end),
                (_("Status"), lambda r: r.get_status_display()),
            ],
        )
    return render(
        request,
        "plans/report_list.html",
        {
            "page": paginate(request, rows),
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
            "start_form": ReportStartForm(),
        },
    )


@perm_required(Perm.OFFICE_MANAGE)
def report_create(request):
    """From a chosen period to an edit form holding a draft written from its figures."""
    office = managed_office(request)
    start = ReportStartForm(request.GET)
    if not start.is_valid():
        return render(request, "plans/report_start.html", {"form": start})
    data = start.cleaned_data
    kind = dict(WorkReport.Kind.choices)[data["kind"]]
    initial = {
        **data,
        "title": _("%(office)s %(kind)s work report, %(start)s to %(end)s")
        % {
            "office": office,
            "kind": kind,
            "start": data["period_start"],
            "end": data["period_end"],
        },
        "body": services.draft_report_text(office, data["period_start"], data["period_end"]),
    }
    if request.method == "POST":
        return _edit(request, WorkReport, ReportForm, services.save_report, None, "plans/form.html")
    return _edit(
        request, WorkReport, ReportForm, services.save_report, None, "plans/form.html", initial
    )


@perm_required(Perm.OFFICE_MANAGE)
def report_edit(request, pk):
    return _edit(request, WorkReport, ReportForm, services.save_report, pk, "plans/form.html")


@perm_required(*SEE)
def report_detail(request, pk):
    obj = get_visible(WorkReport, request.user, pk)
    return render(
        request,
        "plans/report_detail.html",
        {
            "obj": obj,
            "bodies": obj.review_bodies.all(),
            "can_manage": may_manage(request.user, obj),
            "can_review": may_review(request.user, obj),
            "decision_form": DecisionForm(),
        },
    )


@perm_required(*SEE)
@require_POST
def report_action(request, pk, action):
    obj = get_visible(WorkReport, request.user, pk)
    calls = {
        "submit": lambda: services.submit_report(request.user, obj),
        "acknowledge": lambda: services.acknowledge_report(
            request.user, obj, request.POST.get("comment", "")[:3000]
        ),
    }
    if action not in calls:
        raise Http404
    return _act(request, obj, calls[action])


@perm_required(*SEE)
def report_docx(request, pk):
    from docx import Document

    obj = get_visible(WorkReport, request.user, pk)
    document = Document()
    document.add_heading(obj.title, level=1)
    document.add_paragraph(f"{obj.office} · {obj.period_start} – {obj.period_end}")
    for paragraph in obj.body.splitlines():
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{obj.pk}.docx"'
    from liaison.orgs.audit import log_action

    log_action(obj, "export", request.user, {"format": "docx"})
    return response
