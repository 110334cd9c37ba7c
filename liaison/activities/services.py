"""Every rule-bearing write on activities: lifecycle, invitations, leave, check-in."""

import math
from collections.abc import Callable

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.activities.models import (
    TRANSITIONS,
    Activity,
    Attendance,
    Invitation,
    LeaveRequest,
    Speech,
    Status,
    Visit,
)
from liaison.core.errors import Refusal
from liaison.core.lists import int_param
from liaison.duty import services as duty
from liaison.members.models import Member
from liaison.notify.services import notify
from liaison.orgs.audit import log_action, save_with_audit

ATTENDED = "activities.attended"
ABSENT = "activities.absent"
LEAVE_APPROVED = "activities.leave_approved"
LEAVE_REFUSED = "activities.leave_refused"
SPEECH = "activities.speech"
VISIT = "activities.visit"

CHECKIN_WINDOW = 30  # seconds between two codes on the big screen
CHECKIN_VALID = 90  # how long a scanned code may be used (a login in between included)

# Checks a later app adds (plans: a major activity needs an approved request for instruction).
_publish_checks: list[Callable[[Activity], None]] = []


def register_publish_check(check: Callable[[Activity], None]) -> None:
    """`check(activity)` raises Refusal when the activity may not be published yet."""
    if check not in _publish_checks:
        _publish_checks.append(check)


def unregister_publish_check(check) -> None:
    if check in _publish_checks:
        _publish_checks.remove(check)


def _users(members):
    return [m.user for m in members if m.user_id is not None]


def half_days(activity: Activity) -> int:
    """An activity's length for points per half-day: up to 4 hours is one, a day is two."""
    hours = (activity.ends_at - activity.starts_at).total_seconds() / 3600
    return max(1, math.ceil(hours / 4))


# --- Lifecycle ------------------------------------------------------------------------------


def _move(actor, activity: Activity, target: str) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if target not in TRANSITIONS[activity.status]:
        raise Refusal(
            "transition_refused",
            _("An activity that is “%(now)s” cannot become “%(target)s”.")
            % {"now": activity.get_status_display(), "target": Status(target).label},
        )
    before = activity.status
    activity.status = target
    activity.save(update_fields=["status"])
    log_action(activity, "status", actor, {"changes": {"status": [before, target]}})
    return activity


@transaction.atomic
def save_activity(actor, activity: Activity, *, expected_version=None, **fields) -> Activity:
    if activity.pk and activity.status not in (Status.DRAFT, Status.PUBLISHED):
        raise Refusal("activity_locked", _("A closed activity can no longer be edited."))
    starts, ends = (
        fields.get("starts_at", activity.starts_at),
        fields.get("ends_at", activity.ends_at),
    )
    if starts and ends and ends < starts:
        raise Refusal("ends_before_start", _("The activity cannot end before it starts."))
    if activity.pk is None and actor is not None and getattr(actor, "is_authenticated", False):
        activity.created_by = actor
    return save_with_audit(activity, actor, expected_version=expected_version, **fields)


@transaction.atomic
def publish(actor, activity: Activity) -> Activity:
    for check in _publish_checks:
        check(activity)
    activity = _move(actor, activity, Status.PUBLISHED)
    activity.published_at = timezone.now()
    activity.save(update_fields=["published_at"])
    invited = [i.member for i in activity.invitations.select_related("member__user")]
    _notify_invited(activity, invited)
    return activity


def _notify_invited(activity, members):
    notify(
        _users(members),
        "activity.invitation",
        activity,
        _("Invitation: %(title)s, %(when)s, %(place)s")
        % {
            "title": activity.title,
            "when": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M"),
            "place": activity.place,
        },
    )


@transaction.atomic
def unpublish(actor, activity: Activity) -> Activity:
    return _move(actor, activity, Status.DRAFT)


@transaction.atomic
def open_checkin(actor, activity: Activity) -> Activity:
    return _move(actor, activity, Status.CHECKIN_OPEN)


