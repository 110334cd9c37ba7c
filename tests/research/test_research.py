import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import Refusal
from liaison.core.figures import count_for, year_bounds
from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger
from liaison.members.models import Enterprise
from liaison.research import services
from liaison.research.models import (
    Campaign,
    Donation,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchProject,
)
from tests.factories import MemberFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _refused(code, call, *args, **kwargs):
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code


@pytest.fixture
def cao(world):
    return MemberFactory(office=world.office, name="曹升洋")


@pytest.fixture
def project(world, cao):
    return services.save_project(
        world.director,
        ResearchProject(office=world.office),
        [world.kang],
        topic="民营企业党组织建设",
        nature=ResearchProject.Nature.OVERALL,
        lead=cao,
        started_on=TODAY - 30 * DAY,
    )


@pytest.fixture
def campaign(world):
    return services.save_campaign(
        world.director,
        Campaign(office=world.office),
        [world.department],
        name="食品安全进校园",
        starts_on=TODAY - 60 * DAY,
        schools_reached=6,
        kindergartens_reached=4,
    )


def _ledger():
    return sorted(
        DutyRecord.objects.values_list("member_id", "kind", "content_type_id", "object_id", "date")
    )


def test_research_project_end_to_end_and_ledger_rebuilds(world, project, cao):
    trip = services.add_trip(
        world.director,
        project,
        [cao, world.kang],
        destinations="浙江、福建",
        starts_on=TODAY - 20 * DAY,
        ends_on=TODAY - 15 * DAY,
        findings="沿海民营企业党建经验",
    )
    assert trip.participants.count() == 2
    services.add_material(
        world.director, project, title="长沙市民营企业党组织现状", source="调查问卷"
    )
    draft = services.add_version(
        world.director, project, [cao], title="调研报告", text="初稿", written_on=TODAY - 5 * DAY
    )
    second = services.add_version(
        world.director, project, [cao], title="调研报告", text="修改稿", written_on=TODAY
    )
    _refused("report_not_latest", services.finalize_version, world.director, draft)
    services.finalize_version(world.director, second)
    _refused("report_final", services.finalize_version, world.director, second)
    _refused("report_final", services.add_version, world.director, project, [], title="x", text="y")
    project.refresh_from_db()
    assert project.status == ResearchProject.Status.REPORTED
    assert ReportVersion.objects.get(stage="final") == second

    from liaison.orgs.models import Organization

    body = Organization.objects.create(name="芙蓉区非公经济党工委", kind="higher_department")
    rec = services.save_recommendation(
        world.director, Recommendation(project=project), text="在非公企业中建立党组织", body=body
    )
    _refused(
        "adoption_evidence",
        services.record_adoption,
        world.director,
        rec,
        adoption="adopted",
        answered_on=TODAY,
    )
    _refused(
        "answer_date",
        services.record_adoption,
        world.director,
        rec,
        adoption="adopted",
        evidence="文件",
        answered_on=timezone.localdate() + DAY,  # the services' today, not import time's
    )
    services.record_adoption(
        world.director, rec, adoption="adopted", evidence="非公经济党工委采纳", answered_on=TODAY
    )
    kinds = set(DutyRecord.objects.values_list("kind", flat=True))
    assert kinds == {services.RESEARCH, services.REPORT_AUTHOR, services.ADOPTED}
    assert (
        count_for("research.recommendations_adopted", world.office, *year_bounds(TODAY.year)) == 1
    )
    before = _ledger()
    rebuild_ledger()
    assert _ledger() == before


def test_bad_research_input(world, project, cao):
    other = MemberFactory(office=world.other_office, name="周建华")
    _refused("other_office", services.save_project, world.director, project, [other])
    _refused(
        "ends_before_start",
        services.add_trip,
        world.director,
        project,
        [],
        destinations="福建",
        starts_on=TODAY,
        ends_on=TODAY - DAY,
    )
    _refused(
        "recommendation_body",
        services.save_recommendation,
        world.director,
        Recommendation(project=project),
        text="建议",
    )
    _refused("not_the_office", services.add_material, world.reviewer, project, title="x")


def test_campaign_inspections_and_overdue_rectification(world, campaign, client_for):
    services.add_campaign_material(world.director, campaign, kind="宣传手册", count=5000)
    kang = services.add_team_member(world.director, campaign, role="member", member=world.kang)
    officer = services.add_team_member(
        world.director, campaign, role="enforcement", name="王城管", affiliation="城管执法中队"
    )
    inspected = TODAY - 10 * DAY
    _refused(
        "deadline_before_inspection",
        services.record_inspection,
        world.director,
        campaign,
        [kang],
        premises="小卖部",
        date=inspected,
        rectification_required=True,
        rectification_deadline=inspected - DAY,
    )
    _refused(
        "rectification_deadline",
        services.record_inspection,
        world.director,
        campaign,
        [kang],
        premises="小卖部",
        date=inspected,
        rectification_required=True,
    )
    assert not PremisesInspection.objects.exists()
    inspection = services.record_inspection(
        world.director,
        campaign,
        [kang, officer],
        premises="校门口小卖部",
        premises_kind="食杂店",
        near_school="八一路小学",
        date=inspected,
        findings="无证经营散装食品",
        rectification_required=True,
        rectification_deadline=TODAY - 3 * DAY,
    )
    assert list(PremisesInspection.objects.overdue()) == [inspection]
    home = client_for("director").get(reverse("home")).content.decode()
    assert "校门口小卖部" in home
    _refused(
        "reinspection_date",
        services.record_reinspection,
        world.director,
        inspection,
        on=inspected - DAY,
        result="rectified",
    )
    services.record_reinspection(world.director, inspection, on=TODAY, result="rectified")
    assert not PremisesInspection.objects.overdue().exists()
    # The home's list is stored with the office's year: the reinspection moved it on.
    assert "校门口小卖部" not in client_for("director").get(reverse("home")).content.decode()
    assert set(DutyRecord.objects.values_list("kind", flat=True)) == {
        services.CAMPAIGN,
        services.INSPECTION,
    }
    before = _ledger()
    rebuild_ledger()
    assert _ledger() == before
    bounds = year_bounds(TODAY.year)
    assert count_for("research.inspections", world.office, *bounds) == (
        1 if inspected.year == TODAY.year else 0
    )


