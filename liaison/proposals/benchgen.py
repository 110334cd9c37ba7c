"""Benchmark data: proposals over the years in every state of their lifecycle (this year's
still moving, earlier ones mostly closed), co-signers, the district's decisions, replies and
evaluations; social-sentiment reports (some converted from proposals not registered) with
adoptions and instructions; and their ledger rows. See liaison/core/benchgen.py."""

import datetime

from django.utils import timezone

from liaison.core.benchgen import PLACES, Context, register
from liaison.duty.benchgen import Ledger, content_type
from liaison.proposals import services
from liaison.proposals.defaults import ensure_defaults
from liaison.proposals.models import (
    ACCEPTED,
    Adoption,
    Category,
    CoSigner,
    Evaluation,
    Grade,
    Instruction,
    Level,
    Proposal,
    RejectionReason,
    Reply,
    ReportState,
    SocialSentimentReport,
    State,
)

BATCH = 100  # offices per batch
DAY = datetime.timedelta(days=1)
REPORT_SHARE = 10  # one social-sentiment report for every ten proposals (plus conversions)
PROPOSAL_COLUMNS = [
    "id", "office_id", "year", "number", "title", "summary", "situation", "analysis",
    "suggestions", "category_id", "lead_id", "proposer_type", "timing", "suggested_units",
    "host_main", "host_assist", "state", "cosign_deadline", "office_comment", "is_key",
    "is_excellent", "rejection_reason_id", "conversion", "merged_into_id", "reply_deadline",
    "created_at", "updated_at", "submitted_at", "forwarded_at", "decided_at", "assigned_at",
]  # fmt: skip
REPORT_COLUMNS = [
    "id", "office_id", "year", "title", "problem", "suggestions", "state", "is_excellent",
    "from_proposal_id", "signed_at", "submitted_at", "created_at",
]  # fmt: skip
EARLIER_YEARS = [
    (State.CLOSED, 52),
    (State.REPLIED, 8),
    (State.UNSATISFIED, 2),
    (State.ASSIGNED, 3),
    (State.NOT_REGISTERED, 25),
    (State.MERGED, 6),
    (State.FORWARDED, 1),
    (State.REGISTERED, 1),
    (State.DRAFT, 2),
]
THIS_YEAR = [
    (State.DRAFT, 8),
    (State.SUBMITTED, 8),
    (State.RETURNED, 4),
    (State.APPROVED, 5),
    (State.FORWARDED, 10),
    (State.REGISTERED, 10),
    (State.NOT_REGISTERED, 8),
    (State.MERGED, 3),
    (State.ASSIGNED, 20),
    (State.REPLIED, 12),
    (State.UNSATISFIED, 2),
    (State.CLOSED, 10),
]
# How far along the lifecycle a state is.
STEP = {
    State.DRAFT: 0,
    State.RETURNED: 1,
    State.SUBMITTED: 1,
    State.APPROVED: 2,
    State.FORWARDED: 3,
    State.REGISTERED: 4,
    State.NOT_REGISTERED: 4,
    State.MERGED: 4,
    State.ASSIGNED: 5,
    State.REPLIED: 6,
    State.UNSATISFIED: 6,
    State.CLOSED: 6,
}
UNITS = ["区住建局", "区城管局", "区民政局", "区市场监管局", "区教育局", "区卫健委", "区发改局"]
LEADERS = ["区委书记", "区长", "市政协主席", "副区长"]
ADOPTED_BY = {
    Level.DISTRICT: "区政协办公室",
    Level.CITY: "市政协办公厅",
    Level.PROVINCE: "省政协办公厅",
    Level.NATIONAL: "全国政协办公厅",
}


def _weighted(ctx, table):
    return ctx.rng.choices([t for t, _w in table], [w for _t, w in table])[0]


@register("proposals", order=50)
def generate(ctx: Context) -> None:
    ensure_defaults()
    kinds = {
        "categories": list(Category.objects.values_list("pk", flat=True)),
        "reasons": list(RejectionReason.objects.values_list("pk", flat=True)),
        "proposal": content_type(Proposal),
        "report": content_type(SocialSentimentReport),
        "adoption": content_type(Adoption),
        "instruction": content_type(Instruction),
    }
    counts = dict(zip(ctx.offices, ctx.per_office(ctx.scale["proposals"]), strict=True))
    for start in range(0, len(ctx.offices), BATCH):
        batch = _Batch(ctx, kinds)
        for office in ctx.offices[start : start + BATCH]:
            batch.office(office, counts[office])
        batch.load(ctx.extra["ledger"])


