"""The fuzz tests' settings profile and the records their forms edit."""

import datetime
import os
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings

# Modest by default (six examples a form keep `make test` short); FUZZ_EXAMPLES=200 for a
# long hunt. Failing examples are printed, not stored: the tests run on throwaway databases.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("fuzz")


@pytest.fixture
def objects(world):
    """The world plus one of every record a form of the table edits (`meeting`: an activity
    with check-in open)."""
    from liaison.activities import services as activities
    from liaison.activities.models import Activity, ActivityType
    from liaison.members import services as members
    from liaison.members.models import MemberGroup

    start = timezone.now() + datetime.timedelta(days=2)
    activity = activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="briefing"),
        title="政情通报会",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    activities.invite(world.director, activity, [world.kang])
    activity = activities.publish(world.director, activity)
    meeting = activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="briefing"),
        title="委员读书会",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    activities.invite(world.director, meeting, [world.kang])
    meeting = activities.open_checkin(world.director, activities.publish(world.director, meeting))
    enterprise = members.save_enterprise(world.director, world.kang, name="南景饭店")
    care = members.record_care_event(
        world.director, world.kang, kind="illness", event_date=timezone.localdate()
    )
    MemberGroup.objects.create(office=world.office, name="第一组")
    return SimpleNamespace(
        world=world,
        kang=world.kang,
        activity=activity,
        meeting=meeting,
        enterprise=enterprise,
        care=care,
        **_liaison_work(world),
    )


