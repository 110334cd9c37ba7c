"""Every rule-bearing write on proposals and social-sentiment reports.

Views check who may press which button (access.py); these functions check the state
(TRANSITIONS, written once in models.py), write the audit log, feed the duty ledger and send
notifications, each in one transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.duty import services as duty
from liaison.duty.kinds import Entry
from liaison.members.services import office_leaders
from liaison.notify.services import notify
from liaison.orgs.audit import log_action, save_with_audit
from liaison.proposals import similarity
from liaison.proposals.models import (
    ACCEPTED,
    EDITABLE,
    OPEN_FOR_COSIGNING,
    REPORT_TRANSITIONS,
    SECTION_MAX,
    TRANSITIONS,
    Adoption,
    CoSigner,
    Evaluation,
    Instruction,
    Level,
    Proposal,
    ProposalAttachment,
    Reply,
    ReportState,
    SocialSentimentReport,
    State,
)

LEAD = "proposals.lead"
COSIGN = "proposals.cosign"
REGISTERED = "proposals.registered"
KEY = "proposals.key"
EXCELLENT = "proposals.excellent"
REPORT_SUBMITTED = "proposals.report_submitted"
ADOPTED = {level: f"proposals.adopted_{level}" for level in Level.values}
INSTRUCTION = "proposals.instruction"

COSIGN_DAYS = 7  # default time co-signers have to confirm
REPLY_MONTHS, REPLY_MONTHS_MAX = 3, 6
SECTIONS = ("situation", "analysis", "suggestions")
REPORT_SECTIONS = ("problem", "suggestions", "edited_problem", "edited_suggestions")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _users(members):
    return [m.user for m in members if m is not None and m.user_id is not None]


def _check_origin(proposal) -> None:
    for origin in (proposal.research_project, proposal.opinion):
        if origin is not None and origin.office_id != proposal.office_id:
            raise Refusal(
                "origin_other_office",
                _("A proposal can only grow from a research project or opinion of its office."),
            )


def _check_lengths(obj, fields):
    # TextField.max_length only sizes the form widget; the rule is enforced here.
    for name in fields:
        value = getattr(obj, name, "") or ""
        if len(value) > SECTION_MAX:
            label = type(obj)._meta.get_field(name).verbose_name
            raise Refusal(
                "section_too_long",
                _("“%(field)s” is %(n)d characters long; at most %(max)d are allowed.")
                % {"field": label, "n": len(value), "max": SECTION_MAX},
            )


def _move(actor, proposal: Proposal, target: str, **fields) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if target not in TRANSITIONS[State(proposal.state)]:
        raise Refusal(
            "transition_refused",
            _("A proposal that is “%(now)s” cannot become “%(target)s”.")
            % {"now": proposal.get_state_display(), "target": State(target).label},
        )
    before = proposal.state
    proposal.state = target
    for key, value in fields.items():
        setattr(proposal, key, value)
    proposal.updated_at = timezone.now()
    proposal.save()
    log_action(
        proposal,
        "status",
        actor,
        {"changes": {"state": [before, target]}, **{k: str(v) for k, v in fields.items()}},
    )
    return proposal


# --- Drafting -------------------------------------------------------------------------------


@transaction.atomic
def save_proposal(actor, proposal: Proposal, **fields) -> Proposal:
    """Create or edit a proposal while it is a draft or returned for revision."""
    if proposal.pk and proposal.state not in EDITABLE:
        raise Refusal("proposal_locked", _("Only a draft or a returned proposal can be edited."))
    if proposal.pk is None:
        proposal.year = proposal.year or timezone.localdate().year
        if getattr(actor, "is_authenticated", False):
            proposal.created_by = actor
    fields["updated_at"] = timezone.now()
    proposal = save_with_audit(
        proposal,
        actor,
        check=lambda p: (_check_origin(p), _check_lengths(p, SECTIONS)),
        **fields,
    )
    similarity.update_entry(proposal)
    return proposal


@transaction.atomic
def invite_cosigners(actor, proposal: Proposal, members, deadline=None) -> int:
    """Invite co-signers (联名); they confirm online before `cosign_deadline`."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in EDITABLE:
        raise Refusal("proposal_locked", _("Only a draft or a returned proposal can be edited."))
    members = [m for m in members if m.pk != proposal.lead_id]
    already = set(proposal.cosigners.values_list("member_id", flat=True))
    new = [m for m in members if m.pk not in already]
    if deadline is not None:
        if deadline <= timezone.now():
            raise Refusal("deadline_past", _("The deadline must be in the future."))
        proposal.cosign_deadline = deadline
    elif proposal.cosign_deadline is None or proposal.cosign_deadline <= timezone.now():
        proposal.cosign_deadline = timezone.now() + datetime.timedelta(days=COSIGN_DAYS)
    if new and proposal.proposer_type == Proposal.ProposerType.INDIVIDUAL:
        proposal.proposer_type = Proposal.ProposerType.JOINT
    proposal.save(update_fields=["cosign_deadline", "proposer_type"])
    CoSigner.objects.bulk_create(CoSigner(proposal=proposal, member=m) for m in new)
    if new:
        log_action(proposal, "cosign_invite", actor, {"members": [m.name for m in new]})
        notify(
            _users(new),
            "proposal.cosign",
            proposal,
            _("%(lead)s invites you to co-sign the proposal “%(title)s” by %(when)s.")
            % {
                "lead": proposal.lead.name,
                "title": proposal.title,
                "when": timezone.localtime(proposal.cosign_deadline).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return len(new)


@transaction.atomic
def respond_cosign(member, proposal: Proposal, accept: bool) -> CoSigner:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    cosigner = CoSigner.objects.filter(proposal=proposal, member=member).first()
    if cosigner is None or cosigner.status == CoSigner.Status.DROPPED:
        raise Refusal("not_invited", _("You are not invited to co-sign this proposal."))
    if proposal.state not in OPEN_FOR_COSIGNING:
        raise Refusal("cosign_closed", _("Co-signing this proposal is closed."))
    if proposal.cosign_deadline and timezone.now() > proposal.cosign_deadline:
        raise Refusal(
            "cosign_deadline_passed",
            _("The deadline for co-signing passed on %(when)s.")
            % {"when": timezone.localtime(proposal.cosign_deadline).strftime("%Y-%m-%d %H:%M")},
        )
    cosigner.status = CoSigner.Status.CONFIRMED if accept else CoSigner.Status.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["status", "responded_at"])
    log_action(proposal, "cosign", member.user, {"member": member.name, "status": cosigner.status})
    return cosigner


@transaction.atomic
def add_attachment(actor, proposal: Proposal, upload) -> ProposalAttachment:
    from liaison.proposals.models import MAX_ATTACHMENTS

    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in EDITABLE:
        raise Refusal("proposal_locked", _("Only a draft or a returned proposal can be edited."))
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise Refusal(
            "too_many_attachments",
            _("A proposal has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS},
        )
    attachment = ProposalAttachment(proposal=proposal, name=upload.name[:200])
    attachment.file.save(upload.name, upload, save=True)
    log_action(proposal, "attach", actor, {"file": attachment.name})
    return attachment


# --- Office review --------------------------------------------------------------------------


@transaction.atomic
def submit(actor, proposal: Proposal) -> Proposal:
    """To the office; the similar-proposal check's best matches are kept for the reviewer."""
    matches = similarity.similar_to(proposal)
    proposal = _move(
        actor,
        proposal,
        State.SUBMITTED,
        submitted_at=timezone.now(),
        similarity_max=matches[0]["score"] if matches else 0,
        similar_at_submission=[
            {"id": m["proposal"].pk, "title": m["proposal"].title, "score": m["score"]}
            for m in matches
        ],
    )
    notify(
        office_leaders(proposal.office_id),
        "proposal.review",
        proposal,
        _("Proposal to review: %(title)s (%(lead)s)")
        % {"title": proposal.title, "lead": proposal.lead.name},
    )
    return proposal


@transaction.atomic
def return_for_revision(actor, proposal: Proposal, comment: str) -> Proposal:
    if not comment.strip():
        raise Refusal("comment_required", _("Say what should be revised."))
    proposal = _move(actor, proposal, State.RETURNED, office_comment=comment.strip()[:2000])
    notify(
        _users([proposal.lead]),
        "proposal.returned",
        proposal,
        _("Your proposal “%(title)s” was returned for revision: %(comment)s")
        % {"title": proposal.title, "comment": proposal.office_comment},
    )
    return proposal


@transaction.atomic
def approve(actor, proposal: Proposal, comment: str = "") -> Proposal:
    fields = {"office_comment": comment.strip()[:2000]} if comment.strip() else {}
    return _move(actor, proposal, State.APPROVED, **fields)


@transaction.atomic
def forward(actor, proposal: Proposal) -> Proposal:
    """Submit to the district CPPCC: co-signers who have not confirmed drop off."""
    proposal = _move(actor, proposal, State.FORWARDED, forwarded_at=timezone.now())
    dropped = proposal.cosigners.exclude(status=CoSigner.Status.CONFIRMED).exclude(
        status=CoSigner.Status.DECLINED
    )
    dropped.update(status=CoSigner.Status.DROPPED)
    duty.record(proposal.lead, LEAD, proposal, proposal.forwarded_at)
    for member in _confirmed(proposal):
        duty.record(member, COSIGN, proposal, proposal.forwarded_at)
    _tell_proposers(proposal, _("Your proposal “%(title)s” was submitted to the district CPPCC."))
    return proposal


def _confirmed(proposal):
    confirmed = proposal.cosigners.filter(status=CoSigner.Status.CONFIRMED)
    return [c.member for c in confirmed.select_related("member__user")]


def _tell_proposers(proposal, text, **extra):
    notify(
        _users([proposal.lead, *_confirmed(proposal)]),
        "proposal.progress",
        proposal,
        text % {"title": proposal.title, **extra},
    )


# --- The district's decision ----------------------------------------------------------------


@transaction.atomic
def register(actor, proposal: Proposal, number: str = "") -> Proposal:
    """立案."""
    proposal = _move(
        actor, proposal, State.REGISTERED, decided_at=timezone.now(), number=number.strip()[:30]
    )
    duty.record(proposal.lead, REGISTERED, proposal, proposal.decided_at)
    _tell_proposers(proposal, _("Your proposal “%(title)s” was registered."))
    return proposal


@transaction.atomic
def reject(actor, proposal: Proposal, reason, conversion: str = "") -> Proposal:
    """不立案 with a customary reason; optionally turned into a 社情民意 report or a letter."""
    if reason is None:
        raise Refusal("reason_required", _("Choose the reason for not registering."))
    if conversion not in Proposal.Conversion.values:
        raise Refusal("bad_conversion", _("Unknown conversion."))
    proposal = _move(
        actor,
        proposal,
        State.NOT_REGISTERED,
        decided_at=timezone.now(),
        rejection_reason=reason,
        conversion=conversion,
    )
    if conversion == Proposal.Conversion.REPORT:
        report = SocialSentimentReport.objects.create(
            office=proposal.office,
            year=proposal.year,
            title=proposal.title,
            problem="\n\n".join(s for s in (proposal.situation, proposal.analysis) if s),
            suggestions=proposal.suggestions,
            from_proposal=proposal,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        report.submitters.set([proposal.lead, *_confirmed(proposal)])
        log_action(report, "create", actor, {"from_proposal": proposal.pk})
    _tell_proposers(
        proposal, _("Your proposal “%(title)s” was not registered: %(reason)s"), reason=reason
    )
    return proposal


@transaction.atomic
def merge(actor, proposal: Proposal, into: Proposal) -> Proposal:
    """并案: handled together with `into`, still answered on its own."""
    if into is None or into.pk == proposal.pk:
        raise Refusal("merge_self", _("A proposal cannot be merged into itself."))
    if into.state not in ACCEPTED or into.merged_into_id is not None:
        raise Refusal(
            "merge_target", _("A proposal can only be merged into a registered proposal.")
        )
    proposal = _move(actor, proposal, State.MERGED, decided_at=timezone.now(), merged_into=into)
    duty.record(proposal.lead, REGISTERED, proposal, proposal.decided_at)
    _tell_proposers(proposal, _("Your proposal “%(title)s” was registered and merged with others."))
    return proposal


@transaction.atomic
def assign(actor, proposal: Proposal, host_main: str, host_assist: str = "", deadline=None):
    """交办 (or 再办理 after an unsatisfied evaluation) with a reply deadline."""
    if not host_main.strip():
        raise Refusal("host_required", _("Name the main host unit."))
    today = timezone.localdate()
    deadline = deadline or add_months(today, REPLY_MONTHS)
    if deadline < today:
        raise Refusal("deadline_past", _("The deadline must be in the future."))
    if deadline > add_months(today, REPLY_MONTHS_MAX):
        raise Refusal(
            "deadline_too_far",
            _("The reply deadline is at most %(n)d months away.") % {"n": REPLY_MONTHS_MAX},
        )
    return _move(
        actor,
        proposal,
        State.ASSIGNED,
        host_main=host_main.strip()[:200],
        host_assist=host_assist.strip()[:200],
        reply_deadline=deadline,
        assigned_at=timezone.now(),
    )


@transaction.atomic
def record_reply(actor, proposal: Proposal, *, unit, text, grade, replied_on) -> Reply:
    if len(text) > SECTION_MAX:
        raise Refusal(
            "section_too_long",
            _("The reply is %(n)d characters long; at most %(max)d are allowed.")
            % {"n": len(text), "max": SECTION_MAX},
        )
    proposal = _move(actor, proposal, State.REPLIED)
    reply = Reply(
        proposal=proposal,
        round=proposal.replies.count() + 1,
        unit=unit or proposal.host_main,
        text=text,
        grade=grade,
        replied_on=replied_on,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    reply.full_clean()
    reply.save()
    log_action(proposal, "reply", actor, {"grade": grade, "round": reply.round})
    notify(
        _users([proposal.lead]),
        "proposal.reply",
        proposal,
        _("The reply to your proposal “%(title)s” has arrived: please evaluate it.")
        % {"title": proposal.title},
    )
    return reply


@transaction.atomic
def evaluate(user, proposal: Proposal, **answers) -> Evaluation:
    """The lead member's evaluation; unsatisfied asks for 再办理."""
    proposal = Proposal.objects.select_for_update().select_related("lead").get(pk=proposal.pk)
    if proposal.lead.user_id is None or proposal.lead.user_id != getattr(user, "pk", None):
        raise Refusal("not_lead", _("Only the lead member evaluates the reply."))
    reply = proposal.latest_reply
    if proposal.state != State.REPLIED or reply is None:
        raise Refusal("nothing_to_evaluate", _("There is no reply to evaluate."))
    evaluation = Evaluation(reply=reply, **answers)
    evaluation.full_clean()
    evaluation.save()
    unsatisfied = evaluation.satisfaction == Evaluation.Satisfaction.UNSATISFIED
    _move(user, proposal, State.UNSATISFIED if unsatisfied else State.CLOSED)
    if unsatisfied:
        notify(
            office_leaders(proposal.office_id),
            "proposal.unsatisfied",
            proposal,
            _("%(lead)s is not satisfied with the reply to “%(title)s”: arrange re-handling.")
            % {"lead": proposal.lead.name, "title": proposal.title},
        )
    return evaluation


@transaction.atomic
def close(actor, proposal: Proposal) -> Proposal:
    return _move(actor, proposal, State.CLOSED)


@transaction.atomic
def set_flags(actor, proposal: Proposal, *, is_key: bool, is_excellent: bool) -> Proposal:
    """重点提案 and 优秀提案, for a registered proposal."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in ACCEPTED:
        raise Refusal("not_registered", _("Only a registered proposal can be flagged."))
    proposal = save_with_audit(proposal, actor, is_key=is_key, is_excellent=is_excellent)
    for flag, kind in ((is_key, KEY), (is_excellent, EXCELLENT)):
        if flag:
            duty.record(proposal.lead, kind, proposal, proposal.forwarded_at)
        else:
            duty.retract(proposal, kind=kind)
    return proposal


# --- 社情民意 --------------------------------------------------------------------------------


def _move_report(actor, report, target, **fields):
    report = SocialSentimentReport.objects.select_for_update().get(pk=report.pk)
    if target not in REPORT_TRANSITIONS[ReportState(report.state)]:
        raise Refusal(
            "transition_refused",
            _("A report that is “%(now)s” cannot become “%(target)s”.")
            % {"now": report.get_state_display(), "target": ReportState(target).label},
        )
    before = report.state
    report.state = target
    for key, value in fields.items():
        setattr(report, key, value)
    report.save()
    log_action(report, "status", actor, {"changes": {"state": [before, target]}})
    return report


@transaction.atomic
def save_report(actor, report: SocialSentimentReport, submitters=None, **fields):
    if report.pk and report.state != ReportState.DRAFT:
        raise Refusal("report_locked", _("Only a draft report can be edited."))
    if report.pk is None:
        report.year = report.year or timezone.localdate().year
        if getattr(actor, "is_authenticated", False):
            report.created_by = actor
    report = save_with_audit(
        report, actor, check=lambda r: _check_lengths(r, REPORT_SECTIONS), **fields
    )
    if submitters is not None:
        report.submitters.set(submitters)
    return report


@transaction.atomic
def sign_off(actor, report):
    """签发 by the office director."""
    return _move_report(
        actor, report, ReportState.SIGNED, signed_by=actor, signed_at=timezone.now()
    )


@transaction.atomic
def withdraw_sign_off(actor, report):
    return _move_report(actor, report, ReportState.DRAFT, signed_by=None, signed_at=None)


@transaction.atomic
def submit_report(actor, report):
    report = _move_report(actor, report, ReportState.SUBMITTED, submitted_at=timezone.now())
    for member in report.submitters.all():
        duty.record(member, REPORT_SUBMITTED, report, report.submitted_at)
    return report


def _require_submitted(report):
    report = SocialSentimentReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise Refusal("report_not_submitted", _("Record this once the report is submitted."))
    return report


@transaction.atomic
def add_adoption(actor, report, *, level, mode, date, body) -> Adoption:
    report = _require_submitted(report)
    adoption = Adoption(report=report, level=level, mode=mode, date=date, body=body)
    adoption.full_clean()
    adoption.save()
    log_action(report, "adoption", actor, {"level": level, "body": body, "date": date})
    for member in report.submitters.all():
        duty.record(member, ADOPTED[level], adoption, date)
    notify(
        _users(report.submitters.select_related("user")),
        "proposal.adopted",
        report,
        _("Your report “%(title)s” was adopted by %(body)s.")
        % {"title": report.final_title, "body": body},
    )
    return adoption


@transaction.atomic
def add_instruction(actor, report, *, leader, level, text, date) -> Instruction:
    report = _require_submitted(report)
    instruction = Instruction(report=report, leader=leader, level=level, text=text, date=date)
    instruction.full_clean()
    instruction.save()
    log_action(report, "instruction", actor, {"leader": leader, "level": level})
    for member in report.submitters.all():
        duty.record(member, INSTRUCTION, instruction, date)
    return instruction


@transaction.atomic
def set_report_excellent(actor, report, value: bool):
    report = _require_submitted(report)
    report = save_with_audit(report, actor, is_excellent=value)
    for member in report.submitters.all():
        if value:
            duty.record(member, EXCELLENT, report, report.submitted_at)
        else:
            duty.retract(report, kind=EXCELLENT, member=member)
    return report


# --- The ledger, rebuilt from the records ---------------------------------------------------


def rebuild_duty_entries():
    forwarded = Proposal.objects.forwarded().select_related("lead")
    for p in forwarded:
        yield Entry(p.lead, LEAD, p, p.forwarded_at)
        if p.is_key:
            yield Entry(p.lead, KEY, p, p.forwarded_at)
        if p.is_excellent:
            yield Entry(p.lead, EXCELLENT, p, p.forwarded_at)
        if p.decided_at and p.state in ACCEPTED:
            yield Entry(p.lead, REGISTERED, p, p.decided_at)
    for c in CoSigner.objects.filter(
        status=CoSigner.Status.CONFIRMED, proposal__forwarded_at__isnull=False
    ).select_related("member", "proposal"):
        yield Entry(c.member, COSIGN, c.proposal, c.proposal.forwarded_at)
    submitted = SocialSentimentReport.objects.filter(state=ReportState.SUBMITTED).prefetch_related(
        "submitters", "adoptions", "instructions"
    )
    for report in submitted:
        for member in report.submitters.all():
            yield Entry(member, REPORT_SUBMITTED, report, report.submitted_at)
            if report.is_excellent:
                yield Entry(member, EXCELLENT, report, report.submitted_at)
            for adoption in report.adoptions.all():
                yield Entry(member, ADOPTED[adoption.level], adoption, adoption.date)
            for instruction in report.instructions.all():
                yield Entry(member, INSTRUCTION, instruction, instruction.date)
