"""Every rule-bearing write on plans, requests for instruction and work reports."""

import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.notify.services import notify
from liaison.orgs.audit import log_action, save_with_audit
from liaison.plans.access import may_manage, may_review, review_candidates
from liaison.plans.models import (
    InstructionRequest,
    PlanComment,
    PlanItem,
    PlanStatus,
    ReportStatus,
    RequestStatus,
    WorkPlan,
    WorkReport,
)


def _reviewers(obj):
    from liaison.orgs.models import User

    return User.objects.filter(
        is_active=True,
        role_assignments__role="reviewer",
        role_assignments__organization__in=obj.review_bodies.all(),
    ).distinct()


def _office_staff(obj):
    from liaison.members.services import office_leaders

    return office_leaders(obj.office)


def require_office(actor, obj) -> None:
    """Only the office writes its own text: reviewers and everyone else are refused."""
    if not may_manage(actor, obj):
        raise Refusal("not_the_office", _("Only the liaison office can change its own text."))


def require_editable(actor, obj) -> None:
    require_office(actor, obj)
    if obj.pk is None:
        return
    # The stored status, locked: the object in hand may be stale (a form opened earlier).
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if current.status not in obj.EDITABLE:
        raise Refusal(
            "not_editable",
            _("A record that is “%(status)s” can no longer be edited.")
            % {"status": current.get_status_display()},
        )


