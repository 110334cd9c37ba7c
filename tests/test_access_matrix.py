"""Every protected page, tried by every named user of the world and by an anonymous visitor.

A row lists who may open the page; everyone else must be refused (403, or 404 where the
object is outside their reach), and anonymous visitors are sent to the login page.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.orgs.audit import log_action

ALL = {
    "director",
    "staff",
    "member",
    "other",
    "reviewer",
    "handler",
    "viewer",
    "admin",
    "security",
    "auditor",
    "nobody",
}
OFFICE_VIEW = {"director", "staff", "other", "viewer"}


def pages(world):
    activity = _activity(world)
    entry = log_action(world.office, "update", world.director, {"x": 1})
    act = _duty_act(world, activity)
    return [
        # (url, users allowed)
        (reverse("home"), ALL),
        (reverse("notifications"), ALL),
        (reverse("notification_preferences"), ALL),
        (reverse("export_list"), ALL),
        (reverse("password_change"), ALL),
        (reverse("member_list"), OFFICE_VIEW),
        (reverse("member_detail", args=[world.kang.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("duty_home"), OFFICE_VIEW | {"member"}),
        (reverse("duty_my_record"), {"member"}),
        (
            reverse("duty_member_record", args=[world.kang.pk]),
            {"director", "staff", "viewer", "member"},
        ),
        (reverse("duty_record_detail", args=[act.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("duty_ranking"), OFFICE_VIEW),
        (reverse("duty_inactive"), OFFICE_VIEW),
        (reverse("duty_rules"), {"admin"}),
        (reverse("reports_dashboard"), OFFICE_VIEW),
        (reverse("reports_summary"), OFFICE_VIEW),
        (reverse("reports_district"), {"viewer"}),
        (reverse("member_create"), {"director", "staff", "other"}),
        (reverse("member_edit", args=[world.kang.pk]), {"director", "staff"}),
        (reverse("member_personal", args=[world.kang.pk]), {"director", "member"}),
        (reverse("enterprise_create", args=[world.kang.pk]), {"director", "staff"}),
        (reverse("honour_create", args=[world.kang.pk]), {"director", "staff"}),
        (reverse("care_create", args=[world.kang.pk]), {"director", "staff"}),
        (reverse("care_list"), {"director", "staff", "other"}),
        (reverse("enterprise_overview"), OFFICE_VIEW),
        (reverse("member_import"), {"director", "staff", "other"}),
        (reverse("member_import_template"), {"director", "staff", "other"}),
        (reverse("member_groups"), {"director", "staff", "other"}),
        (reverse("district_lists", args=["sectors"]), {"admin"}),
        (reverse("district_lists", args=["committees"]), {"admin"}),
        (reverse("activity_list"), OFFICE_VIEW | {"member"}),
        (reverse("activity_create"), {"director", "staff", "other"}),
        (reverse("activity_detail", args=[activity.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("activity_edit", args=[activity.pk]), {"director", "staff"}),
        (reverse("activity_screen", args=[activity.pk]), {"director", "staff"}),
        (reverse("activity_screen_code", args=[activity.pk]), {"director", "staff"}),
        (reverse("activity_screen_present", args=[activity.pk]), {"director", "staff"}),
        *_proposal_pages(world),
        (reverse("org_list"), {"admin"}),
        (reverse("org_create"), {"admin"}),
        (reverse("org_edit", args=[world.office.pk]), {"admin"}),
        (reverse("user_list"), {"admin", "security"}),
        (reverse("user_create"), {"admin"}),
        (reverse("user_detail", args=[world.director.pk]), {"admin", "security"}),
        (reverse("audit_list"), {"auditor"}),
        (reverse("audit_list") + "?format=xlsx", {"auditor"}),
        (reverse("audit_detail", args=[entry.pk]), {"auditor"}),
        (reverse("failed_tasks"), {"admin"}),
        *_plans_and_research_pages(world),
    ]


def _plans_and_research_pages(world):
    import datetime

    from liaison.plans import services as plans
    from liaison.plans.models import InstructionRequest, PlanItem, WorkPlan
    from liaison.research import services as research
    from liaison.research.models import Campaign, ResearchProject

    plan = WorkPlan.objects.filter(office=world.office).first()
    if plan is None:
        plan = plans.save_plan(
            world.director, WorkPlan(office=world.office), [world.party], year=2026, title="计划"
        )
        plans.save_item(world.director, PlanItem(plan=plan), order=1, title="政情通报会")
        plans.submit_plan(world.director, plan)
        plans.save_request(
            world.director,
            InstructionRequest(office=world.office),
            [world.party],
            title="请示",
            content="内容",
            matter="重大事项",
        )
        research.save_project(
            world.director,
            ResearchProject(office=world.office),
            [],
            topic="课题",
            nature="overall",
            lead=world.kang,
        )
        research.save_campaign(
            world.director,
            Campaign(office=world.office),
            [],
            name="食品安全进校园",
            starts_on=datetime.date(2026, 3, 1),
        )
    request = InstructionRequest.objects.get(office=world.office)
    project = ResearchProject.objects.get(office=world.office)
    campaign = Campaign.objects.get(office=world.office)
    see = OFFICE_VIEW | {"reviewer"}
    create = {"director", "staff", "other"}
    own = {"director", "staff"}
    return [
        (reverse("plan_list"), see),
        (reverse("plan_create"), create),
        (reverse("plan_detail", args=[plan.pk]), own | {"viewer", "reviewer"}),
        (reverse("plan_edit", args=[plan.pk]), own),
        (reverse("request_list"), see),
        (reverse("request_create"), create),
        (reverse("request_detail", args=[request.pk]), own | {"viewer"}),
        (reverse("request_edit", args=[request.pk]), own),
        (reverse("report_list"), see),
        (reverse("report_create"), create),
        (reverse("research_list"), OFFICE_VIEW),
        (reverse("research_create"), create),
        (reverse("research_detail", args=[project.pk]), own | {"viewer"}),
        (reverse("research_edit", args=[project.pk]), own),
        (reverse("campaign_list"), OFFICE_VIEW),
        (reverse("campaign_create"), create),
        (reverse("campaign_detail", args=[campaign.pk]), own | {"viewer"}),
        (reverse("campaign_edit", args=[campaign.pk]), own),
        (reverse("donation_list"), OFFICE_VIEW),
        (reverse("donation_create"), create),
    ]


def _proposal_pages(world):
    from liaison.proposals import services
    from liaison.proposals.defaults import ensure_defaults
    from liaison.proposals.models import Category, Proposal, SocialSentimentReport

    ensure_defaults()
    proposal = services.save_proposal(
        world.member,
        Proposal(office=world.office, lead=world.kang),
        title="关于停车的建议",
        summary="停车难",
        situation="停车位不足。",
        suggestions="增设停车位。",
        category=Category.objects.get(code="municipal"),
    )
    report = services.save_report(
        world.director,
        SocialSentimentReport(office=world.office),
        submitters=[world.kang],
        title="社情民意",
        problem="问题",
        suggestions="建议",
    )
    return [
        (reverse("proposal_list"), OFFICE_VIEW | {"member"}),
        (reverse("proposal_list") + "?format=xlsx", OFFICE_VIEW | {"member"}),
        (reverse("proposal_create"), {"director", "staff", "other", "member"}),
        (reverse("proposal_detail", args=[proposal.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("proposal_edit", args=[proposal.pk]), {"director", "staff", "member"}),
        (reverse("proposal_targets"), {"director", "staff", "other"}),
        (reverse("proposal_compilation") + "?year=2026", OFFICE_VIEW),
        (reverse("sentiment_list"), OFFICE_VIEW | {"member"}),
        (reverse("sentiment_create"), {"director", "staff", "other", "member"}),
        (reverse("sentiment_detail", args=[report.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("sentiment_edit", args=[report.pk]), {"director", "staff"}),
        (reverse("proposal_settings", args=["categories"]), {"admin"}),
        (reverse("proposal_settings", args=["reasons"]), {"admin"}),
    ]


def _duty_act(world, activity):
    from liaison.duty.services import record

    return record(world.kang, "activities.attended", activity, activity.starts_at)


def _activity(world):
    import datetime

    from django.utils import timezone

    from liaison.activities import services
    from liaison.activities.models import Activity, ActivityType

    activity = Activity.objects.filter(office=world.office).first()
    if activity is None:
        start = timezone.now() + datetime.timedelta(days=2)
        activity = services.save_activity(
            world.director,
            Activity(office=world.office),
            type=ActivityType.objects.get(code="briefing"),
            title="政情通报会",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        services.invite(world.director, activity, [world.kang])
        activity = services.publish(world.director, activity)
    return activity


def test_every_page_refuses_the_wrong_roles(world, client_for):
    failures = []
    for url, allowed in pages(world):
        for name in sorted(ALL):
            status = client_for(name).get(url).status_code
            expected_ok = name in allowed
            if expected_ok and status != 200:
                failures.append(f"{name} should open {url}, got {status}")
            if not expected_ok and status not in (403, 404):
                failures.append(f"{name} should be refused {url}, got {status}")
    assert not failures, "\n".join(failures)


def test_anonymous_visitors_are_sent_to_login(world):
    client = Client()
    for url, _allowed in pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


@pytest.mark.parametrize("name", sorted(ALL - {"admin"}))
def test_writes_of_admin_pages_are_refused_too(world, client_for, name):
    client = client_for(name)
    assert (
        client.post(reverse("org_create"), {"name": "x", "kind": "department"}).status_code == 403
    )
    assert client.post(reverse("org_delete", args=[world.office.pk])).status_code == 403
    assert client.post(reverse("user_create"), {"username": "x"}).status_code == 403
    from liaison.orgs.models import Organization

    assert Organization.objects.filter(name="x").count() == 0


@pytest.mark.parametrize("name", sorted(ALL - {"security"}))
def test_only_the_security_administrator_grants_and_removes_roles(world, client_for, name):
    from liaison.orgs.models import RoleAssignment

    url = reverse("user_detail", args=[world.nobody.pk])
    client = client_for(name)
    grant = {"form": "role", "organization": world.office.pk, "role": "office_staff"}
    assert client.post(url, grant).status_code == 403
    assignment = RoleAssignment.objects.get(user=world.staff)
    revoke = {"form": "revoke", "assignment": assignment.pk}
    assert client.post(reverse("user_detail", args=[world.staff.pk]), revoke).status_code == 403
    assert not RoleAssignment.objects.filter(user=world.nobody).exists()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("name", sorted(ALL - {"admin"}))
def test_only_the_system_administrator_edits_accounts_and_resets_passwords(world, client_for, name):
    url = reverse("user_detail", args=[world.staff.pk])
    client = client_for(name)
    edit = {"form": "edit", "display_name": "改名", "phone": "", "email": ""}
    assert client.post(url, edit).status_code == 403
    reset = {"form": "reset", "password": "Reset-pass-2026"}
    assert client.post(url, reset).status_code == 403
    world.staff.refresh_from_db()
    assert world.staff.display_name == "staff" and not world.staff.must_change_password


def test_refusal_page_is_in_chinese(world, client_for):
    response = client_for("member").get(reverse("org_list"))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_calendar_visit_and_record_pages_refuse_the_wrong_roles(world, client_for):
    """Calendar, .ics, record and visit pages (liaison/activities/urls_more.py)."""
    from liaison.activities.models import Material
    from liaison.activities.services import record_visit
    from tests.activities.factories import ActivityFactory, invite

    activity = invite(ActivityFactory(office=world.office), world.kang)
    activity.leaders.create(name="书记", user=world.reviewer)
    photo = Material.objects.create(activity=activity, kind="photo", title="x", file="none.png")
    visit = record_visit(world.staff, world.office, member=world.kang, date=timezone.localdate())
    seeing = {"director", "staff", "member", "viewer", "reviewer"}
    more = [
        (reverse("activity_calendar"), seeing | {"other"}),
        (reverse("activity_calendar_list"), seeing | {"other"}),
        (reverse("activity_ics", args=[activity.pk]), seeing),
        (reverse("activity_record", args=[activity.pk]), seeing),
        (reverse("visit_list"), {"director", "staff", "other"}),
        (reverse("visit_create"), {"director", "staff", "other"}),
        (reverse("visit_coverage"), {"director", "staff", "other"}),
        (reverse("visit_detail", args=[visit.pk]), {"director", "staff"}),
    ]
    failures = []
    for url, allowed in more:
        for name in sorted(ALL):
            status = client_for(name).get(url).status_code
            if name in allowed and status != 200:
                failures.append(f"{name} should open {url}, got {status}")
            if name not in allowed and status not in (403, 404):
                failures.append(f"{name} should be refused {url}, got {status}")
        assert Client().get(url).status_code == 302, url
    # The photo's file is missing on disk: those who may see it get 404, the rest 403/404 too,
    # and an anonymous visitor is sent to log in.
    url = reverse("activity_material", args=[activity.pk, photo.pk])
    assert Client().get(url).status_code == 302
    assert not failures, "\n".join(failures)


def test_opinion_pages_refuse_the_wrong_roles(world, client_for):
    """Opinions, assignments, reports and settings (liaison/opinions/urls.py)."""
    from liaison.opinions import services as opinions
    from liaison.workdays import services as workdays

    workdays.preload()
    opinion = opinions.submit_opinion(
        world.staff, world.office, source="visit", raisers=[world.kang], text="意见原文"
    )
    assignment = opinions.assign(world.staff, opinion, world.department)
    office_view = OFFICE_VIEW
    urls = [
        (reverse("opinion_list"), office_view | {"member"}),
        (reverse("opinion_create"), {"director", "staff", "other"}),
        (reverse("opinion_submit"), {"member"}),
        (reverse("opinion_detail", args=[opinion.pk]), {"director", "staff", "viewer", "member"}),
        (reverse("assignment_list"), office_view | {"handler"}),
        (
            reverse("assignment_detail", args=[assignment.pk]),
            {"director", "staff", "viewer", "handler"},
        ),
        (reverse("opinion_report"), office_view),
        (reverse("opinion_scorecard"), office_view),
        (reverse("opinion_categories"), {"admin"}),
        (reverse("opinion_calendar"), {"admin"}),
    ]
    failures = []
    for url, allowed in urls:
        for name in sorted(ALL):
            status = client_for(name).get(url).status_code
            if name in allowed and status != 200:
                failures.append(f"{name} should open {url}, got {status}")
            if name not in allowed and status not in (403, 404):
                failures.append(f"{name} should be refused {url}, got {status}")
        assert Client().get(url).status_code == 302, url
    assert not failures, "\n".join(failures)