def _liaison_work(world):
    """Opinions not yet triaged, assigned, escalated, and with a reply the member says is not
    solved (still open, and closed as not solved); proposals in six states, 社情民意 reports;
    plans drafted, submitted and approved, work reports and requests drafted and submitted; a
    research project with a recommendation and a campaign with an inspection to re-inspect:
    made as the apps' own tests make them, through the services."""
    from liaison.opinions import services as opinions
    from liaison.opinions.defaults import ensure_categories
    from liaison.opinions.models import Category, Source, Status
    from liaison.plans import services as plans
    from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan, WorkReport
    from liaison.proposals import services as proposals
    from liaison.proposals.defaults import ensure_defaults
    from liaison.proposals.models import Category as ProposalCategory
    from liaison.proposals.models import Proposal, SocialSentimentReport
    from liaison.research import services as research
    from liaison.research.models import Campaign, Recommendation, ResearchProject
    from liaison.workdays import services as workdays

    workdays.preload()
    ensure_categories(Category)
    ensure_defaults()
    today = timezone.localdate()
    opinion = opinions.submit_opinion(
        world.staff,
        world.office,
        source=Source.VISIT,
        raisers=[world.kang],
        text="南景饭店周边早餐摊点油烟大，建议加强检查。",
        category=Category.objects.get(name="食品安全"),
        place="燕山街南段",
    )
    fresh_opinion = opinions.submit_opinion(
        world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text="路灯不亮。"
    )
    assignment = opinions.assign(world.staff, opinion, world.department)
    opinions.receive(world.handler, assignment)
    answered_assignment, published = (
        opinions.assign(
            world.staff,
            opinions.submit_opinion(
                world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text=text
            ),
            world.department,
        )
        for text in ("菜市场占道经营。", "小区排水不畅。")
    )
    for answered in (answered_assignment, published):
        opinions.receive(world.handler, answered)
        opinions.reply(world.handler, answered, "已整改。")
    opinions.check_reply(world.staff, published)
    opinions.publish(world.staff, published)
    escalated = opinions.triage(
        world.staff,
        opinions.submit_opinion(
            world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text="河道污染。"
        ),
        Status.ESCALATED,
        escalated_to="区生态环境局",
    )
    not_solved, closed_unsolved = (
        _not_solved(world, text) for text in ("噪音扰民。", "下水道堵塞。")
    )
    closed_unsolved = opinions.close(world.staff, closed_unsolved, solved=False)
    proposal_text = {
        "title": "关于加快老旧小区停车位改造的建议",
        "summary": "老旧小区停车难",
        "situation": "停车位严重不足。",
        "analysis": "规划滞后。",
        "suggestions": "挖掘闲置空地增设停车位。",
        "category": ProposalCategory.objects.get(code="municipal"),
    }
    proposal = proposals.save_proposal(
        world.member, Proposal(office=world.office, lead=world.kang), **proposal_text
    )
    submitted, forwarded, registered, assigned, replied = (
        proposals.submit(
            world.member,
            proposals.save_proposal(
                world.member,
                Proposal(office=world.office, lead=world.kang),
                **{**proposal_text, "title": f"关于{topic}的建议"},
            ),
        )
        for topic in ("增设路灯", "改造菜市场", "整治油烟", "疏通排水", "增设公厕")
    )
    for moved in (forwarded, registered, assigned, replied):
        proposals.forward(world.director, proposals.approve(world.director, moved))
    for number, moved in enumerate((registered, assigned, replied), start=1):
        proposals.register(world.viewer, moved, f"202600{number}")
    for moved in (assigned, replied):
        proposals.assign(world.director, moved, "芙蓉区交通局")
    proposals.record_reply(
        world.director,
        Proposal.objects.get(pk=replied.pk),
        unit="芙蓉区交通局",
        text="已整改。",
        grade="A",
        replied_on=today,
    )
    submitted_sentiment = proposals.save_report(
        world.member,
        SocialSentimentReport(office=world.office),
        [world.kang],
        title="关于菜市场占道经营的社情民意",
        problem="占道经营。",
        suggestions="规范管理。",
    )
    proposals.submit_report(world.staff, proposals.sign_off(world.director, submitted_sentiment))
    sentiment = proposals.save_report(
        world.member,
        SocialSentimentReport(office=world.office),
        [world.kang],
        title="关于校园周边摊贩的社情民意",
        problem="摊贩占道。",
        suggestions="加强管理。",
    )
    plan = plans.save_plan(
        world.director,
        WorkPlan(office=world.office),
        [world.party, world.subdistrict],
        year=today.year,
        title=f"{today.year}年工作计划",
        introduction="年初及早制定工作计划。",
    )
    plans.save_item(
        world.director, PlanItem(plan=plan), order=1, title="开展食品安全进校园", target_count=1
    )
    submitted_plan = plans.save_plan(
        world.director,
        WorkPlan(office=world.office),
        [world.party, world.subdistrict],
        year=today.year + 1,
        title=f"{today.year + 1}年工作计划",
        introduction="提前谋划。",
    )
    plans.save_item(
        world.director, PlanItem(plan=submitted_plan), order=1, title="组织视察", target_count=1
    )
    submitted_plan = plans.submit_plan(world.director, submitted_plan)
    approved_plan = plans.save_plan(
        world.director,
        WorkPlan(office=world.office),
        [world.party],
        year=today.year - 1,
        title=f"{today.year - 1}年工作计划",
    )
    plans.save_item(
        world.director, PlanItem(plan=approved_plan), order=1, title="走访委员", target_count=4
    )
    approved_plan = plans.approve_plan(
        world.reviewer, plans.submit_plan(world.director, approved_plan)
    )
    work_report = plans.save_report(
        world.director,
        WorkReport(office=world.office),
        [world.party],
        kind=WorkReport.Kind.AD_HOC,
        title="食品安全专项工作汇报",
        period_start=today - datetime.timedelta(days=30),
        period_end=today,
        body="开展检查三次。",
    )
    submitted_report = plans.submit_report(
        world.director,
        plans.save_report(
            world.director,
            WorkReport(office=world.office),
            [world.party],
            kind=WorkReport.Kind.AD_HOC,
            title="委员走访工作汇报",
            period_start=today - datetime.timedelta(days=30),
            period_end=today,
            body="走访委员十人。",
        ),
    )
    request, submitted_request = (
        plans.save_request(
            world.director,
            InstructionRequest(office=world.office),
            [world.party],
            title=f"关于召开{matter}的请示",
            content="拟于下旬召开座谈会。",
            matter=matter,
        )
        for matter in ("委员企业家座谈会", "委员读书会")
    )
    submitted_request = plans.submit_request(world.director, submitted_request)
    project = research.save_project(
        world.director,
        ResearchProject(office=world.office),
        [world.kang],
        topic="民营企业党组织建设",
        nature=ResearchProject.Nature.OVERALL,
        lead=world.kang,
        started_on=today - datetime.timedelta(days=30),
    )
    campaign = research.save_campaign(
        world.director,
        Campaign(office=world.office),
        [world.department],
        name="食品安全进校园",
        starts_on=today - datetime.timedelta(days=60),
        schools_reached=6,
        kindergartens_reached=4,
    )
    research.save_recommendation(
        world.director,
        Recommendation(project=project),
        text="在非公企业中建立党组织",
        body_name="区委",
    )
    research.record_inspection(
        world.director,
        campaign,
        premises="校门口小卖部",
        date=today - datetime.timedelta(days=10),
        findings="无证经营散装食品",
        rectification_required=True,
        rectification_deadline=today + datetime.timedelta(days=10),
    )
    return {
        "opinion": opinion,
        "fresh_opinion": fresh_opinion,
        "assignment": assignment,
        "replied_assignment": answered_assignment,
        "published_opinion": published.opinion,
        "escalated_opinion": escalated,
        "not_solved_assignment": not_solved,
        "closed_unsolved_assignment": closed_unsolved,
        "proposal": proposal,
        "submitted_proposal": Proposal.objects.get(pk=submitted.pk),
        "forwarded_proposal": Proposal.objects.get(pk=forwarded.pk),
        "registered_proposal": Proposal.objects.get(pk=registered.pk),
        "assigned_proposal": Proposal.objects.get(pk=assigned.pk),
        "replied_proposal": Proposal.objects.get(pk=replied.pk),
        "submitted_sentiment": submitted_sentiment,
        "sentiment": sentiment,
        "plan": plan,
        "instruction": request,
        "submitted_plan": submitted_plan,
        "approved_plan": approved_plan,
        "work_report": work_report,
        "submitted_report": submitted_report,
        "submitted_request": submitted_request,
        "project": project,
        "campaign": campaign,
    }


def _not_solved(world, text):
    """An assignment replied, checked and published, which the member says is not solved."""
    from liaison.opinions import services as opinions
    from liaison.opinions.models import Assignment, Source

    assignment = opinions.assign(
        world.staff,
        opinions.submit_opinion(
            world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text=text
        ),
        world.department,
    )
    opinions.receive(world.handler, assignment)
    opinions.reply(world.handler, assignment, "已处理。")
    opinions.check_reply(world.staff, assignment)
    opinions.publish(world.staff, assignment)
    opinions.give_feedback(world.kang, assignment, result="not_solved", satisfaction="dissatisfied")
    return Assignment.objects.get(pk=assignment.pk)
