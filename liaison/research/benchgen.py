"""Benchmark data: research projects with field trips, reports and recommendations; one
food-safety campaign per office and year with its supervision team; donations; and the
campaigns' inspections of premises, which also bring the ledger up to the scale's "duty"
count (the last ledger rows generated: inspections are the everyday act of the teams).
See liaison/core/benchgen.py."""

import datetime
from decimal import Decimal

from liaison.core.benchgen import PLACES, Context, register, through_columns
from liaison.duty.benchgen import Ledger, content_type
from liaison.duty.models import DutyRecord
from liaison.research import services
from liaison.research.models import (
    Campaign,
    Donation,
    FieldTrip,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchProject,
    TeamMember,
)

BATCH = 100  # offices per batch
DAY = datetime.timedelta(days=1)
PROJECTS_PER_YEAR = 2
TEAM_MEMBERS = (5, 9)  # CPPCC members on a campaign's team, besides three others
INSPECTORS = (2, 4)  # members on one inspection
DONATIONS_PER_MEMBER_YEAR = 0.2
PREMISES = ["饭店", "便利店", "小吃店", "超市", "奶茶店", "面馆", "烧烤店", "早餐店"]
OTHERS = [
    (TeamMember.Role.CADRE, "街道办"),
    (TeamMember.Role.ENFORCEMENT, "城管执法中队"),
    (TeamMember.Role.VOLUNTEER, "社区志愿者协会"),
]
RECIPIENTS = ["社区困难群众", "辖区学校", "敬老院", "防汛救灾", "社区卫生服务中心"]


@register("research", order=70)
def generate(ctx: Context) -> None:
    ledger: Ledger = ctx.extra["ledger"]
    cts = {
        model: content_type(model)
        for model in (ResearchProject, FieldTrip, ReportVersion, Recommendation, TeamMember)
    }
    cts[Donation] = content_type(Donation)
    teams = {}  # office → [(campaign, starts, ends, [member team rows (pk, member)])]
    for start in range(0, len(ctx.offices), BATCH):
        batch = ctx.offices[start : start + BATCH]
        _projects(ctx, ledger, cts, batch)
        teams.update(_campaigns(ctx, ledger, cts, batch))
        _donations(ctx, ledger, cts[Donation], batch)
    table = DutyRecord._meta.db_table
    missing = max(ctx.scale["duty"] - ctx.loader.counts.get(table, 0), 0)
    per_office = dict(zip(ctx.offices, ctx.per_office(missing), strict=True)) if missing else {}
    ct = content_type(PremisesInspection)
    for start in range(0, len(ctx.offices), BATCH):
        _inspections(ctx, ledger, ct, ctx.offices[start : start + BATCH], teams, per_office)


