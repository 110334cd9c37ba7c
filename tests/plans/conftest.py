import datetime

import pytest
from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType
from liaison.plans import services
from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan


@pytest.fixture
def plan(world):
    """The office's plan for this year, with a briefing item linked to activities and one
    counted by hand, still a draft."""
    year = timezone.localdate().year
    plan = services.save_plan(
        world.director,
        WorkPlan(office=world.office),
        [world.party, world.subdistrict],
        year=year,
        title=f"{year}年燕山街道政协联络处工作计划",
        introduction="年初及早制定工作计划。",
    )
    services.save_item(
        world.director,
        PlanItem(plan=plan),
        order=1,
        title="组织政情通报会2次",
        category=PlanItem.Category.FOCUS,
        target_count=2,
        activity_type=ActivityType.objects.get(code="briefing"),
    )
    services.save_item(
        world.director,
        PlanItem(plan=plan),
        order=2,
        title="开展食品安全进校园主题活动",
        category=PlanItem.Category.SERVICE,
        target_count=1,
        responsible="联络处主任",
    )
    return plan


@pytest.fixture
def major_activity(world):
    starts = timezone.now() + datetime.timedelta(days=10)
    return activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="symposium"),
        title="委员企业家座谈会",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_major=True,
    )


@pytest.fixture
def instruction(world, major_activity):
    return services.save_request(
        world.director,
        InstructionRequest(office=world.office),
        [world.party],
        title="关于召开委员企业家座谈会的请示",
        content="拟于下旬召开座谈会，请党工委领导出席。",
        activity=major_activity,
    )
