"""Benchmark data: each office's annual work plan with its items, requests for instruction and
quarterly work reports, all sent to the street's Party committee and sub-district office.
See liaison/core/benchgen.py."""

import datetime

from liaison.activities.models import ActivityType
from liaison.core.benchgen import PLACES, Context, register, through_columns
from liaison.plans.models import (
    InstructionRequest,
    PlanItem,
    PlanStatus,
    ReportStatus,
    RequestStatus,
    WorkPlan,
    WorkReport,
)

REQUESTS_PER_YEAR = 3
ITEMS = [
    ("组织委员开展视察调研", PlanItem.Category.INITIATIVE, None, "", 4),
    ("委员履职学习培训", PlanItem.Category.INITIATIVE, "study", "", 2),
    ("走访联系委员", PlanItem.Category.SERVICE, None, "activities.visit", 40),
    ("收集社情民意", PlanItem.Category.SERVICE, None, "opinions.raised", 30),
    ("校园周边食品安全专项监督", PlanItem.Category.FOCUS, None, "research.inspection", 50),
    ("撰写提案", PlanItem.Category.FOCUS, None, "proposals.lead", 10),
    ("开展协商议事活动", PlanItem.Category.AWARENESS, "symposium", "", 4),
    ("联络处阵地建设", PlanItem.Category.OTHER, None, "", 1),
]
PLAN_COLUMNS = [
    "id", "office_id", "year", "title", "introduction", "status", "incorporated_on",
    "submitted_at", "decided_at", "created_at",
]  # fmt: skip
ITEM_COLUMNS = [
    "plan_id", "order", "title", "category", "target_count", "target_quarter", "target_month",
    "responsible", "activity_type_id", "duty_kind", "manual_done", "notes",
]  # fmt: skip


@register("plans", order=60)
def generate(ctx: Context) -> None:
    types = dict(ActivityType.objects.values_list("code", "pk"))
    bodies = ctx.extra["review_bodies"]
    offices = [o for o in ctx.offices for _year in ctx.years]
    plans = list(zip(ctx.loader.reserve_ids(WorkPlan, len(offices)), offices, strict=True))
    requests = ctx.loader.reserve_ids(InstructionRequest, len(offices) * REQUESTS_PER_YEAR)
    reports = ctx.loader.reserve_ids(WorkReport, len(offices) * 4)
    plan_rows, item_rows, request_rows, report_rows = [], [], [], []
    requests, reports = iter(requests), iter(reports)
    links = {WorkPlan: [], InstructionRequest: [], WorkReport: []}
    rng, now = ctx.rng, ctx.now
    for (pk, office), year in zip(plans, ctx.years * len(ctx.offices), strict=True):
        current = year == now.year
        status = rng.choice(list(PlanStatus.values)) if current else PlanStatus.INCORPORATED
        submitted = _at(ctx, year - 1, 12, 20) if status != PlanStatus.DRAFT else None
        decided = _at(ctx, year, 1, 10) if status in (PlanStatus.APPROVED, "incorporated") else None
        plan_rows.append((
            pk, office, year, f"{year}年度政协联络处工作计划", ctx.prose(100, 300), status,
            decided.date() + datetime.timedelta(days=5) if status == "incorporated" else None,
            submitted, decided, _at(ctx, year - 1, 12, 1),
        ))  # fmt: skip
        for order, (title, category, type_code, kind, target) in enumerate(ITEMS):
            item_rows.append((
                pk, order, title, category, target, rng.randint(1, 4), None,
                "联络处主任", types.get(type_code), kind,
                rng.randint(0, target) if not type_code and not kind else 0, "",
            ))  # fmt: skip
        for _ in range(REQUESTS_PER_YEAR):
            request_pk = next(requests)
            created = ctx.moment(year)
            state = rng.choices(list(RequestStatus.values), (5, 10, 80, 5))[0]
            if not current:
                state = rng.choice((RequestStatus.APPROVED,) * 9 + (RequestStatus.REFUSED,))
            sent = state != RequestStatus.DRAFT
            request_rows.append((
                request_pk, office, f"关于召开{rng.choice(PLACES)}{ctx.topic()}协商会的请示",
                ctx.prose(80, 300), (created + datetime.timedelta(days=14)).date(),
                f"{ctx.topic()}协商会", state,
                ctx.prose(10, 40) if state in ("approved", "refused") else "",
                created if sent else None,
                created + datetime.timedelta(days=2) if state in ("approved", "refused") else None,
                created,
            ))  # fmt: skip
            links[InstructionRequest].append((request_pk, office))
        for quarter in range(4):
            report_pk = next(reports)
            start = datetime.date(year, quarter * 3 + 1, 1)
            end = _quarter_end(year, quarter)
            if start > now.date():
                continue  # the quarters still to come have no report yet
            due = end < now.date()
            filed = _at(ctx, year, quarter * 3 + 3, 28) if due else None
            report_rows.append((
                report_pk, office, WorkReport.Kind.QUARTERLY,
                f"{year}年第{quarter + 1}季度工作汇报", start, end,
                ctx.prose(300, 1000),
                rng.choice(("submitted", "acknowledged")) if due else ReportStatus.DRAFT,
                "", filed, filed, filed or now,
            ))  # fmt: skip
            links[WorkReport].append((report_pk, office))
        links[WorkPlan].append((pk, office))
    load = ctx.loader.load
    load(WorkPlan, PLAN_COLUMNS, plan_rows)
    load(PlanItem, ITEM_COLUMNS, item_rows)
    load(
        InstructionRequest,
        [
            "id",
            "office_id",
            "title",
            "content",
            "proposed_date",
            "matter",
            "status",
            "decision_comment",
            "submitted_at",
            "decided_at",
            "created_at",
        ],
        request_rows,
    )
    load(
        WorkReport,
        [
            "id",
            "office_id",
            "kind",
            "title",
            "period_start",
            "period_end",
            "body",
            "status",
            "decision_comment",
            "submitted_at",
            "decided_at",
            "created_at",
        ],
        report_rows,
    )
    for model, records in links.items():
        ctx.loader.load_ids(
            model.review_bodies.through,
            through_columns(model.review_bodies),
            ((pk, body) for pk, office in records for body in bodies[office]),
        )


def _at(ctx: Context, year: int, month: int, day: int) -> datetime.datetime:
    moment = datetime.datetime(year, month, day, 10, tzinfo=ctx.now.tzinfo)
    return min(moment, ctx.now)


def _quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 3:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 4, 1) - datetime.timedelta(days=1)