@transaction.atomic
def close(actor, activity: Activity) -> Activity:
    """Lock attendance and write the absences: an invited member of a required activity who
    neither checked in nor has approved leave is absent."""
    activity = _move(actor, activity, Status.CLOSED)
    activity.closed_at = timezone.now()
    activity.save(update_fields=["closed_at"])
    if activity.mandatory:
        present = set(activity.attendance.values_list("member_id", flat=True))
        excused = set(
            activity.leaves.filter(decision=LeaveRequest.Decision.APPROVED).values_list(
                "member_id", flat=True
            )
        )
        for invitation in activity.invitations.select_related("member"):
            if invitation.member_id in present | excused:
                continue
            row = Attendance.objects.create(
                activity=activity,
                member=invitation.member,
                status=Attendance.Status.ABSENT,
                method=Attendance.Method.COMPUTED,
                checked_in_at=activity.closed_at,
            )
            duty.record(row.member, ABSENT, row, activity.starts_at)
    return activity


@transaction.atomic
def reopen(actor, activity: Activity) -> Activity:
    """Back to check-in for corrections; the computed absences go, and come back at closing."""
    activity = _move(actor, activity, Status.CHECKIN_OPEN)
    for row in activity.attendance.filter(method=Attendance.Method.COMPUTED):
        duty.retract(row)
        row.delete()
    return activity


@transaction.atomic
def archive(actor, activity: Activity) -> Activity:
    return _move(actor, activity, Status.ARCHIVED)


# --- Invitations ----------------------------------------------------------------------------


@transaction.atomic
def invite(actor, activity: Activity, members) -> int:
    """Invite members of the activity's own office; those already invited are skipped."""
    if activity.status in (Status.CLOSED, Status.ARCHIVED):
        raise Refusal("activity_locked", _("A closed activity can no longer be edited."))
    members = list(members)
    outsiders = [m.name for m in members if m.office_id != activity.office_id]
    if outsiders:
        raise Refusal(
            "invite_other_office",
            _("Not members of this office: %(names)s") % {"names": "、".join(outsiders)},
        )
    already = set(activity.invitations.values_list("member_id", flat=True))
    new = [m for m in members if m.pk not in already]
    Invitation.objects.bulk_create(Invitation(activity=activity, member=m) for m in new)
    if new:
        log_action(activity, "invite", actor, {"members": [m.name for m in new]})
    if new and activity.status != Status.DRAFT:
        _notify_invited(activity, new)
    return len(new)


def _invitation(activity, member) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().filter(activity=activity, member=member).first()
    )
    if invitation is None:
        raise Refusal("not_invited", _("You are not invited to this activity."))
    return invitation


@transaction.atomic
def respond(member, activity: Activity, accept: bool) -> Invitation:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status not in (Status.PUBLISHED, Status.CHECKIN_OPEN) or activity.has_started:
        raise Refusal("response_closed", _("Replies to this invitation are closed."))
    invitation = _invitation(activity, member)
    if activity.mandatory and not accept:
        raise Refusal("mandatory", _("Attendance is required: ask for leave instead."))
    if accept and not activity.mandatory and not activity.is_open_for_signup:
        raise Refusal("signup_closed", _("The sign-up deadline has passed."))
    was_accepted = invitation.response == Invitation.Response.ACCEPTED
    if accept:
        full = (
            activity.capacity is not None
            and not was_accepted
            and (
                activity.invitations.filter(response=Invitation.Response.ACCEPTED).count()
                >= activity.capacity
            )
        )
        invitation.response = (
            Invitation.Response.WAITLISTED if full else Invitation.Response.ACCEPTED
        )
    else:
        invitation.response = Invitation.Response.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    log_action(
        activity, "respond", member.user, {"member": member.name, "response": invitation.response}
    )
    if was_accepted and not accept:
        _promote_from_waitlist(activity)
    return invitation


def _promote_from_waitlist(activity: Activity) -> None:
    waiting = (
        activity.invitations.select_related("member__user")
        .filter(response=Invitation.Response.WAITLISTED)
        .order_by("responded_at", "pk")
        .first()
    )
    if waiting is None:
        return
    waiting.response = Invitation.Response.ACCEPTED
    waiting.save(update_fields=["response"])
    notify(
        _users([waiting.member]),
        "activity.waitlist",
        activity,
        _("A place is free: you are now signed up for %(title)s.") % {"title": activity.title},
    )


# --- Leave ----------------------------------------------------------------------------------


