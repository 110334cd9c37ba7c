"""Benchmark data: activities of every type over the years, invitations, attendance with its
ledger entries, and visits to members. See liaison/core/benchgen.py."""

import datetime
import secrets

from liaison.activities.models import Activity, ActivityType, Attendance, Invitation, Status, Visit
from liaison.activities.services import ATTENDED, VISIT
from liaison.core.benchgen import Context, register
from liaison.duty.benchgen import load_ledger

ACTIVITY_COLUMNS = [
    "id", "office_id", "type_id", "title", "starts_at", "ends_at", "place", "description",
    "mandatory", "is_major", "status", "summary", "checkin_secret", "created_at",
    "published_at", "closed_at",
]  # fmt: skip
INVITED_PER_ACTIVITY = 25
VISITS_PER_MEMBER_YEAR = 2


@register("activities", order=30)
def generate(ctx: Context) -> None:
    _activities(ctx)
    _invitations_and_attendance(ctx)
    _visits(ctx)


def _activities(ctx: Context) -> None:
    types = list(ActivityType.objects.values_list("pk", "name", "code"))
    ids = iter(ctx.loader.reserve_ids(Activity, ctx.scale["activities"]))
    rows = []
    for office, count in zip(ctx.offices, ctx.per_office(ctx.scale["activities"]), strict=True):
        for _ in range(count):
            pk = next(ids)
            type_id, type_name, code = ctx.rng.choice(types)
            starts = ctx.moment(ctx.rng.choice(ctx.years))
            past = starts < ctx.now - datetime.timedelta(hours=3)
            rows.append((
                pk, office, type_id, f"{type_name}：{ctx.topic()}", starts,
                starts + datetime.timedelta(hours=2), "联络处会议室", ctx.text(60, 200),
                code == "briefing", False, Status.CLOSED if past else Status.PUBLISHED,
                ctx.text(100, 300) if past else "", secrets.token_hex(16), starts, starts,
                starts + datetime.timedelta(hours=2) if past else None,
            ))  # fmt: skip
            ctx.activities.append((pk, office, starts))
    ctx.loader.load(Activity, ACTIVITY_COLUMNS, rows)


def _invitations_and_attendance(ctx: Context) -> None:
    per_activity = ctx.scale["attendance"] / max(len(ctx.activities), 1)
    plan = []  # (activity, office, starts, invited members, attending members)
    for activity, office, starts in ctx.activities:
        members = ctx.members.get(office, [])
        invited = ctx.rng.sample(members, min(INVITED_PER_ACTIVITY, len(members)))
        attending = invited[: min(len(invited), round(ctx.rng.uniform(0.8, 1.2) * per_activity))]
        plan.append((activity, office, starts, invited, attending))
    _reach(plan, ctx.scale["attendance"])
    ctx.loader.load(
        Invitation,
        ["activity_id", "member_id", "response", "created_at"],
        ((a, m, "accepted", s) for a, _o, s, invited, _at in plan for m in invited),
    )
    total = sum(len(p[4]) for p in plan)
    ids = iter(ctx.loader.reserve_ids(Attendance, total))
    ledger = []
    rows = []
    for activity, office, starts, _invited, attending in plan:
        for member in attending:
            pk = next(ids)
            rows.append((pk, activity, member, "attended", "qr", False, starts))
            if starts <= ctx.now:
                ledger.append((member, office, pk, starts.date()))
    ctx.loader.load(
        Attendance,
        ["id", "activity_id", "member_id", "status", "method", "walk_in", "checked_in_at"],
        rows,
    )
    load_ledger(ctx, ATTENDED, Attendance, ledger)


def _reach(plan, target: int) -> None:
    """Small offices cannot fill the average: the others' activities take up the rest."""
    missing = target - sum(len(p[4]) for p in plan)
    while missing > 0:
        before = missing
        for _a, _o, _s, invited, attending in plan:
            if missing and len(attending) < len(invited):
                attending.append(invited[len(attending)])
                missing -= 1
        if missing == before:  # everyone invited attends already
            return


def _visits(ctx: Context) -> None:
    """This year's and last year's visits: two per member a year, one fellow member along."""
    years = ctx.years[-2:]
    specs = []
    for office, members in ctx.members.items():
        for member in members:
            for year in years:
                for _ in range(VISITS_PER_MEMBER_YEAR):
                    if ctx.rng.random() < 0.85:  # some members are still short of visits
                        specs.append(
                            (office, member, ctx.moment(year).date(), ctx.rng.choice(members))
                        )
    ids = iter(ctx.loader.reserve_ids(Visit, len(specs)))
    visits = [(next(ids), *spec) for spec in specs]
    ctx.loader.load(
        Visit,
        [
            "id",
            "office_id",
            "member_id",
            "date",
            "discussed",
            "opinions",
            "care_notes",
            "created_at",
        ],
        ((pk, o, m, d, ctx.text(40, 120), "", "", ctx.now) for pk, o, m, d, _v in visits),
    )
    ctx.loader.load(
        Visit.visitors.through,
        ["visit_id", "member_id"],
        ((pk, visitor) for pk, _o, _m, _d, visitor in visits),
    )
    load_ledger(ctx, VISIT, Visit, [(v, o, pk, d) for pk, o, _m, d, v in visits])