class _Batch:
    def __init__(self, ctx: Context, kinds: dict):
        self.ctx, self.kinds = ctx, kinds
        self.proposals, self.cosigners, self.replies, self.evaluations = [], [], [], []
        self.reports, self.submitters, self.adoptions, self.instructions = [], [], [], []
        self.ledger: dict[str, list] = {}

    def entry(self, kind, member, office, ct, source, moment):
        day = (
            moment
            if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime)
            else timezone.localtime(moment).date()
        )
        self.ledger.setdefault(kind, []).append((member, office, ct, source, day, 1))

    def office(self, office: int, count: int) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        members = ctx.members.get(office, [])
        if not members:
            return
        target = None  # the latest accepted proposal a later one can be merged into
        created = sorted(
            (ctx.moment(year), year) for year in (rng.choice(ctx.years) for _ in range(count))
        )
        for pk, (at, year) in zip(ctx.loader.reserve_ids(Proposal, count), created, strict=True):
            state = _weighted(ctx, THIS_YEAR if year == ctx.now.year else EARLIER_YEARS)
            if state == State.MERGED and target is None:
                state = State.REGISTERED
            self._proposal(pk, office, year, at, state, members, target)
            if state in ACCEPTED and state != State.MERGED:
                target = pk
        for _ in range(count // REPORT_SHARE):
            year = rng.choice(ctx.years)
            self._report(office, year, ctx.moment(year), rng.sample(members, 1), None)

    def _proposal(self, pk, office, year, created, state, members, target):
        ctx, rng, kinds = self.ctx, self.ctx.rng, self.kinds
        step = STEP[state]

        def after(moment, low, high):
            return min(moment + rng.randint(low, high) * DAY, ctx.now) if moment else None

        submitted = after(created, 1, 5) if step >= 1 else None
        forwarded = after(submitted, 3, 10) if step >= 3 else None
        decided = after(forwarded, 10, 30) if step >= 4 else None
        assigned = after(decided, 5, 15) if step >= 5 and state != State.MERGED else None
        lead = rng.choice(members)
        joint = rng.random() < 0.35
        is_key = state in ACCEPTED and rng.random() < 0.05
        is_excellent = state in (State.CLOSED, State.REPLIED) and rng.random() < 0.04
        reason = rng.choice(kinds["reasons"]) if state == State.NOT_REGISTERED else None
        conversion = ""
        if reason is not None and rng.random() < 0.2:
            conversion = "report"
        host = rng.choice(UNITS)
        title = f"关于{rng.choice(PLACES)}{ctx.topic()}的建议"
        self.proposals.append((
            pk, office, year, f"{year}-{pk:06d}" if state in ACCEPTED else "", title,
            f"{ctx.topic()}问题", ctx.prose(150, 600),
            ctx.prose(100, 400) if rng.random() < 0.7 else "", ctx.prose(150, 600),
            rng.choice(kinds["categories"]), lead,
            Proposal.ProposerType.JOINT if joint else Proposal.ProposerType.INDIVIDUAL,
            rng.choice(Proposal.Timing.values), host if rng.random() < 0.5 else "",
            host if assigned else "", rng.choice(UNITS) if assigned and rng.random() < 0.3 else "",
            state, after(created, 7, 7) if joint else None,
            ctx.prose(20, 60) if state == State.RETURNED else "", is_key, is_excellent,
            reason, conversion, target if state == State.MERGED else None,
            assigned.date() + 90 * DAY if assigned else None, created,
            decided or forwarded or submitted or created, submitted, forwarded, decided,
            assigned,
        ))  # fmt: skip
        confirmed = []
        if joint:
            others = [m for m in members if m != lead]
            for member in rng.sample(others, min(len(others), rng.randint(2, 4))):
                if forwarded:
                    status = rng.choices(("confirmed", "declined", "dropped"), (85, 5, 10))[0]
                else:
                    status = rng.choice(("invited", "confirmed"))
                responded = after(created, 1, 6) if status in ("confirmed", "declined") else None
                self.cosigners.append((pk, member, status, responded))
                if status == "confirmed":
                    confirmed.append(member)
        ct = kinds["proposal"]
        if forwarded:
            self.entry(services.LEAD, lead, office, ct, pk, forwarded)
            if is_key:
                self.entry(services.KEY, lead, office, ct, pk, forwarded)
            if is_excellent:
                self.entry(services.EXCELLENT, lead, office, ct, pk, forwarded)
            for member in confirmed:
                self.entry(services.COSIGN, member, office, ct, pk, forwarded)
        if decided and state in ACCEPTED:
            self.entry(services.REGISTERED, lead, office, ct, pk, decided)
        if state in (State.REPLIED, State.UNSATISFIED, State.CLOSED):
            reply = self.ctx.loader.reserve_ids(Reply, 1)[0]
            replied = after(assigned, 20, 80).date()
            grade = rng.choices(Grade.values, (45, 35, 15, 5))[0]
            staff = ctx.extra["office_staff"][office]
            self.replies.append((reply, pk, 1, host, ctx.prose(100, 400), grade, replied, staff))
            if state != State.REPLIED:
                satisfaction = (
                    "unsatisfied"
                    if state == State.UNSATISFIED
                    else rng.choices(("satisfied", "basically"), (70, 30))[0]
                )
                self.evaluations.append((
                    reply, rng.choice(Evaluation.Consulted.values), "good",
                    "disagree" if satisfaction == "unsatisfied" else "agree", satisfaction, "",
                    after(datetime.datetime.combine(replied, created.timetz()), 1, 10),
                ))  # fmt: skip
        if conversion:
            self._report(office, year, decided, [lead, *confirmed], pk)

    def _report(self, office, year, created, submitters, from_proposal):
        ctx, rng, kinds = self.ctx, self.ctx.rng, self.kinds
        pk = ctx.loader.reserve_ids(SocialSentimentReport, 1)[0]
        state = rng.choices(ReportState.values, (15, 10, 75))[0]
        if from_proposal:
            state = ReportState.DRAFT
        signed = min(created + 2 * DAY, ctx.now) if state != ReportState.DRAFT else None
        submitted = min(created + 3 * DAY, ctx.now) if state == ReportState.SUBMITTED else None
        excellent = submitted is not None and rng.random() < 0.05
        if len(submitters) == 1 and rng.random() < 0.3:
            others = [m for m in ctx.members[office] if m != submitters[0]]
            submitters = submitters + rng.sample(others, min(1, len(others)))
        self.reports.append((
            pk, office, year, f"关于{rng.choice(PLACES)}{ctx.topic()}的情况反映",
            ctx.prose(150, 500), ctx.prose(100, 300), state, excellent, from_proposal, signed,
            submitted, created,
        ))  # fmt: skip
        self.submitters.extend((pk, member) for member in submitters)
        if submitted is None:
            return
        adoptions, instructions = [], []
        # (the first submitted report is adopted and instructed whatever the draw: the office
        # scale's few reports drew none on some days, and every kind of row must exist)
        if rng.random() < 0.25 or not self.adoptions:
            level = rng.choices(Level.values, (60, 30, 8, 2))[0]
            adoption = (
                ctx.loader.reserve_ids(Adoption, 1)[0], pk, level,
                rng.choice(Adoption.Mode.values), (submitted + 20 * DAY).date(),
                ADOPTED_BY[level],
            )  # fmt: skip
            self.adoptions.append(adoption)
            adoptions.append(adoption)
            if rng.random() < 0.2 or not self.instructions:
                instruction = (
                    ctx.loader.reserve_ids(Instruction, 1)[0], pk, rng.choice(LEADERS), level,
                    ctx.prose(20, 60), (submitted + 30 * DAY).date(),
                )  # fmt: skip
                self.instructions.append(instruction)
                instructions.append(instruction)
        for member in submitters:
            self.entry(services.REPORT_SUBMITTED, member, office, kinds["report"], pk, submitted)
            if excellent:
                self.entry(services.EXCELLENT, member, office, kinds["report"], pk, submitted)
            for a_pk, _r, level, _m, day, _b in adoptions:
                self.entry(services.ADOPTED[level], member, office, kinds["adoption"], a_pk, day)
            for i_pk, _r, _l, _v, _t, day in instructions:
                self.entry(services.INSTRUCTION, member, office, kinds["instruction"], i_pk, day)

    def load(self, ledger: Ledger) -> None:
        load = self.ctx.loader.load
        load(Proposal, PROPOSAL_COLUMNS, self.proposals)
        load(CoSigner, ["proposal_id", "member_id", "status", "responded_at"], self.cosigners)
        load(
            Reply,
            ["id", "proposal_id", "round", "unit", "text", "grade", "replied_on", "entered_by_id"],
            self.replies,
        )
        load(
            Evaluation,
            [
                "reply_id",
                "consulted",
                "attitude",
                "agreement",
                "satisfaction",
                "comment",
                "evaluated_at",
            ],
            self.evaluations,
        )
        load(SocialSentimentReport, REPORT_COLUMNS, self.reports)
        load(
            SocialSentimentReport.submitters.through,
            ["socialsentimentreport_id", "member_id"],
            self.submitters,
        )
        load(Adoption, ["id", "report_id", "level", "mode", "date", "body"], self.adoptions)
        load(
            Instruction,
            ["id", "report_id", "leader", "level", "text", "date"],
            self.instructions,
        )
        for kind, entries in self.ledger.items():
            ledger.load(kind, entries)
