"""The demo office's plans: this year's plan approved and folded into the street's plan, next
year's drafted early; a half-year report; a major activity waiting for its 请示."""

import datetime

from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType
from liaison.orgs.models import Organization, User
from liaison.plans import services
from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan, WorkReport

# (title, category, target, activity type code or "", responsible)
ITEMS = [
    ("组织街道政情通报会2次", "focus", 2, "briefing", "联络处主任"),
    ("集中走访慰问委员2次以上", "focus", 2, "collective_visit", "联络处主任"),
    ("提交提案10件以上", "focus", 10, "", "各委员"),
    ("提交社情民意信息6篇以上", "focus", 6, "", "各委员"),
    ("围绕街道重要决策开展专题调研1项", "initiative", 1, "", "曹升洋"),
    ("开展食品安全进校园主题活动", "service", 1, "", "联络处主任"),
    ("组织委员学《章程》、学职责", "awareness", 1, "study", "联络处主任"),
]


def _plan(office, director, bodies, year):
    plan = services.save_plan(
        director,
        WorkPlan(office=office),
        bodies,
        year=year,
        title=f"燕山街道政协联络处{year}年工作计划",
        introduction="坚持三个主动，抓好三项服务，突出三个重点，强化三种意识。",
    )
    types = {t.code: t for t in ActivityType.objects.all()}
    for order, (title, category, target, code, responsible) in enumerate(ITEMS, 1):
        services.save_item(
            director,
            PlanItem(plan=plan),
            order=order,
            title=title,
            category=category,
            target_count=target,
            target_quarter=None,
            responsible=responsible,
            activity_type=types.get(code),
        )
    return plan


def seed_office_plans(office) -> int:
    if WorkPlan.objects.filter(office=office).exists():
        return 0
    director = User.objects.get(username="zhuren")
    reviewer = User.objects.get(username="shuji")
    bodies = list(
        Organization.objects.filter(
            parent_id=office.parent_id,
            kind__in=[Organization.Kind.PARTY_COMMITTEE, Organization.Kind.SUBDISTRICT_OFFICE],
            name__startswith="燕山",
        )
    )
    today = timezone.localdate()
    current = _plan(office, director, bodies, today.year)
    services.submit_plan(director, current)
    services.comment_plan(
        reviewer, current, "建议结合街道中心工作，明确调研课题。", current.items.get(order=5)
    )
    services.save_item(
        director,
        current.items.get(order=5),
        title="就民营企业党组织建设开展专题调研1项",
    )
    services.submit_plan(director, current)
    services.approve_plan(reviewer, current)
    services.incorporate_plan(reviewer, current, today - datetime.timedelta(days=1))
    for item in current.items.filter(activity_type__isnull=True):
        services.note_progress(director, item, manual_done=1, notes="已按计划推进。")
    # Next year's plan, drafted early: the office submits it (the browser test does).
    _plan(office, director, bodies, today.year + 1)

    half = today.replace(month=1, day=1)
    report = services.save_report(
        director,
        WorkReport(office=office),
        bodies[:1],
        kind=WorkReport.Kind.HALF_YEAR,
        title=f"{today.year}年上半年工作汇报",
        period_start=half,
        period_end=min(today, half.replace(month=6, day=30)),
        body=services.draft_report_text(office, half, min(today, half.replace(month=6, day=30))),
    )
    services.submit_report(director, report)
    services.acknowledge_report(reviewer, report, "已阅，工作扎实。")

    starts = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(9))
    )
    forum = activities.save_activity(
        director,
        Activity(office=office),
        type=ActivityType.objects.get(code="symposium"),
        title="委员企业家座谈会",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="燕山街道办事处三楼会议室",
        is_major=True,
    )
    request = services.save_request(
        director,
        InstructionRequest(office=office),
        bodies[:1],
        title="关于召开委员企业家座谈会的请示",
        content="拟召开委员企业家座谈会，听取委员对街道经济发展的意见建议，恳请街道党政领导出席。",
        proposed_date=starts.date(),
        activity=forum,
    )
    services.submit_request(director, request)
    return 4