@transaction.atomic
def request_leave(member, activity: Activity, reason: str) -> LeaveRequest:
    if not (reason or "").strip():
        raise Refusal("leave_reason", _("Give a reason for the leave request."))
    if activity.has_started:
        raise Refusal("leave_late", _("Leave can only be requested before the activity starts."))
    if activity.status not in (Status.PUBLISHED, Status.CHECKIN_OPEN):
        raise Refusal("leave_closed", _("Leave cannot be requested for this activity now."))
    _invitation(activity, member)
    if LeaveRequest.objects.filter(activity=activity, member=member).exists():
        raise Refusal("leave_exists", _("You have already asked for leave."))
    leave = LeaveRequest.objects.create(activity=activity, member=member, reason=reason.strip())
    log_action(
        activity, "leave_request", member.user, {"member": member.name, "reason": leave.reason}
    )
    from liaison.members.services import office_leaders

    notify(
        office_leaders(activity.office),
        "activity.leave",
        activity,
        _("%(member)s asks for leave from %(title)s.")
        % {"member": member.name, "title": activity.title},
    )
    return leave


@transaction.atomic
def decide_leave(actor, leave: LeaveRequest, approve: bool, comment: str = "") -> LeaveRequest:
    leave = LeaveRequest.objects.select_for_update().select_related("activity").get(pk=leave.pk)
    if leave.decision != LeaveRequest.Decision.PENDING:
        raise Refusal("leave_decided", _("This leave request has been decided already."))
    if leave.activity.status in (Status.CLOSED, Status.ARCHIVED):
        raise Refusal("activity_locked", _("A closed activity can no longer be edited."))
    leave.decision = LeaveRequest.Decision.APPROVED if approve else LeaveRequest.Decision.REFUSED
    leave.decided_by, leave.decided_at, leave.comment = actor, timezone.now(), comment
    leave.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    log_action(
        leave.activity,
        "leave_decision",
        actor,
        {"member": leave.member.name, "decision": leave.decision},
    )
    duty.record(
        leave.member, LEAVE_APPROVED if approve else LEAVE_REFUSED, leave, leave.activity.starts_at
    )
    notify(
        _users([leave.member]),
        "activity.leave_decision",
        leave.activity,
        _("Your leave from %(title)s was %(decision)s.")
        % {"title": leave.activity.title, "decision": leave.get_decision_display()},
    )
    return leave


# --- Check-in -------------------------------------------------------------------------------


def _signer(activity: Activity) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"liaison.checkin.{activity.checkin_secret}")


def checkin_token(activity: Activity) -> str:
    """The code the big screen shows now; it changes every CHECKIN_WINDOW seconds."""
    window = int(timezone.now().timestamp()) // CHECKIN_WINDOW
    return _signer(activity).sign(f"{activity.pk}.{window}")


def token_activity_pk(token: str) -> int | None:
    """The activity id a code names (not yet checked: see verify_token)."""
    return int_param((token or "").split(".", 1)[0])


def verify_token(token: str, activity) -> None:
    """Refuse a code that is not genuine, not fresh or not this activity's. `activity` needs
    only `pk` and `checkin_secret` (the scan's fast path passes the row it read)."""
    try:
        value = _signer(activity).unsign(token, max_age=CHECKIN_VALID)
    except signing.SignatureExpired:
        raise Refusal(
            "token_expired", _("This check-in code has expired: scan the code on the screen again.")
        ) from None
    except signing.BadSignature:
        raise Refusal("token_invalid", _("This check-in code is not valid.")) from None
    if not value.startswith(f"{activity.pk}."):
        raise Refusal("token_invalid", _("This check-in code is not valid."))


def activity_of_token(token: str) -> Activity:
    """The activity a scanned code belongs to, if the code is genuine and fresh."""
    pk = token_activity_pk(token)
    activity = (
        Activity.objects.select_related("office").filter(pk=pk).first() if pk is not None else None
    )
    if activity is None:
        raise Refusal("token_invalid", _("This check-in code is not valid."))
    verify_token(token, activity)
    return activity