def _move(actor, obj, target: str, **fields):
    """Check the transition (written once on the model) and who may make it, then save."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if target not in obj.TRANSITIONS[obj.status]:
        raise Refusal(
            "transition_refused",
            _("A record that is “%(now)s” cannot become “%(target)s”.")
            % {
                "now": obj.get_status_display(),
                "target": dict(type(obj)._meta.get_field("status").choices)[target],
            },
        )
    if target in obj.REVIEWER_MOVES:
        if not may_review(actor, obj):
            raise Refusal("not_a_reviewer", _("Only the bodies it was sent to can decide this."))
    else:
        require_office(actor, obj)
    before = obj.status
    obj.status = target
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.save()
    log_action(obj, "status", actor, {"changes": {"status": [before, target]}})
    return obj


def _check_bodies(obj, bodies):
    bodies = list(bodies)
    allowed = set(review_candidates(obj.office).values_list("pk", flat=True))
    if not bodies or any(b.pk not in allowed for b in bodies):
        raise Refusal(
            "review_bodies", _("Choose the Party working committee or the sub-district office.")
        )
    return bodies


def _save_reviewed(actor, obj, bodies, **fields):
    require_editable(actor, obj)
    if bodies is not None:
        bodies = _check_bodies(obj, bodies)
    obj = save_with_audit(obj, actor, **fields)
    if bodies is not None:
        obj.review_bodies.set(bodies)
    return obj


def _submit(actor, obj, target):
    obj = _move(actor, obj, target, submitted_at=timezone.now())
    notify(
        _reviewers(obj),
        "plans.review",
        obj,
        _("%(office)s asks for your review: %(title)s")
        % {"office": obj.office, "title": obj.title},
    )
    return obj


def _decide(actor, obj, target, comment=None):
    fields = {"decided_by": actor, "decided_at": timezone.now()}
    if comment is not None:
        fields["decision_comment"] = comment
    obj = _move(actor, obj, target, **fields)
    notify(
        _office_staff(obj),
        "plans.decision",
        obj,
        _("%(title)s: %(status)s") % {"title": obj.title, "status": obj.get_status_display()},
    )
    return obj


# --- Annual work plan -----------------------------------------------------------------------


@transaction.atomic
def save_plan(actor, plan: WorkPlan, bodies=None, **fields) -> WorkPlan:
    if (
        plan.pk is None
        and WorkPlan.objects.filter(office=plan.office, year=fields.get("year", plan.year)).exists()
    ):
        raise Refusal("plan_exists", _("This office already has a plan for that year."))
    return _save_reviewed(actor, plan, bodies, **fields)


def _check_item(item):
    if item.activity_type_id and item.duty_kind:
        raise Refusal(
            "item_two_links", _("Link an item to an activity type or a duty kind, not both.")
        )
    if item.duty_kind:
        from liaison.duty.kinds import get_kind

        if get_kind(item.duty_kind) is None:
            raise Refusal("item_kind", _("Unknown kind of duty record."))


@transaction.atomic
def save_item(actor, item: PlanItem, **fields) -> PlanItem:
    plan = WorkPlan.objects.select_for_update().get(pk=item.plan_id)
    require_editable(actor, plan)
    return save_with_audit(item, actor, check=_check_item, **fields)


@transaction.atomic
def delete_item(actor, item: PlanItem) -> None:
    from liaison.orgs.audit import delete_with_audit

    require_editable(actor, WorkPlan.objects.select_for_update().get(pk=item.plan_id))
    delete_with_audit(item, actor)


@transaction.atomic
def note_progress(actor, item: PlanItem, *, manual_done: int, notes: str) -> PlanItem:
    """Progress is the office's to record at any stage of the plan's year."""
    require_office(actor, item.plan)
    if item.is_linked:
        manual_done = item.manual_done  # counted from the data it is linked to
    return save_with_audit(item, actor, manual_done=manual_done, notes=notes)


@transaction.atomic
def submit_plan(actor, plan: WorkPlan) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.items.exists():
        raise Refusal("plan_empty", _("Add at least one item before submitting the plan."))
    target = PlanStatus.SUBMITTED if plan.status == PlanStatus.DRAFT else PlanStatus.REVISED
    return _submit(actor, plan, target)


@transaction.atomic
def comment_plan(actor, plan: WorkPlan, body: str, item: PlanItem | None = None) -> PlanComment:
    body = (body or "").strip()
    if not body:
        raise Refusal("comment_empty", _("Write the comment first."))
    if item is not None and item.plan_id != plan.pk:
        raise Refusal("item_other_plan", _("That item belongs to another plan."))
    _move(actor, plan, PlanStatus.COMMENTED)
    comment = PlanComment.objects.create(plan=plan, item=item, author=actor, body=body)
    log_action(plan, "comment", actor, {"item": str(item or ""), "comment": body})
    notify(
        _office_staff(plan),
        "plans.decision",
        plan,
        _("%(who)s commented on %(title)s.") % {"who": actor.label, "title": plan.title},
    )
    return comment


@transaction.atomic
def approve_plan(actor, plan: WorkPlan) -> WorkPlan:
    return _decide(actor, plan, PlanStatus.APPROVED)


@transaction.atomic
def incorporate_plan(actor, plan: WorkPlan, on: datetime.date) -> WorkPlan:
    if on is None or on > timezone.localdate():
        raise Refusal("incorporated_date", _("Give the date, not later than today."))
    return _move(actor, plan, PlanStatus.INCORPORATED, incorporated_on=on)


def item_progress(plan: WorkPlan) -> list[tuple[PlanItem, int]]:
    """Each item with what is done: counted from the data it is linked to (closed activities
    of the type in the plan's year; duty records of the kind), else by hand. Three queries."""
    from liaison.activities.models import Activity, Status
    from liaison.duty.models import DutyRecord

    items = list(plan.items.select_related("activity_type"))
    types = {i.activity_type_id for i in items if i.activity_type_id}
    kinds = {i.duty_kind for i in items if i.duty_kind}
    by_type = by_kind = {}
    if types:
        by_type = dict(
            Activity.objects.filter(
                office=plan.office,
                starts_at__year=plan.year,
                type__in=types,
                status__in=[Status.CLOSED, Status.ARCHIVED],
            )
            .values_list("type")
            .annotate(n=Count("pk"))
        )
    if kinds:
        by_kind = dict(
            DutyRecord.objects.filter(office=plan.office, year=plan.year, kind__in=kinds)
            .values_list("kind")
            .annotate(n=Sum("quantity"))
        )
    return [
        (
            item,
            by_type.get(item.activity_type_id, 0)
            if item.activity_type_id
            else by_kind.get(item.duty_kind, 0)
            if item.duty_kind
            else item.manual_done,
        )
        for item in items
    ]


# --- Requests for instruction ---------------------------------------------------------------


def _check_request(request: InstructionRequest):
    if request.activity_id and request.activity.office_id != request.office_id:
        raise Refusal("request_other_office", _("That activity belongs to another office."))
    if not request.activity_id and not request.matter.strip():
        raise Refusal("request_subject", _("Name the activity or the matter it concerns."))


@transaction.atomic
def save_request(actor, request: InstructionRequest, bodies=None, **fields):
    require_editable(actor, request)
    if bodies is not None:
        bodies = _check_bodies(request, bodies)
    request = save_with_audit(request, actor, check=_check_request, **fields)
    if bodies is not None:
        request.review_bodies.set(bodies)
    return request


@transaction.atomic
def submit_request(actor, request: InstructionRequest):
    return _submit(actor, request, RequestStatus.SUBMITTED)


@transaction.atomic
def decide_request(actor, request: InstructionRequest, approve: bool, comment: str = ""):
    comment = (comment or "").strip()
    if not approve and not comment:
        raise Refusal("refusal_reason", _("Say why the request is refused."))
    target = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    return _decide(actor, request, target, comment)


def major_activity_gate(activity) -> None:
    """Publish check for liaison.activities: a major activity needs an approved 请示."""
    if (
        activity.is_major
        and not InstructionRequest.objects.filter(
            activity_id=activity.pk, status=RequestStatus.APPROVED
        ).exists()
    ):
        raise Refusal(
            "instruction_required",
            _(
                "A major activity can only be published once its request for instruction is "
                "approved."
            ),
        )


# --- Work reports ---------------------------------------------------------------------------


def draft_report_text(office, start: datetime.date, end: datetime.date) -> str:
    """The period's figures, one line each and grouped by family, read through the figures
    registry: a figure any app registers appears here without this code knowing the app."""
    from liaison.core.figures import all_figures

    lines = [
        _("%(office)s: work from %(start)s to %(end)s")
        % {"office": office, "start": start.isoformat(), "end": end.isoformat()},
        "",
    ]
    family = None
    for figure in all_figures():
        if figure.family != family:
            family = figure.family
            lines.append("")
        value = figure.count([office.pk], start, end).get(office.pk, 0)
        lines.append(f"{figure.label}：{value}{figure.unit}")
    lines += ["", _("Work in the period and next steps:"), ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def _check_report(report: WorkReport):
    if report.period_start and report.period_end and report.period_end < report.period_start:
        raise Refusal("period_order", _("The period cannot end before it starts."))


@transaction.atomic
def save_report(actor, report: WorkReport, bodies=None, **fields) -> WorkReport:
    require_editable(actor, report)
    if bodies is not None:
        bodies = _check_bodies(report, bodies)
    report = save_with_audit(report, actor, check=_check_report, **fields)
    if bodies is not None:
        report.review_bodies.set(bodies)
    return report


@transaction.atomic
def submit_report(actor, report: WorkReport) -> WorkReport:
    return _submit(actor, report, ReportStatus.SUBMITTED)


@transaction.atomic
def acknowledge_report(actor, report: WorkReport, comment: str = "") -> WorkReport:
    return _decide(actor, report, ReportStatus.ACKNOWLEDGED, (comment or "").strip())
