"""Benchmark data: opinions over the years in every outcome of triage, their raisers, the
assignments to the street's departments with deadlines (the recent ones open, some overdue),
replies, members' feedback and the ledger rows (raised, solved). Offices are generated a batch
at a time, so memory stays bounded at province scale. See liaison/core/benchgen.py."""

import datetime
from collections import defaultdict

from django.utils import timezone

from liaison.core.benchgen import PLACES, Context, register
from liaison.duty.benchgen import Ledger, content_type
from liaison.opinions.defaults import ensure_categories
from liaison.opinions.models import SOLVED_STATUSES as SOLVED
from liaison.opinions.models import (
    A,
    Assignment,
    Category,
    DeadlineChange,
    Feedback,
    Opinion,
    Reply,
    Source,
    Status,
)
from liaison.opinions.services import RAISED
from liaison.opinions.services import SOLVED as SOLVED_KIND

BATCH = 100  # offices per batch
DAY = datetime.timedelta(days=1)
OPINION_COLUMNS = [
    "id", "office_id", "source", "text", "summary", "category_id", "place",
    "raised_at_activity_id", "status", "outcome_note", "merged_into_id", "escalated_to",
    "escalated_on", "escalation_answer", "submitted_at", "triaged_at", "closed_at",
]  # fmt: skip
ASSIGNMENT_COLUMNS = [
    "id", "opinion_id", "office_id", "department_id", "handler_id", "assigned_by_id", "status",
    "deadline", "instructions", "assigned_at",
    "received_at", "replied_at", "published_at", "closed_at", "on_time", "return_reason",
    "reopen_count", "round",
]  # fmt: skip
SOURCES = [
    (Source.VISIT, 30),
    (Source.ACTIVITY, 25),
    (Source.MEMBER, 25),
    (Source.RESIDENT, 12),
    (Source.RESEARCH, 5),
    (Source.SENTIMENT, 3),
]
# Triage outcomes other than assignment, with their weights; the rest (62) is assigned.
OTHER_OUTCOMES = [
    (Status.SOLVED_ON_SPOT, 15),
    (Status.REFERENCE, 8),
    (Status.OUT_OF_SCOPE, 4),
    (Status.ESCALATED, 6),
    (Status.MERGED, 2),
]
ASSIGNED_SHARE = 62
# Where an assignment has got to, by the opinion's age in days: (most days, stages).
STAGES = [
    (20, [("open", 70), (A.REPLIED, 20), (A.CHECKED, 10)]),
    (
        60,
        [
            ("open", 30),
            (A.REPLIED, 7),
            (A.CHECKED, 3),
            (A.PUBLISHED, 12),
            (A.NOT_SOLVED, 3),
            (A.CLOSED, 40),
            (A.CLOSED_UNSOLVED, 5),
        ],
    ),
    (None, [("open", 4), (A.CLOSED, 88), (A.CLOSED_UNSOLVED, 8)]),
]
OPEN = [A.ASSIGNED, A.RECEIVED, A.IN_PROGRESS]
PUBLISHED = {A.PUBLISHED, A.NOT_SOLVED, A.CLOSED, A.CLOSED_UNSOLVED}
REPLIED = {A.REPLIED, A.CHECKED} | PUBLISHED
# The department a category usually goes to (index in orgs.benchgen.STREET_DEPARTMENTS).
DEPARTMENT_OF = {"食品安全": 0, "经济发展": 1, "市政管理": 2, "民生服务": 3, "社区建设": 4}
ESCALATED_TO = ["区发展和改革局", "区住房和城乡建设局", "区市场监督管理局", "区教育局"]


def _weighted(ctx, table):
    return ctx.rng.choices([t for t, _w in table], [w for _t, w in table])[0]


@register("opinions", order=40)
def generate(ctx: Context) -> None:
    ensure_categories(Category)
    categories = list(Category.objects.values_list("pk", "name", "default_deadline_days"))
    past_activities = defaultdict(list)
    for pk, office, starts in ctx.activities:
        if starts < ctx.now:
            past_activities[office].append(pk)
    ctx.extra["past_activities"] = past_activities
    counts = dict(zip(ctx.offices, ctx.per_office(ctx.scale["opinions"]), strict=True))
    ledger: Ledger = ctx.extra["ledger"]
    ct = content_type(Opinion)
    for start in range(0, len(ctx.offices), BATCH):
        batch = _Batch(ctx, categories, past_activities)
        for office in ctx.offices[start : start + BATCH]:
            batch.office(office, counts[office])
        batch.load(ledger, ct)


