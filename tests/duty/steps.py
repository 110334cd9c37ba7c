"""Service steps for the ledger's consistency test (tests/duty/test_consistency.py).

Each step is `step(state, pick)`: it calls one app's service on objects of `state` chosen by
`pick(sequence)`, and may be refused (Refusal) like a real user's click. An app adds its own
steps with `@step("name")` in a module imported below (e.g. tests/proposals/steps.py), and a
`prepare(state)` hook with `@setup` to create the objects its steps work on.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities import services_record
from liaison.activities.models import Activity, Attendance, LeaveRequest, Speech, Visit
from liaison.members import services as members
from liaison.members.models import CareEvent

STEPS: dict[str, Callable] = {}
SETUPS: list[Callable] = []


def step(name: str):
    def decorator(fn):
        STEPS[name] = fn
        return fn

    return decorator


def setup(fn):
    SETUPS.append(fn)
    return fn


@dataclass
class State:
    office: object
    staff: object
    members: list
    objects: dict = field(default_factory=dict)  # what each app's setup made


def _activities(state):
    return list(Activity.objects.filter(office=state.office).order_by("pk"))


@setup
def _two_activities(state):
    from tests.activities.factories import ActivityFactory, at

    # One already open for check-in with everyone invited, one still a draft.
    open_one = ActivityFactory(office=state.office, starts_at=at(3), mandatory=True)
    activities.invite(state.staff, open_one, state.members)
    activities.open_checkin(state.staff, open_one)
    draft = ActivityFactory(office=state.office, starts_at=at(4), mandatory=False, status="draft")
    state.objects["activities"] = [open_one, draft]


# --- activities -----------------------------------------------------------------------------


@step("invite")
def _invite(state, pick):
    activities.invite(state.staff, pick(_activities(state)), [pick(state.members)])


@step("publish")
def _publish(state, pick):
    activities.publish(state.staff, pick(_activities(state)))


@step("open_checkin")
def _open(state, pick):
    activities.open_checkin(state.staff, pick(_activities(state)))


@step("check_in")
def _check_in(state, pick):
    activities.check_in(
        pick(state.members), pick(_activities(state)), method="manual", actor=state.staff
    )


@step("check_out")
def _check_out(state, pick):
    rows = list(Attendance.objects.filter(method="manual").order_by("pk"))
    if rows:
        activities.check_out(state.staff, pick(rows))


@step("request_leave")
def _leave(state, pick):
    activities.request_leave(pick(state.members), pick(_activities(state)), "出差")


@step("decide_leave")
def _decide(state, pick):
    leaves = list(LeaveRequest.objects.order_by("pk"))
    if leaves:
        activities.decide_leave(state.staff, pick(leaves), pick([True, False]))


@step("close")
def _close(state, pick):
    activities.close(state.staff, pick(_activities(state)))


@step("reopen")
def _reopen(state, pick):
    activities.reopen(state.staff, pick(_activities(state)))


@step("speech")
def _speech(state, pick):
    services_record.record_speech(
        state.staff, pick(_activities(state)), member=pick(state.members), title="发言"
    )


@step("remove_speech")
def _remove_speech(state, pick):
    speeches = list(Speech.objects.order_by("pk"))
    if speeches:
        services_record.remove_speech(state.staff, pick(speeches))


@step("visit")
def _visit(state, pick):
    day = timezone.localdate() - datetime.timedelta(days=pick([0, 40, 400]))
    visitors = [m for m in state.members if pick([True, False])]
    activities.record_visit(
        state.staff, state.office, member=pick(state.members), date=day, visitors=visitors
    )


@step("remove_visit")
def _remove_visit(state, pick):
    visits = list(Visit.objects.order_by("pk"))
    if visits:
        services_record.remove_visit(state.staff, pick(visits))


# --- members --------------------------------------------------------------------------------


@step("care_event")
def _care_event(state, pick):
    members.record_care_event(
        state.staff,
        pick(state.members),
        kind=pick(["illness", "birthday"]),
        event_date=timezone.localdate(),
    )


@step("care_visit")
def _care_visit(state, pick):
    events = list(CareEvent.objects.order_by("pk"))
    if events:
        members.record_care_visit(
            state.staff,
            pick(events),
            date=timezone.localdate() - datetime.timedelta(days=pick([0, 1])),
            members=[m for m in state.members if pick([True, False])],
        )


@step("cancel_care")
def _cancel_care(state, pick):
    events = list(CareEvent.objects.order_by("pk"))
    if events:
        members.cancel_care_event(state.staff, pick(events))


# --- opinions and research ------------------------------------------------------------------


@step("raise_opinion")
def _raise_opinion(state, pick):
    from liaison.opinions import services as opinions

    raisers = [m for m in state.members if pick([True, False])] or [pick(state.members)]
    opinions.submit_opinion(
        state.staff, state.office, source="visit", raisers=raisers, text="建议增设路灯。"
    )


@step("solve_opinion")
def _solve_opinion(state, pick):
    from liaison.opinions import services as opinions
    from liaison.opinions.models import Opinion, Status

    found = list(Opinion.objects.filter(office=state.office).order_by("pk"))
    if found:
        opinions.triage(state.staff, pick(found), Status.SOLVED_ON_SPOT, note="当场解决")


@step("donate")
def _donate(state, pick):
    from liaison.research import services as research
    from liaison.research.models import Donation

    research.save_donation(
        state.staff,
        Donation(office=state.office),
        member=pick(state.members),
        recipient="八一路小学",
        form=pick(list(Donation.Form.values)),
        value=pick([0, 500, 2000]),
        date=timezone.localdate() - datetime.timedelta(days=pick([0, 400])),
    )


# --- proposals ------------------------------------------------------------------------------


@setup
def _a_draft_proposal(state):
    from liaison.proposals import services as proposals
    from liaison.proposals.defaults import ensure_defaults
    from liaison.proposals.models import Category, Proposal

    ensure_defaults()
    state.objects["proposals"] = [
        proposals.save_proposal(
            state.staff,
            Proposal(office=state.office, lead=state.members[0]),
            title="关于增设停车位的建议",
            summary="增设停车位",
            category=Category.objects.order_by("pk").first(),
            situation="停车难。",
            analysis="车位不足。",
            suggestions="挖潜增设。",
        )
    ]


@step("forward_proposal")
def _forward_proposal(state, pick):
    from liaison.proposals import services as proposals
    from liaison.proposals.models import Proposal

    proposal = Proposal.objects.get(pk=pick(state.objects["proposals"]).pk)
    for move in (proposals.submit, proposals.approve, proposals.forward):
        proposal = move(state.staff, proposal)


@step("register_proposal")
def _register_proposal(state, pick):
    from liaison.proposals import services as proposals
    from liaison.proposals.models import Proposal

    proposal = Proposal.objects.get(pk=pick(state.objects["proposals"]).pk)
    proposals.register(state.staff, proposal, "2026001")