def _projects(ctx, ledger, cts, offices) -> None:
    rng, today = ctx.rng, ctx.now.date()
    projects, groups, trips, participants, versions, authors, recs = [], [], [], [], [], [], []
    participation, written, adopted = [], [], []
    for office in offices:
        members = ctx.members.get(office, [])
        if len(members) < 2:
            continue
        for year in ctx.years:
            for _ in range(PROJECTS_PER_YEAR):
                pk = ctx.loader.reserve_ids(ResearchProject, 1)[0]
                started = ctx.moment(year).date()
                age = (today - started).days
                status = "reported" if age > 120 else ("ongoing" if age > 20 else "planned")
                lead, *group = rng.sample(members, min(len(members), rng.randint(3, 6)))
                projects.append((
                    pk, office, f"关于{rng.choice(PLACES)}{ctx.topic()}的调研",
                    rng.choice(ResearchProject.Nature.values), "", None, lead,
                    ctx.prose(100, 300), started, status, ctx.now,
                ))  # fmt: skip
                groups.extend((pk, m) for m in group)
                for member in {lead, *group}:
                    participation.append((member, office, cts[ResearchProject], pk, started, 1))
                if status == "planned":
                    continue
                trip = ctx.loader.reserve_ids(FieldTrip, 1)[0]
                trip_day = min(started + rng.randint(5, 20) * DAY, today)
                went = [lead, *group[: rng.randint(1, max(1, len(group)))]]
                trips.append((trip, pk, f"{rng.choice(PLACES)}社区", trip_day, trip_day, ""))
                participants.extend((trip, m) for m in went)
                for member in went:
                    participation.append((member, office, cts[FieldTrip], trip, trip_day, 1))
                if status != "reported":
                    continue
                version = ctx.loader.reserve_ids(ReportVersion, 1)[0]
                day = started + 90 * DAY
                versions.append((version, pk, 1, "final", "调研报告", ctx.prose(600, 1500), day))
                authors.append((version, lead))
                written.append((lead, office, cts[ReportVersion], version, day, 1))
                for _ in range(2):
                    rec = ctx.loader.reserve_ids(Recommendation, 1)[0]
                    adoption = rng.choices(
                        Recommendation.Adoption.values, (10, 50, 25, 15)
                    )[0]  # fmt: skip
                    answered = min(day + 30 * DAY, today) if adoption != "pending" else None
                    recs.append((
                        rec, pk, ctx.prose(40, 120), "区政府办", adoption,
                        ctx.prose(20, 60) if adoption in ("adopted", "partly") else "", answered,
                    ))  # fmt: skip
                    if adoption in ("adopted", "partly"):
                        adopted.append((lead, office, cts[Recommendation], rec, answered, 1))
    load = ctx.loader.load
    load(
        ResearchProject,
        [
            "id",
            "office_id",
            "topic",
            "nature",
            "decision_name",
            "decision_expected",
            "lead_id",
            "plan",
            "started_on",
            "status",
            "created_at",
        ],
        projects,
    )
    load(ResearchProject.group.through, through_columns(ResearchProject.group), groups)
    load(
        FieldTrip,
        ["id", "project_id", "destinations", "starts_on", "ends_on", "findings"],
        trips,
    )
    load(FieldTrip.participants.through, through_columns(FieldTrip.participants), participants)
    load(
        ReportVersion,
        ["id", "project_id", "number", "stage", "title", "text", "written_on"],
        versions,
    )
    load(ReportVersion.authors.through, through_columns(ReportVersion.authors), authors)
    load(
        Recommendation,
        ["id", "project_id", "text", "body_name", "adoption", "evidence", "answered_on"],
        recs,
    )
    ledger.load(services.RESEARCH, participation)
    ledger.load(services.REPORT_AUTHOR, written)
    ledger.load(services.ADOPTED, adopted)


def _campaigns(ctx, ledger, cts, offices) -> dict:
    rng, today = ctx.rng, ctx.now.date()
    names = ctx.extra["member_names"]
    campaigns, team_rows, on_team, teams = [], [], [], {}
    for office in offices:
        members = ctx.members.get(office, [])
        teams[office] = []
        if not members:
            continue
        for year in ctx.years:
            pk = ctx.loader.reserve_ids(Campaign, 1)[0]
            starts = datetime.date(year, 3, 1)
            if starts > today:
                continue
            ends = datetime.date(year, 12, 20) if year < ctx.now.year else None
            campaigns.append((
                pk, office, f"{year}年校园周边食品安全专项监督行动", starts, ends,
                "街道党工委副书记任组长", ctx.prose(100, 300), rng.randint(2, 6),
                rng.randint(3, 10), ctx.now,
            ))  # fmt: skip
            team = []
            chosen = rng.sample(members, min(len(members), rng.randint(*TEAM_MEMBERS)))
            for member in chosen:
                row = ctx.loader.reserve_ids(TeamMember, 1)[0]
                team_rows.append((row, pk, TeamMember.Role.MEMBER, names[member], "", member))
                on_team.append((member, office, cts[TeamMember], row, starts, 1))
                team.append((row, member))
            for role, affiliation in OTHERS:
                row = ctx.loader.reserve_ids(TeamMember, 1)[0]
                team_rows.append((row, pk, role, ctx.name(), affiliation, None))
            teams[office].append((pk, starts, ends or today, team))
    ctx.loader.load(
        Campaign,
        [
            "id",
            "office_id",
            "name",
            "starts_on",
            "ends_on",
            "leading_group",
            "description",
            "schools_reached",
            "kindergartens_reached",
            "created_at",
        ],
        campaigns,
    )
    ctx.loader.load(
        TeamMember, ["id", "campaign_id", "role", "name", "affiliation", "member_id"], team_rows
    )
    ledger.load(services.CAMPAIGN, on_team)
    return teams