def check_in(
    member,
    activity: Activity,
    *,
    method=Attendance.Method.QR,
    actor=None,
    invited: bool | None = None,
    just_read: bool = False,
):
    """Check a member in once. A second scan changes nothing and says so.

    No lock on the activity and no read of the attendance before the write: hundreds of members
    scan the same code within a minute, and the unique (activity, member) constraint is what
    keeps two scans from both landing. The row, its audit entry and its ledger entry are
    written together or not at all. `just_read`: the caller read `activity` in this request
    (the scan path), so its status is current and it is not read again; `invited` likewise."""
    if not just_read:
        activity = Activity.objects.get(pk=activity.pk)
    if activity.status != Status.CHECKIN_OPEN:
        raise Refusal("checkin_closed", _("Check-in for this activity is not open."))
    if member.office_id != activity.office_id:
        raise Refusal("checkin_other_office", _("This activity belongs to another office."))
    if invited is None:
        invited = activity.invitations.filter(member=member).exists()
    with transaction.atomic():
        try:
            row = Attendance.objects.create(
                activity=activity,
                member=member,
                status=Attendance.Status.ATTENDED,
                method=method,
                walk_in=not invited,
                recorded_by=actor if method == Attendance.Method.MANUAL else None,
            )
        except IntegrityError:  # scanned before, or a concurrent scan got there first
            # Raised inside the block: the failed insert's transaction is rolled back whole.
            raise Refusal("already_checked_in", _("Already checked in.")) from None
        log_action(
            activity,
            "check_in",
            actor or member.user,
            {"member": member.name, "method": method, "walk_in": row.walk_in},
        )
        duty.record(member, ATTENDED, row, activity.starts_at, half_days(activity), new_source=True)
    return row


def scanning_member(user, activity: Activity):
    """The scanning user's member record in the activity's office, with `invited` and
    `attendance_id` (their check-in, if any) read in the same query; None if not a member."""
    return (
        Member.objects.filter(user=user, office_id=activity.office_id)
        .only("id", "name", "office_id", "user_id")
        .annotate(
            invited=Exists(activity.invitations.filter(member=OuterRef("pk"))),
            attendance_id=Subquery(
                activity.attendance.filter(member=OuterRef("pk"), status=Attendance.Status.ATTENDED)
                .order_by()
                .values("pk")[:1]
            ),
        )
        .order_by()  # at most one row: no join for the default ordering by office
        .first()
    )


@transaction.atomic
def check_out(actor, attendance: Attendance) -> None:
    """Staff undo a check-in (a mistaken scan, a member who left)."""
    activity = Activity.objects.select_for_update().get(pk=attendance.activity_id)
    if activity.status != Status.CHECKIN_OPEN:
        raise Refusal("checkin_closed", _("Check-in for this activity is not open."))
    log_action(activity, "check_out", actor, {"member": attendance.member.name})
    duty.retract(attendance)
    attendance.delete()


# --- Speeches and visits --------------------------------------------------------------------


@transaction.atomic
def add_speech(actor, activity: Activity, member, title: str, kind: str) -> Speech:
    if member.office_id != activity.office_id:
        raise Refusal(
            "invite_other_office",
            _("Not members of this office: %(names)s") % {"names": member.name},
        )
    speech = save_with_audit(
        Speech(activity=activity, member=member), actor, title=title, kind=kind
    )
    duty.record(member, SPEECH, speech, activity.starts_at)
    return speech


@transaction.atomic
def record_visit(actor, office, *, member, date, staff=(), visitors=(), **fields) -> Visit:
    if date > timezone.localdate():
        raise Refusal("visit_future", _("A visit cannot be recorded for a future date."))
    outsiders = [m.name for m in [member, *visitors] if m.office_id != office.pk]
    if outsiders:
        raise Refusal(
            "invite_other_office",
            _("Not members of this office: %(names)s") % {"names": "、".join(outsiders)},
        )
    visit = save_with_audit(Visit(office=office), actor, member=member, date=date, **fields)
    visit.staff.set(staff)
    visit.visitors.set(visitors)
    for visitor in visitors:
        duty.record(visitor, VISIT, visit, date)
    return visit


def rebuild_duty_entries():
    """Every ledger entry activities imply, for duty.services.rebuild_ledger."""
    from liaison.duty.kinds import Entry

    for row in Attendance.objects.select_related("member", "activity"):
        if row.status == Attendance.Status.ATTENDED:
            yield Entry(row.member, ATTENDED, row, row.activity.starts_at, half_days(row.activity))
        else:
            yield Entry(row.member, ABSENT, row, row.activity.starts_at)
    decided = LeaveRequest.objects.exclude(decision=LeaveRequest.Decision.PENDING)
    for leave in decided.select_related("member", "activity"):
        kind = (
            LEAVE_APPROVED if leave.decision == LeaveRequest.Decision.APPROVED else (LEAVE_REFUSED)
        )
        yield Entry(leave.member, kind, leave, leave.activity.starts_at)
    for speech in Speech.objects.select_related("member", "activity"):
        yield Entry(speech.member, SPEECH, speech, speech.activity.starts_at)
    for visit in Visit.objects.prefetch_related("visitors"):
        for visitor in visit.visitors.all():
            yield Entry(visitor, VISIT, visit, visit.date)