def test_rectification_deadline_before_inspection_through_the_view(world, campaign, client_for):
    response = client_for("director").post(
        reverse("inspection_add", args=[campaign.pk]),
        {
            "premises": "小卖部",
            "date": TODAY.isoformat(),
            "rectification_required": "on",
            "rectification_deadline": (TODAY - DAY).isoformat(),
        },
        follow=True,
    )
    assert "整改期限不能早于检查日期" in response.content.decode()
    assert not PremisesInspection.objects.exists()


def test_handlers_see_only_campaigns_they_are_named_on(world, campaign, client_for):
    handler = client_for("handler")
    url = reverse("campaign_detail", args=[campaign.pk])
    assert handler.get(url).status_code == 404
    assert handler.get(reverse("campaign_list")).status_code == 403
    assert handler.get(reverse("research_list")).status_code == 403
    assert handler.get(reverse("donation_list")).status_code == 403
    team = services.add_team_member(
        world.director, campaign, role="cadre", name="食安办经办人", user=world.handler
    )
    assert handler.get(url).status_code == 200
    assert handler.get(reverse("campaign_list")).status_code == 200
    assert "食品安全进校园" in handler.get(reverse("home")).content.decode()
    assert handler.get(reverse("campaign_edit", args=[campaign.pk])).status_code == 403
    handler.post(
        reverse("inspection_add", args=[campaign.pk]),
        {"premises": "文具店", "date": TODAY.isoformat(), "inspectors": [team.pk]},
    )
    assert PremisesInspection.objects.filter(premises="文具店").exists()
    other = Campaign.objects.create(office=world.other_office, name="别处行动", starts_on=TODAY)
    assert handler.get(reverse("campaign_detail", args=[other.pk])).status_code == 404
    assert client_for("other").get(url).status_code == 404


def test_donations_totals_and_bad_input(world, client_for, cao):
    enterprise = Enterprise.objects.create(member=cao, name="湖南千惠商贸连锁有限公司")
    _refused(
        "donation_negative",
        services.save_donation,
        world.director,
        Donation(office=world.office),
        member=world.kang,
        recipient="八一路小学",
        form="cash",
        value=Decimal("-1"),
        date=TODAY,
    )
    assert not Donation.objects.exists()
    services.save_donation(
        world.director,
        Donation(office=world.office),
        member=world.kang,
        recipient="八一路小学",
        form="cash",
        value=Decimal("5000"),
        date=TODAY,
    )
    services.save_donation(
        world.director,
        Donation(office=world.office),
        enterprise=enterprise,
        recipient="八一路小学",
        form="goods",
        description="电脑10台",
        value=Decimal("30000"),
        date=TODAY,
    )
    _refused(
        "donation_donor",
        services.save_donation,
        world.director,
        Donation(office=world.office),
        recipient="x",
        form="cash",
        value=1,
        date=TODAY,
    )
    bounds = year_bounds(TODAY.year)
    assert count_for("research.donations", world.office, *bounds) == 2
    assert count_for("research.donations_value", world.office, *bounds) == 35000
    assert DutyRecord.objects.filter(kind=services.DONATION, member=cao).exists()
    page = client_for("director").get(reverse("donation_list")).content.decode()
    assert "35000" in page
    response = client_for("director").post(
        reverse("donation_create"),
        {
            "member": world.kang.pk,
            "recipient": "八一路小学",
            "form": "cash",
            "value": "-5",
            "date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200 and Donation.objects.count() == 2
    assert "0" in response.content.decode()
    before = _ledger()
    rebuild_ledger()
    assert _ledger() == before


def test_figures_are_one_query_for_many_offices(world, django_assert_num_queries):
    from liaison.core.figures import all_figures

    start, end = year_bounds(TODAY.year)
    for figure in all_figures("research") + all_figures("plans"):
        with django_assert_num_queries(1):
            figure.count([world.office.pk, world.other_office.pk], start, end)


@pytest.mark.parametrize(
    "name",
    ["research_list", "campaign_list", "donation_list", "plan_list", "request_list", "report_list"],
)
def test_lists_export_and_stay_bounded(
    world, project, campaign, client_for, name, django_assert_max_num_queries
):
    client = client_for("director")
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name)).status_code == 200
    response = client.get(reverse(name) + "?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