def _donations(ctx, ledger, ct, offices) -> None:
    rng = ctx.rng
    rows, entries = [], []
    for office in offices:
        members = ctx.members.get(office, [])
        for year in ctx.years:
            for _ in range(round(len(members) * DONATIONS_PER_MEMBER_YEAR)):
                pk = ctx.loader.reserve_ids(Donation, 1)[0]
                member = rng.choice(members)
                day = ctx.moment(year).date()
                form = rng.choice(Donation.Form.values)
                value = Decimal(rng.randrange(500, 50000, 100))
                description = "米、油等慰问物资" if form == "goods" else ""
                rows.append((pk, office, member, rng.choice(RECIPIENTS), form, description,
                             value, day, ctx.now))  # fmt: skip
                entries.append((member, office, ct, pk, day, 1))
    ctx.loader.load(
        Donation,
        [
            "id",
            "office_id",
            "member_id",
            "recipient",
            "form",
            "description",
            "value",
            "date",
            "created_at",
        ],
        rows,
    )
    ledger.load(services.DONATION, entries)


def _inspections(ctx, ledger, ct, offices, teams, per_office) -> None:
    """Enough inspections, two to four members on each, for each office's share of the
    ledger rows still missing. Ids follow the date, so the ledger rows come in the order the
    yearly cap counts them."""
    rng, today = ctx.rng, ctx.now.date()
    rows, inspectors, entries = [], [], []
    for office in offices:
        wanted = per_office.get(office, 0)
        campaigns = [c for c in teams.get(office, []) if c[3]]
        if not wanted or not campaigns:
            continue
        planned = []  # (date, campaign, [(team row, member)])
        while wanted > 0:
            campaign, starts, ends, team = rng.choice(campaigns)
            day = starts + rng.randrange(max((ends - starts).days, 1)) * DAY
            size = min(len(team), rng.randint(*INSPECTORS), wanted)
            planned.append((day, campaign, rng.sample(team, size)))
            wanted -= size
        planned.sort(key=lambda p: p[0])
        ids = ctx.loader.reserve_ids(PremisesInspection, len(planned))
        for pk, (day, campaign, went) in zip(ids, planned, strict=True):
            rectify = rng.random() < 0.2
            deadline = day + rng.randint(7, 14) * DAY if rectify else None
            result, reinspected = "pending", None
            if rectify and deadline < today:
                result = rng.choice(("rectified",) * 8 + ("not_rectified", "pending"))
                reinspected = deadline if result != "pending" else None
            rows.append((
                pk, campaign, f"{ctx.name()[0]}记{rng.choice(PREMISES)}",
                rng.choice(PREMISES), f"{rng.choice(PLACES)}路{rng.randint(1, 300)}号",
                f"{rng.choice(PLACES)}小学" if rng.random() < 0.5 else "", day,
                "证照齐全，操作规范。" if not rectify else "后厨卫生不达标，需限期整改。",
                rectify, deadline, reinspected, result,
            ))  # fmt: skip
            for row, member in went:
                inspectors.append((pk, row))
                entries.append((member, office, ct, pk, day, 1))
    ctx.loader.load(
        PremisesInspection,
        [
            "id",
            "campaign_id",
            "premises",
            "premises_kind",
            "address",
            "near_school",
            "date",
            "findings",
            "rectification_required",
            "rectification_deadline",
            "reinspected_on",
            "reinspection_result",
        ],
        rows,
    )
    ctx.loader.load_ids(
        PremisesInspection.inspectors.through,
        through_columns(PremisesInspection.inspectors),
        inspectors,
    )
    ledger.load(services.INSPECTION, entries, ordered=True)
