import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Status
from liaison.core.errors import Refusal
from liaison.plans import services
from liaison.plans.models import ReportStatus, RequestStatus, WorkReport


def test_a_major_activity_cannot_be_published_without_an_approved_request(
    world, major_activity, instruction
):
    with pytest.raises(Refusal) as caught:
        activities.publish(world.director, major_activity)
    assert caught.value.code == "instruction_required"
    services.submit_request(world.director, instruction)
    with pytest.raises(Refusal):
        activities.publish(world.director, major_activity)
    services.decide_request(world.reviewer, instruction, True, "同意，届时出席。")
    activity = activities.publish(world.director, major_activity)
    assert activity.status == Status.PUBLISHED


def test_a_refused_request_does_not_open_the_gate(world, major_activity, instruction):
    services.submit_request(world.director, instruction)
    with pytest.raises(Refusal) as caught:
        services.decide_request(world.reviewer, instruction, False, "")
    assert caught.value.code == "refusal_reason"
    request = services.decide_request(world.reviewer, instruction, False, "时机不成熟")
    assert request.status == RequestStatus.REFUSED
    with pytest.raises(Refusal):
        activities.publish(world.director, major_activity)
    with pytest.raises(Refusal) as caught:
        services.decide_request(world.reviewer, request, True)
    assert caught.value.code == "transition_refused"


def test_publishing_a_major_activity_through_the_view_keeps_it_a_draft(
    world, major_activity, client_for
):
    response = client_for("director").post(
        reverse("activity_transition", args=[major_activity.pk, "publish"]), follow=True
    )
    assert "请示" in response.content.decode()
    major_activity.refresh_from_db()
    assert major_activity.status == Status.DRAFT


def test_request_rules(world, instruction, major_activity):
    with pytest.raises(Refusal) as caught:
        services.decide_request(world.reviewer, instruction, True)
    assert caught.value.code == "transition_refused"  # still a draft
    services.submit_request(world.director, instruction)
    with pytest.raises(Refusal) as caught:
        services.decide_request(world.director, instruction, True)
    assert caught.value.code == "not_a_reviewer"
    with pytest.raises(Refusal) as caught:
        services.save_request(world.reviewer, instruction, None, title="改")
    assert caught.value.code == "not_the_office"
    from liaison.plans.models import InstructionRequest

    with pytest.raises(Refusal) as caught:
        services.save_request(
            world.director,
            InstructionRequest(office=world.office),
            [world.party],
            title="无对象",
            content="内容",
        )
    assert caught.value.code == "request_subject"


def test_request_views(world, instruction, client_for):
    office, reviewer = client_for("director"), client_for("reviewer")
    office.post(reverse("request_action", args=[instruction.pk, "submit"]))
    assert reviewer.get(reverse("request_detail", args=[instruction.pk])).status_code == 200
    assert client_for("handler").get(reverse("request_list")).status_code == 403
    reviewer.post(reverse("request_action", args=[instruction.pk, "approve"]), {"comment": "同意"})
    instruction.refresh_from_db()
    assert instruction.status == RequestStatus.APPROVED and instruction.decision_comment == "同意"


def test_report_draft_reads_the_figures_registry(world):
    from liaison.core.figures import Figure, _figures, register_figure

    register_figure(
        Figure(
            "test.opinions",
            "收到意见建议",
            "test",
            lambda ids, s, e: {i: 7 for i in ids},
            unit="条",
        )
    )
    try:
        text = services.draft_report_text(
            world.office, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
        )
    finally:
        _figures.pop("test.opinions")
    assert "收到意见建议：7条" in text and "调研课题" in text


def test_report_lifecycle_and_docx(world, client_for):
    office, reviewer = client_for("director"), client_for("reviewer")
    query = "?kind=quarterly&period_start=2026-01-01&period_end=2026-03-31"
    page = office.get(reverse("report_create") + query)
    assert page.status_code == 200 and "调研课题" in page.content.decode()
    body = page.context["form"].initial["body"]
    response = office.post(
        reverse("report_create") + query,
        {
            "kind": "quarterly",
            "title": "一季度工作汇报",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "body": body + "补充：走访委员12人次。",
            "bodies": [world.party.pk],
        },
    )
    assert response.status_code == 302
    report = WorkReport.objects.get()
    assert "走访委员12人次" in report.body
    office.post(reverse("report_action", args=[report.pk, "submit"]))
    reviewer.post(reverse("report_action", args=[report.pk, "acknowledge"]), {"comment": "已阅"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED
    docx = reviewer.get(reverse("report_docx", args=[report.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    with pytest.raises(Refusal):
        services.save_report(world.director, report, None, title="改")


def test_report_period_must_be_ordered(world, client_for):
    query = "?kind=monthly&period_start=2026-03-01&period_end=2026-02-01"
    response = client_for("director").get(reverse("report_create") + query)
    assert "不能" in response.content.decode()
    with pytest.raises(Refusal) as caught:
        services.save_report(
            world.director,
            WorkReport(office=world.office),
            [world.party],
            kind="monthly",
            title="x",
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 2, 1),
            body="x",
        )
    assert caught.value.code == "period_order"
    assert not WorkReport.objects.exists()


def test_reminders_for_waiting_reviews_and_targets(world, plan):
    from liaison.plans import reminders

    services.submit_plan(world.director, plan)
    now = timezone.now()
    assert list(reminders.awaiting_review(now)) == []
    later = list(reminders.awaiting_review(now + datetime.timedelta(days=4)))
    assert len(later) == 1 and later[0].users == [world.reviewer]
    july = datetime.datetime(now.year, 7, 2, 9, tzinfo=datetime.UTC)
    assert list(reminders.targets_behind(july)) == []  # not approved yet
    services.approve_plan(world.reviewer, plan)
    behind = list(reminders.targets_behind(july))
    assert len(behind) == 2  # no briefing closed; the campaign item not yet noted as done
    assert "政情通报会" in behind[0].text and world.director in behind[0].users
    march = datetime.datetime(now.year, 3, 2, 9, tzinfo=datetime.UTC)
    assert list(reminders.targets_behind(march)) == []
