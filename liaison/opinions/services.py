"""Every rule-bearing write on opinions: submission, triage, assignment and its lifecycle,
deadlines, replies, publishing, feedback and reopening."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.core.uploads import validate_upload
from liaison.duty import services as duty
from liaison.notify.services import notify
from liaison.opinions.models import (
    ASSIGNMENT_TRANSITIONS,
    ATTACHMENT_KINDS,
    OPEN_STATUSES,
    RETURNABLE,
    SOLVED_STATUSES,
    TRANSITIONS,
    Assignment,
    AssignmentStatus,
    Category,
    DeadlineChange,
    ExtensionRequest,
    Feedback,
    Opinion,
    OpinionAttachment,
    Reply,
    ReplyAttachment,
    Source,
    Status,
)
from liaison.orgs.audit import diff, log_action, snapshot
from liaison.orgs.models import Organization, RoleAssignment, User
from liaison.workdays import services as workdays

A = AssignmentStatus
RAISED = "opinions.raised"
SOLVED = "opinions.solved"

DEFAULT_DEADLINE_DAYS = 15  # when the opinion has no category yet
RECEIVE_WITHIN = 2  # working days to sign for (签收) an assignment
RETURN_WITHIN = 5  # working days in which a department may return (申退) an item
FEEDBACK_LINK_DAYS = 30
FEEDBACK_SALT = "liaison.opinions.feedback"
# What staff may change on an opinion; the verbatim text and the raisers are not among them.
NOTE_FIELDS = ("summary", "category", "place")


def _users(members):
    return [m.user for m in members if m.user_id is not None]


def office_leaders(office):
    from liaison.members.services import office_leaders as leaders

    return leaders(office)


def department_handlers(assignment: Assignment):
    if assignment.handler_id:
        return [assignment.handler]
    ids = RoleAssignment.objects.filter(
        organization_id=assignment.department_id, role="handler"
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def feedback_members(opinion: Opinion):
    """The raisers of the opinion and of every duplicate merged into it: all get the reply."""
    from liaison.members.models import Member

    return Member.objects.filter(
        pk__in=Opinion.raisers.through.objects.filter(
            opinion__in=Opinion.objects.filter(pk=opinion.pk)
            | Opinion.objects.filter(merged_into=opinion)
        ).values("member_id")
    ).select_related("user")


def _required(value, message, code="required") -> str:
    value = (value or "").strip()
    if not value:
        raise Refusal(code, message)
    return value


def _attach(model, owner_field, owner, files):
    for upload in files or ():
        try:
            validate_upload(upload, kinds=ATTACHMENT_KINDS)
        except ValidationError as error:
            raise Refusal("upload_refused", " ".join(error.messages)) from None
        model.objects.create(**{owner_field: owner}, file=upload, name=upload.name[:200])


# --- Opinions -------------------------------------------------------------------------------


def _move(actor, opinion: Opinion, target: str, **fields) -> Opinion:
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if target not in TRANSITIONS[opinion.status]:
        raise Refusal(
            "transition_refused",
            _("An opinion that is “%(now)s” cannot become “%(target)s”.")
            % {"now": opinion.get_status_display(), "target": Status(target).label},
        )
    before = opinion.status
    opinion.status = target
    for key, value in fields.items():
        setattr(opinion, key, value)
    if target in (Status.CLOSED, Status.CLOSED_UNSOLVED, *SOLVED_STATUSES):
        opinion.closed_at = timezone.now()
    opinion.save()
    log_action(
        opinion,
        "status",
        actor,
        {"changes": {"status": [before, target], **{k: str(v) for k, v in fields.items()}}},
    )
    if target in SOLVED_STATUSES:
        _record_solved(opinion)
    return opinion


def _record_solved(opinion: Opinion) -> None:
    for member in opinion.raisers.all():
        duty.record(member, SOLVED, opinion, opinion.closed_at)
    for duplicate in opinion.duplicates.prefetch_related("raisers"):
        for member in duplicate.raisers.all():
            duty.record(member, SOLVED, duplicate, opinion.closed_at)


@transaction.atomic
def submit_opinion(
    actor,
    office: Organization,
    *,
    source: str,
    raisers,
    text: str,
    place: str = "",
    category: Category | None = None,
    files=(),
    activity=None,
    visit=None,
    raised_item=None,
    research_project=None,
) -> Opinion:
    """Take an opinion in, verbatim. Every raiser's duty record gets "raised an opinion"."""
    raisers = list(raisers)
    text = _required(text, _("Write down the opinion as it was given."), "text_required")
    if source not in Source.values:
        raise Refusal("source_invalid", _("Choose where the opinion came from."))
    if not raisers:
        raise Refusal("raisers_required", _("Name at least one member who raised it."))
    if research_project is not None and research_project.office_id != office.pk:
        raise Refusal(
            "research_other_office", _("That research project belongs to another office.")
        )
    outsiders = [m.name for m in raisers if m.office_id != office.pk]
    if outsiders:
        raise Refusal(
            "raiser_other_office",
            _("Not members of this office: %(names)s") % {"names": "、".join(outsiders)},
        )
    opinion = Opinion(
        office=office,
        source=source,
        text=text,
        place=(place or "").strip(),
        category=category,
        raised_at_activity=activity,
        visit=visit,
        raised_item=raised_item,
        research_project=research_project,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        opinion.full_clean(exclude=["raisers"])
    except ValidationError as error:
        raise Refusal("opinion_invalid", " ".join(error.messages)) from None
    opinion.save()
    opinion.raisers.set(raisers)
    _attach(OpinionAttachment, "opinion", opinion, files)
    log_action(
        opinion,
        "create",
        actor,
        {"values": {"source": source, "text": text, "raisers": [m.name for m in raisers]}},
    )
    for member in raisers:
        duty.record(member, RAISED, opinion, opinion.submitted_at)
    if source == Source.MEMBER:
        notify(
            office_leaders(office),
            "opinion.submitted",
            opinion,
            _("New opinion from %(names)s: %(text)s")
            % {"names": "、".join(m.name for m in raisers), "text": text[:60]},
        )
    return opinion


@transaction.atomic
def update_notes(actor, opinion: Opinion, **fields) -> Opinion:
    """Staff's summary, category and place. The verbatim text never changes after submission."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if "text" in fields and fields["text"] != opinion.text:
        raise Refusal(
            "verbatim_locked",
            _("The verbatim text cannot be changed after submission; add a summary instead."),
        )
    unknown = set(fields) - set(NOTE_FIELDS) - {"text"}
    if unknown:
        raise Refusal("field_locked", _("Only the summary, category and place can be changed."))
    before = snapshot(opinion, NOTE_FIELDS)
    for key in NOTE_FIELDS:
        if key in fields:
            setattr(opinion, key, fields[key])
    opinion.save(update_fields=list(NOTE_FIELDS))
    changes = diff(before, snapshot(opinion, NOTE_FIELDS))
    if changes:
        log_action(opinion, "update", actor, {"changes": changes})
    return opinion


@transaction.atomic
def route_raised_opinion(actor, raised, *, source: str = Source.ACTIVITY) -> Opinion:
    """An opinion a member raised at an activity or visit becomes an Opinion linked to it."""
    from liaison.activities.models import RaisedOpinion

    raised = (
        RaisedOpinion.objects.select_for_update()
        .select_related("activity", "member")
        .get(pk=raised.pk)
    )
    if raised.routed_to_id is not None:
        raise Refusal("opinion_routed", _("This opinion has been passed on already."))
    activity = raised.activity
    if activity.type.code == "visit":
        source = Source.VISIT
    opinion = submit_opinion(
        actor,
        activity.office,
        source=source,
        raisers=[raised.member],
        text=raised.text,
        activity=activity,
        raised_item=raised,
    )
    raised.routed_to_id = opinion.pk
    raised.save(update_fields=["routed_to_id"])
    return opinion


@transaction.atomic
def route_visit_opinion(actor, visit) -> Opinion:
    """The opinions collected on a visit become an Opinion raised by the member visited."""
    from liaison.activities.models import Visit

    visit = Visit.objects.select_for_update().select_related("member").get(pk=visit.pk)
    if Opinion.objects.filter(visit=visit).exists():
        raise Refusal("opinion_routed", _("This opinion has been passed on already."))
    return submit_opinion(
        actor,
        visit.office,
        source=Source.VISIT,
        raisers=[visit.member],
        text=visit.opinions,
        visit=visit,
        activity=visit.activity,
    )


def _notify_raisers(opinion, text, url=""):
    notify(_users(feedback_members(opinion)), "opinion.outcome", opinion, text, url)


@transaction.atomic
def triage(
    actor,
    opinion: Opinion,
    outcome: str,
    *,
    note: str = "",
    merge_into: Opinion | None = None,
    escalated_to: str = "",
    escalated_on: datetime.date | None = None,
) -> Opinion:
    """研判: solved on the spot, for reference, out of scope, escalated, or merged.
    (Assigning to a department is `assign()`.)"""
    note = (note or "").strip()
    if outcome == Status.SOLVED_ON_SPOT:
        _required(note, _("Say what was done on the spot."), "note_required")
        opinion = _move(actor, opinion, outcome, outcome_note=note, triaged_at=timezone.now())
        _notify_raisers(
            opinion, _("Your opinion was dealt with on the spot: %(note)s") % {"note": note}
        )
    elif outcome == Status.OUT_OF_SCOPE:
        _required(note, _("Give the reason why it is out of scope."), "note_required")
        opinion = _move(actor, opinion, outcome, outcome_note=note, triaged_at=timezone.now())
        _notify_raisers(opinion, _("Your opinion is outside our remit: %(note)s") % {"note": note})
    elif outcome == Status.REFERENCE:
        opinion = _move(actor, opinion, outcome, outcome_note=note, triaged_at=timezone.now())
    elif outcome == Status.ESCALATED:
        escalated_to = _required(
            escalated_to, _("Say to whom above it was passed."), "escalated_to_required"
        )
        opinion = _move(
            actor,
            opinion,
            outcome,
            outcome_note=note,
            escalated_to=escalated_to,
            escalated_on=escalated_on or timezone.localdate(),
            triaged_at=timezone.now(),
        )
    elif outcome == Status.MERGED:
        if merge_into is None:
            raise Refusal("merge_target", _("Choose the opinion to merge it into."))
        target = Opinion.objects.select_for_update().get(pk=merge_into.pk)
        if target.pk == opinion.pk or target.office_id != opinion.office_id:
            raise Refusal("merge_target", _("Choose another opinion of the same office."))
        if target.status == Status.MERGED:
            raise Refusal("merge_target", _("That opinion is itself merged into another."))
        opinion = _move(actor, opinion, outcome, merged_into=target, triaged_at=timezone.now())
        if target.status in SOLVED_STATUSES:
            for member in opinion.raisers.all():
                duty.record(member, SOLVED, opinion, target.closed_at)
    else:
        raise Refusal("outcome_invalid", _("Choose how the opinion is to be handled."))
    return opinion


@transaction.atomic
def record_escalation_answer(actor, opinion: Opinion, answer: str, solved: bool) -> Opinion:
    answer = _required(answer, _("Write down the answer from above."), "answer_required")
    target = Status.CLOSED if solved else Status.CLOSED_UNSOLVED
    opinion = _move(actor, opinion, target, escalation_answer=answer)
    _notify_raisers(
        opinion, _("The answer about your opinion came from above: %(text)s") % {"text": answer}
    )
    return opinion


# --- Deadlines ------------------------------------------------------------------------------


def default_deadline(opinion: Opinion, start: datetime.date | None = None) -> datetime.date:
    days = opinion.category.default_deadline_days if opinion.category_id else None
    return workdays.add_working_days(start or timezone.localdate(), days or DEFAULT_DEADLINE_DAYS)


def _check_deadline(deadline: datetime.date, after: datetime.date | None = None) -> None:
    today = timezone.localdate()
    if deadline <= max(today, after or today):
        raise Refusal("deadline_past", _("The deadline must be a later day."))
    if not workdays.is_working_day(deadline):
        raise Refusal(
            "deadline_holiday",
            _("%(day)s is not a working day; the next working day is %(next)s.")
            % {"day": deadline, "next": workdays.next_working_day(deadline)},
        )


def _change_deadline(actor, assignment, old, new, reason, note=""):
    DeadlineChange.objects.create(
        assignment=assignment,
        old_deadline=old,
        new_deadline=new,
        reason=reason,
        note=note,
        changed_by=actor,
    )


# --- Assignments ----------------------------------------------------------------------------


def _lock(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("opinion", "department", "handler")
        .get(pk=assignment.pk)
    )


def _advance(actor, assignment: Assignment, target: str, **fields) -> Assignment:
    """Move a (locked) assignment along ASSIGNMENT_TRANSITIONS, audited."""
    if target not in ASSIGNMENT_TRANSITIONS[assignment.status]:
        raise Refusal(
            "transition_refused",
            _("An assignment that is “%(now)s” cannot become “%(target)s”.")
            % {"now": assignment.get_status_display(), "target": A(target).label},
        )
    before = assignment.status
    assignment.status = target
    for key, value in fields.items():
        setattr(assignment, key, value)
    assignment.save()
    log_action(
        assignment.opinion,
        "assignment",
        actor,
        {"assignment": assignment.pk, "changes": {"status": [before, target]}},
    )
    return assignment


@transaction.atomic
def assign(
    actor,
    opinion: Opinion,
    department: Organization,
    *,
    handler=None,
    deadline: datetime.date | None = None,
    instructions: str = "",
) -> Assignment:
    """交办 to a street department with a deadline (default: the category's, in working days)."""
    if department.kind != Organization.Kind.DEPARTMENT or not department.is_active:
        raise Refusal("department_invalid", _("Choose a street department."))
    if (
        handler is not None
        and not RoleAssignment.objects.filter(
            user=handler, organization=department, role="handler"
        ).exists()
    ):
        raise Refusal("handler_invalid", _("That person is not a handler of the department."))
    deadline = deadline or default_deadline(opinion)
    _check_deadline(deadline)
    opinion = _move(actor, opinion, Status.ASSIGNED, triaged_at=timezone.now())
    assignment = Assignment.objects.create(
        opinion=opinion,
        department=department,
        handler=handler,
        deadline=deadline,
        instructions=(instructions or "").strip(),
        assigned_by=actor,
    )
    _change_deadline(actor, assignment, None, deadline, DeadlineChange.Reason.ASSIGNED)
    notify(
        department_handlers(assignment),
        "opinion.assigned",
        assignment,
        _("Assigned to you: %(opinion)s, due %(deadline)s")
        % {"opinion": opinion, "deadline": deadline},
    )
    return assignment


@transaction.atomic
def receive(actor, assignment: Assignment) -> Assignment:
    """签收."""
    return _advance(actor, _lock(assignment), A.RECEIVED, received_at=timezone.now())


@transaction.atomic
def start(actor, assignment: Assignment) -> Assignment:
    return _advance(actor, _lock(assignment), A.IN_PROGRESS)


@transaction.atomic
def reply(actor, assignment: Assignment, text: str, *, solved: bool = True, files=()) -> Reply:
    """办复. The row lock makes a second handler replying at the same moment wait, then be
    refused: the first reply moved the assignment on."""
    assignment = _lock(assignment)
    text = _required(text, _("Write the reply."), "reply_required")
    if assignment.status == A.REPLIED:
        raise Refusal("already_replied", _("This item has been replied to already."))
    if assignment.status not in (A.RECEIVED, A.IN_PROGRESS):
        if assignment.status == A.ASSIGNED:
            raise Refusal("not_received", _("Sign for the item before replying."))
        raise Refusal("reply_closed", _("This item no longer takes replies."))
    answer = Reply.objects.create(assignment=assignment, text=text, solved=solved, author=actor)
    _attach(ReplyAttachment, "reply", answer, files)
    _advance(actor, assignment, A.REPLIED, replied_at=answer.created_at)
    notify(
        office_leaders(assignment.opinion.office),
        "opinion.replied",
        assignment,
        _("%(department)s replied: %(opinion)s")
        % {"department": assignment.department, "opinion": assignment.opinion},
    )
    return answer


def latest_reply(assignment: Assignment) -> Reply | None:
    return assignment.replies.order_by("-created_at", "-pk").first()


@transaction.atomic
def send_back(actor, assignment: Assignment, comment: str) -> Assignment:
    """The office reads the reply and asks for more work before the member sees it."""
    comment = _required(comment, _("Say what more is needed."), "comment_required")
    assignment = _advance(actor, _lock(assignment), A.IN_PROGRESS)
    last = latest_reply(assignment)
    last.sent_back_comment = comment
    last.save(update_fields=["sent_back_comment"])
    notify(
        department_handlers(assignment),
        "opinion.sent_back",
        assignment,
        _("The office sent your reply back: %(comment)s") % {"comment": comment},
    )
    return assignment


@transaction.atomic
def check_reply(actor, assignment: Assignment) -> Assignment:
    return _advance(actor, _lock(assignment), A.CHECKED)


def feedback_token(assignment: Assignment, member) -> str:
    return signing.dumps(
        {"a": assignment.pk, "m": member.pk, "r": assignment.round}, salt=FEEDBACK_SALT
    )


def read_feedback_token(token: str) -> tuple[Assignment, object, int]:
    from liaison.members.models import Member

    try:
        data = signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        raise Refusal(
            "link_expired", _("This feedback link has expired. Sign in to give your feedback.")
        ) from None
    except signing.BadSignature:
        raise Refusal("link_invalid", _("This feedback link is not valid.")) from None
    assignment = Assignment.objects.select_related("opinion").filter(pk=data.get("a")).first()
    member = Member.objects.filter(pk=data.get("m")).first()
    if assignment is None or member is None:
        raise Refusal("link_invalid", _("This feedback link is not valid."))
    return assignment, member, data.get("r")


@transaction.atomic
def publish(actor, assignment: Assignment) -> Assignment:
    """The checked reply goes to the member(s), each with a one-time feedback link."""
    assignment = _lock(assignment)
    last = latest_reply(assignment)
    on_time = last is not None and timezone.localtime(last.created_at).date() <= (
        assignment.deadline
    )
    now = timezone.now()
    assignment = _advance(
        actor,
        assignment,
        A.PUBLISHED,
        published_at=now,
        on_time=on_time,
        round=assignment.round + 1,
    )
    last.published_at = now
    last.save(update_fields=["published_at"])
    for member in feedback_members(assignment.opinion):
        if member.user_id is None:
            continue
        url = reverse("opinion_feedback_link", args=[feedback_token(assignment, member)])
        notify(
            [member.user],
            "opinion.published",
            assignment,
            _("The reply to your opinion “%(opinion)s” is in. Tell us whether it is solved.")
            % {"opinion": assignment.opinion},
            url,
        )
    return assignment


@transaction.atomic
def give_feedback(
    member,
    assignment: Assignment,
    *,
    result: str,
    satisfaction: str,
    comment: str = "",
    channel: str = Feedback.Channel.INBOX,
    round: int | None = None,
) -> Feedback:
    assignment = _lock(assignment)
    if result not in Feedback.Result.values or satisfaction not in Feedback.Satisfaction.values:
        raise Refusal("feedback_invalid", _("Say whether it is solved and how satisfied you are."))
    if round is not None and round != assignment.round:
        raise Refusal("link_used", _("This feedback link has been used or replaced."))
    if assignment.status not in (A.PUBLISHED, A.NOT_SOLVED, A.CLOSED, A.CLOSED_UNSOLVED):
        raise Refusal("feedback_closed", _("There is no published reply to answer now."))
    if not feedback_members(assignment.opinion).filter(pk=member.pk).exists():
        raise Refusal("not_raiser", _("Only the members who raised it can give feedback."))
    try:
        with transaction.atomic():
            answer = Feedback.objects.create(
                assignment=assignment,
                member=member,
                round=assignment.round,
                result=result,
                satisfaction=satisfaction,
                comment=(comment or "").strip(),
                channel=channel,
            )
    except IntegrityError:
        raise Refusal(
            "link_used", _("Your feedback on this reply has been given already.")
        ) from None
    log_action(
        assignment.opinion,
        "feedback",
        member.user,
        {"member": member.name, "result": result, "satisfaction": satisfaction},
    )
    if assignment.status == A.PUBLISHED:
        if result == Feedback.Result.NOT_SOLVED:
            _advance(member.user, assignment, A.NOT_SOLVED)
        else:
            _close(member.user, assignment, solved=True)
    if result == Feedback.Result.NOT_SOLVED:
        notify(
            office_leaders(assignment.opinion.office),
            "opinion.not_solved",
            assignment,
            _("%(member)s says “%(opinion)s” is not solved.")
            % {"member": member.name, "opinion": assignment.opinion},
        )
    return answer


def _close(actor, assignment: Assignment, *, solved: bool) -> Assignment:
    target = A.CLOSED if solved else A.CLOSED_UNSOLVED
    assignment = _advance(actor, assignment, target, closed_at=timezone.now())
    _move(actor, assignment.opinion, Status.CLOSED if solved else Status.CLOSED_UNSOLVED)
    return assignment


@transaction.atomic
def close(actor, assignment: Assignment, *, solved: bool) -> Assignment:
    """The office closes: solved (no feedback came), or "closed but not solved"."""
    return _close(actor, _lock(assignment), solved=solved)


@transaction.atomic
def reopen(actor, assignment: Assignment, *, deadline=None, note: str = "") -> Assignment:
    """再办理: back to the department with a new deadline."""
    assignment = _lock(assignment)
    deadline = deadline or default_deadline(assignment.opinion)
    _check_deadline(deadline)
    was = assignment.status
    _change_deadline(
        actor, assignment, assignment.deadline, deadline, DeadlineChange.Reason.REOPENED, note
    )
    assignment = _advance(
        actor,
        assignment,
        A.IN_PROGRESS,
        deadline=deadline,
        reopen_count=assignment.reopen_count + 1,
        on_time=None,
        closed_at=None,
    )
    if was == A.CLOSED_UNSOLVED:
        opinion = Opinion.objects.select_for_update().get(pk=assignment.opinion_id)
        _move(actor, opinion, Status.ASSIGNED, closed_at=None)
    notify(
        department_handlers(assignment),
        "opinion.assigned",
        assignment,
        _("Reopened for more work: %(opinion)s, due %(deadline)s")
        % {"opinion": assignment.opinion, "deadline": deadline},
    )
    return assignment


def return_deadline(assignment: Assignment) -> datetime.date:
    assigned = timezone.localtime(assignment.assigned_at).date()
    return workdays.add_working_days(assigned, RETURN_WITHIN)


@transaction.atomic
def return_assignment(actor, assignment: Assignment, reason: str) -> Assignment:
    """申退: a mis-assigned item goes back to the office within RETURN_WITHIN working days."""
    reason = _required(reason, _("Give the reason for returning it."), "reason_required")
    assignment = _lock(assignment)
    if assignment.status not in RETURNABLE:
        raise Refusal("return_refused", _("This item can no longer be returned."))
    if timezone.localdate() > return_deadline(assignment):
        raise Refusal(
            "return_too_late",
            _("Items can be returned only within %(days)d working days of assignment.")
            % {"days": RETURN_WITHIN},
        )
    assignment = _advance(actor, assignment, A.RETURNED, return_reason=reason)
    _move(actor, assignment.opinion, Status.NEW)
    notify(
        office_leaders(assignment.opinion.office),
        "opinion.returned",
        assignment,
        _("%(department)s returned “%(opinion)s”: %(reason)s")
        % {"department": assignment.department, "opinion": assignment.opinion, "reason": reason},
    )
    return assignment


@transaction.atomic
def request_extension(actor, assignment: Assignment, deadline, reason: str) -> ExtensionRequest:
    reason = _required(reason, _("Give the reason for the extension."), "reason_required")
    assignment = _lock(assignment)
    if assignment.status not in OPEN_STATUSES:
        raise Refusal("extension_refused", _("An extension can be asked only while work is open."))
    if deadline is None or deadline <= assignment.deadline:
        raise Refusal("extension_date", _("Ask for a day after the present deadline."))
    _check_deadline(deadline)
    if assignment.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists():
        raise Refusal("extension_pending", _("An extension request is waiting for a decision."))
    request = ExtensionRequest.objects.create(
        assignment=assignment, requested_deadline=deadline, reason=reason, requested_by=actor
    )
    log_action(assignment.opinion, "extension_request", actor, {"deadline": deadline})
    notify(
        office_leaders(assignment.opinion.office),
        "opinion.extension",
        assignment,
        _("%(department)s asks until %(deadline)s for “%(opinion)s”.")
        % {
            "department": assignment.department,
            "deadline": deadline,
            "opinion": assignment.opinion,
        },
    )
    return request


@transaction.atomic
def decide_extension(actor, request: ExtensionRequest, grant: bool, comment: str = ""):
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != ExtensionRequest.Decision.PENDING:
        raise Refusal("extension_decided", _("This request has been decided already."))
    assignment = _lock(request.assignment)
    request.decision = (
        ExtensionRequest.Decision.GRANTED if grant else ExtensionRequest.Decision.REFUSED
    )
    request.decided_by, request.decided_at, request.comment = actor, timezone.now(), comment
    request.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    if grant:
        if assignment.status not in OPEN_STATUSES:
            raise Refusal(
                "extension_refused", _("An extension can be granted only while work is open.")
            )
        _change_deadline(
            actor,
            assignment,
            assignment.deadline,
            request.requested_deadline,
            DeadlineChange.Reason.EXTENDED,
            comment,
        )
        assignment.deadline = request.requested_deadline
        assignment.save(update_fields=["deadline"])
    log_action(assignment.opinion, "extension_decision", actor, {"decision": request.decision})
    notify(
        department_handlers(assignment),
        "opinion.extension_decision",
        assignment,
        _("Your extension request was %(decision)s.")
        % {"decision": request.get_decision_display()},
    )
    return request


# --- Duty ledger ----------------------------------------------------------------------------


def rebuild_duty_entries():
    """Every ledger entry opinions imply, for duty.services.rebuild_ledger."""
    from liaison.duty.kinds import Entry

    opinions = Opinion.objects.select_related("merged_into").prefetch_related("raisers")
    for opinion in opinions:
        for member in opinion.raisers.all():
            yield Entry(member, RAISED, opinion, opinion.submitted_at)
            if opinion.status in SOLVED_STATUSES:
                yield Entry(member, SOLVED, opinion, opinion.closed_at)
            elif opinion.merged_into and opinion.merged_into.status in SOLVED_STATUSES:
                yield Entry(member, SOLVED, opinion, opinion.merged_into.closed_at)