class _Batch:
    def __init__(self, ctx: Context, categories, past_activities):
        self.ctx = ctx
        self.categories = categories
        self.past_activities = past_activities
        self.opinions, self.raisers, self.assignments = [], [], []
        self.deadlines, self.replies, self.feedback = [], [], []
        self.raised, self.solved = [], []

    def office(self, office: int, count: int) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        members = ctx.members.get(office, [])
        if not members:
            return
        opinion_ids = ctx.loader.reserve_ids(Opinion, count)
        assignment_ids = iter(ctx.loader.reserve_ids(Assignment, count))
        target = None  # the latest opinion a duplicate can be merged into: (pk, status, closed)
        submitted = sorted(ctx.moment(rng.choice(ctx.years)) for _ in range(count))
        for pk, at in zip(opinion_ids, submitted, strict=True):
            raisers = [rng.choice(members)]
            if rng.random() < 0.2:
                raisers = rng.sample(members, min(len(members), rng.randint(2, 3)))
            category, category_name, deadline_days = rng.choice(self.categories)
            source = _weighted(ctx, SOURCES)
            activities = self.past_activities.get(office)
            activity = rng.choice(activities) if source == Source.ACTIVITY and activities else None
            age = (ctx.now - at).days
            triaged = min(at + rng.randint(1, 3) * DAY, ctx.now)
            note, merged_into, escalated = "", None, ("", None, "")
            closed = None
            if rng.randrange(100) < ASSIGNED_SHARE:
                status, closed = self._assignment(
                    next(assignment_ids), pk, office, category_name, deadline_days, triaged,
                    age, raisers,
                )  # fmt: skip
            elif age < 14 and rng.random() < 0.5:
                status, triaged = Status.NEW, None
            else:
                status = _weighted(ctx, OTHER_OUTCOMES)
                if status == Status.MERGED and target is None:
                    status = Status.REFERENCE
                if status == Status.SOLVED_ON_SPOT:
                    note, closed = ctx.prose(20, 80), triaged
                elif status in (Status.REFERENCE, Status.OUT_OF_SCOPE):
                    note = ctx.prose(20, 80)
                elif status == Status.ESCALATED:
                    answer = ""
                    if age > 60 and rng.random() < 0.6:
                        status, answer = Status.CLOSED, ctx.prose(40, 160)
                        closed = min(triaged + rng.randint(20, 50) * DAY, ctx.now)
                    escalated = (rng.choice(ESCALATED_TO), triaged.date(), answer)
                elif status == Status.MERGED:
                    merged_into = target[0]
            self.opinions.append((
                pk, office, source, ctx.prose(40, 400),
                f"{rng.choice(PLACES)}{ctx.topic()}", category,
                f"{rng.choice(PLACES)}社区" if rng.random() < 0.6 else "", activity, status,
                note, merged_into, *escalated, at, triaged, closed,
            ))  # fmt: skip
            for member in raisers:
                self.raisers.append((pk, member))
                self.raised.append((member, office, pk, _day(at)))
                if status in SOLVED:
                    self.solved.append((member, office, pk, _day(closed)))
                elif status == Status.MERGED and target[1] in (
                    Status.SOLVED_ON_SPOT,
                    Status.CLOSED,
                ):
                    self.solved.append((member, office, pk, _day(target[2])))
            if status != Status.MERGED:
                target = (pk, status, closed)

    def _assignment(self, pk, opinion, office, category_name, days, assigned, age, raisers):
        """One assignment at the stage the opinion's age makes likely; the opinion's status
        and closing moment follow from it."""
        ctx, rng = self.ctx, self.ctx.rng
        stages = next(s for most, s in STAGES if most is None or age <= most)
        stage = _weighted(ctx, stages)
        if stage == "open":
            stage = rng.choice(OPEN)
        departments = ctx.departments[office]
        department = departments[DEPARTMENT_OF.get(category_name, rng.randrange(len(departments)))]
        deadline = _working_deadline(assigned.date(), days)
        span = (deadline - assigned.date()).days

        def later(moment, low, high):
            return min(moment + rng.randint(low, high) * DAY, ctx.now)

        received = later(assigned, 0, 2) if stage != A.ASSIGNED else None
        replied = published = closed = on_time = None
        if stage in REPLIED:
            # Most replies come in by the deadline; one in eight is late.
            replied = later(received, 2, span if rng.random() < 0.88 else span + 20)
            handler = ctx.extra["handlers"][department]
            self.replies.append((
                pk, ctx.prose(30, 200), stage != A.CLOSED_UNSOLVED, handler, replied, "", None,
            ))  # fmt: skip
        if stage in PUBLISHED:
            published = later(replied, 0, 2)
            on_time = replied.date() <= deadline
            reply = self.replies[-1]
            self.replies[-1] = (*reply[:6], published)
        if stage in (A.CLOSED, A.CLOSED_UNSOLVED):
            closed = later(published, 1, 7)
        answer = None
        if stage == A.CLOSED and rng.random() < 0.8:
            answer = (
                rng.choice((Feedback.Result.SOLVED,) * 6 + (Feedback.Result.PARTLY,)),
                rng.choices(list(Feedback.Satisfaction.values), (70, 25, 5))[0],
                closed,
            )
        elif stage in (A.CLOSED_UNSOLVED, A.NOT_SOLVED):
            answer = (
                Feedback.Result.NOT_SOLVED,
                rng.choice(
                    (Feedback.Satisfaction.DISSATISFIED,) * 3 + (Feedback.Satisfaction.BASICALLY,)
                ),
                closed or later(published, 1, 5),
            )
        if answer is not None:
            result, satisfaction, when = answer
            channel = rng.choice(Feedback.Channel.values)
            self.feedback.append((pk, raisers[0], 1, result, satisfaction, "", channel, when))
        handler, staff = ctx.extra["handlers"][department], ctx.extra["office_staff"][office]
        self.assignments.append((
            pk, opinion, office, department, handler, staff, stage, deadline, "", assigned,
            received, replied, published, closed, on_time, "", 0, 1 if published else 0,
        ))  # fmt: skip
        self.deadlines.append(
            (pk, None, deadline, DeadlineChange.Reason.ASSIGNED, "", staff, assigned)
        )
        status = {A.CLOSED: Status.CLOSED, A.CLOSED_UNSOLVED: Status.CLOSED_UNSOLVED}
        return status.get(stage, Status.ASSIGNED), closed

    def load(self, ledger: Ledger, ct: int) -> None:
        loader = self.ctx.loader
        loader.load(Opinion, OPINION_COLUMNS, self.opinions)
        loader.load(Opinion.raisers.through, ["opinion_id", "member_id"], self.raisers)
        loader.load(Assignment, ASSIGNMENT_COLUMNS, self.assignments)
        loader.load(
            DeadlineChange,
            [
                "assignment_id",
                "old_deadline",
                "new_deadline",
                "reason",
                "note",
                "changed_by_id",
                "changed_at",
            ],
            self.deadlines,
        )
        loader.load(
            Reply,
            [
                "assignment_id",
                "text",
                "solved",
                "author_id",
                "created_at",
                "sent_back_comment",
                "published_at",
            ],
            self.replies,
        )
        loader.load(
            Feedback,
            [
                "assignment_id",
                "member_id",
                "round",
                "result",
                "satisfaction",
                "comment",
                "channel",
                "created_at",
            ],
            self.feedback,
        )
        for kind, entries in ((RAISED, self.raised), (SOLVED_KIND, self.solved)):
            ledger.load(kind, [(m, o, ct, src, day, 1) for m, o, src, day in entries])


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _working_deadline(start: datetime.date, days: int) -> datetime.date:
    """`days` working days on, weekends skipped (holidays are not worth the lookups here)."""
    day = start + datetime.timedelta(days=days // 5 * 7 + days % 5)
    while day.weekday() >= 5:
        day += DAY
    return day
