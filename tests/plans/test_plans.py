import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity, ActivityType, Status
from liaison.core.errors import Refusal
from liaison.orgs.models import AuditEntry
from liaison.plans import services
from liaison.plans.models import PlanComment, PlanItem, PlanStatus, WorkPlan
from tests.factories import OrganizationFactory, RoleAssignmentFactory


def _refused(code, call, *args, **kwargs):
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code


def test_the_whole_workflow_ends_incorporated(world, plan):
    plan = services.submit_plan(world.director, plan)
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_at
    item = plan.items.get(order=1)
    services.comment_plan(world.reviewer, plan, "建议增加一次专题通报。", item)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMENTED
    services.save_item(world.director, item, title="组织政情通报会2次（含专题通报）")
    plan = services.submit_plan(world.director, plan)
    assert plan.status == PlanStatus.REVISED
    plan = services.approve_plan(world.reviewer, plan)
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == world.reviewer
    today = timezone.localdate()
    plan = services.incorporate_plan(world.reviewer, plan, today)
    assert plan.status == PlanStatus.INCORPORATED and plan.incorporated_on == today
    actions = AuditEntry.objects.filter(object_id=str(plan.pk), action="status").count()
    assert actions == 5


def test_approving_a_plan_twice_is_refused(world, plan):
    services.submit_plan(world.director, plan)
    services.approve_plan(world.reviewer, plan)
    _refused("transition_refused", services.approve_plan, world.reviewer, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


@pytest.mark.parametrize(
    "status,call",
    [
        (PlanStatus.DRAFT, "approve"),
        (PlanStatus.DRAFT, "comment"),
        (PlanStatus.DRAFT, "incorporate"),
        (PlanStatus.SUBMITTED, "incorporate"),
        (PlanStatus.APPROVED, "comment"),
        (PlanStatus.APPROVED, "submit"),
        (PlanStatus.INCORPORATED, "approve"),
        (PlanStatus.INCORPORATED, "submit"),
    ],
)
def test_every_refused_transition(world, plan, status, call):
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    calls = {
        "approve": lambda: services.approve_plan(world.reviewer, plan),
        "comment": lambda: services.comment_plan(world.reviewer, plan, "意见"),
        "incorporate": lambda: services.incorporate_plan(
            world.reviewer, plan, timezone.localdate()
        ),
        "submit": lambda: services.submit_plan(world.director, plan),
    }
    _refused("transition_refused", calls[call])
    plan.refresh_from_db()
    assert plan.status == status


def test_a_reviewer_cannot_edit_the_plan_text(world, plan, client_for):
    services.submit_plan(world.director, plan)
    services.comment_plan(world.reviewer, plan, "请修改")
    plan.refresh_from_db()
    _refused("not_the_office", services.save_plan, world.reviewer, plan, None, title="改过的")
    item = plan.items.first()
    _refused("not_the_office", services.save_item, world.reviewer, item, title="改过的")
    client = client_for("reviewer")
    assert client.get(reverse("plan_edit", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plan_item_edit", args=[plan.pk, item.pk]), {"title": "x"})
    assert response.status_code == 403
    plan.refresh_from_db()
    item.refresh_from_db()
    assert plan.title.endswith("工作计划") and item.title == "组织政情通报会2次"


def test_office_cannot_approve_its_own_plan(world, plan):
    services.submit_plan(world.director, plan)
    _refused("not_a_reviewer", services.approve_plan, world.director, plan)


def test_a_reviewer_of_another_body_cannot_decide(world, plan):
    services.submit_plan(world.director, plan)
    elsewhere = OrganizationFactory(name="别处党工委", kind="party_committee", parent=world.city)
    stranger = RoleAssignmentFactory(organization=elsewhere, role="reviewer").user
    _refused("not_a_reviewer", services.approve_plan, stranger, plan)


def test_submitted_text_is_locked_until_comments_come(world, plan):
    services.submit_plan(world.director, plan)
    _refused("not_editable", services.save_plan, world.director, plan, None, title="改")


def test_an_empty_plan_cannot_be_submitted(world):
    plan = services.save_plan(
        world.director, WorkPlan(office=world.office), [world.party], year=2030, title="空计划"
    )
    _refused("plan_empty", services.submit_plan, world.director, plan)


def test_one_plan_per_office_and_year(world, plan):
    _refused(
        "plan_exists",
        services.save_plan,
        world.director,
        WorkPlan(office=world.office),
        [world.party],
        year=plan.year,
        title="重复",
    )


def test_review_bodies_must_be_beside_the_office(world):
    _refused(
        "review_bodies",
        services.save_plan,
        world.director,
        WorkPlan(office=world.office),
        [world.department],
        year=2031,
        title="计划",
    )


def test_an_empty_comment_is_refused(world, plan):
    services.submit_plan(world.director, plan)
    _refused("comment_empty", services.comment_plan, world.reviewer, plan, "  ")
    assert not PlanComment.objects.exists()


def test_item_progress_counts_closed_activities_and_manual_notes(world, plan):
    briefing = ActivityType.objects.get(code="briefing")
    now = timezone.now()
    for status in (Status.CLOSED, Status.ARCHIVED, Status.PUBLISHED):
        Activity.objects.create(
            office=world.office,
            type=briefing,
            title="通报会",
            starts_at=now.replace(month=1, day=15),
            ends_at=now.replace(month=1, day=15),
            status=status,
        )
    Activity.objects.create(  # another office's does not count
        office=world.other_office,
        type=briefing,
        title="通报会",
        starts_at=now,
        ends_at=now,
        status=Status.CLOSED,
    )
    manual = plan.items.get(order=2)
    services.note_progress(world.director, manual, manual_done=1, notes="已印发宣传手册5000份")
    linked = plan.items.get(order=1)
    services.note_progress(world.director, linked, manual_done=9, notes="上半年已开")
    progress = dict(services.item_progress(plan))
    assert progress[linked] == 2 and progress[manual] == 1
    linked.refresh_from_db()
    assert linked.manual_done == 0 and linked.notes == "上半年已开"
    from liaison.core.figures import count_for, year_bounds

    assert count_for("plans.items_done", world.office, *year_bounds(plan.year)) == 2


def test_item_linked_to_a_duty_kind_counts_the_ledger(world, plan):
    from liaison.duty.services import record

    item = services.save_item(
        world.director, PlanItem(plan=plan), order=3, title="走访委员", duty_kind="activities.visit"
    )
    record(world.kang, "activities.visit", world.office, timezone.localdate())
    assert dict(services.item_progress(plan))[item] == 1
    _refused(
        "item_two_links",
        services.save_item,
        world.director,
        item,
        activity_type=ActivityType.objects.get(code="briefing"),
    )
    item.refresh_from_db()
    assert item.activity_type_id is None
    _refused("item_kind", services.save_item, world.director, item, duty_kind="nonsense")


def test_plan_detail_queries_are_bounded(world, plan, client_for, django_assert_max_num_queries):
    for n in range(10):
        services.save_item(world.director, PlanItem(plan=plan), order=10 + n, title=f"事项{n}")
    client = client_for("director")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200


def test_reviewer_sees_submitted_plans_only_of_their_bodies(world, plan, client_for):
    client = client_for("reviewer")
    url = reverse("plan_detail", args=[plan.pk])
    assert client.get(url).status_code == 404  # still a draft
    services.submit_plan(world.director, plan)
    assert client.get(url).status_code == 200
    assert plan.title in client.get(reverse("home")).content.decode()
    for name in ("handler", "member", "other", "nobody"):
        assert client_for(name).get(url).status_code in (403, 404), name


def test_views_walk_the_workflow(world, plan, client_for):
    office, reviewer = client_for("director"), client_for("reviewer")
    item = plan.items.get(order=1)
    office.post(reverse("plan_action", args=[plan.pk, "submit"]))
    reviewer.post(
        reverse("plan_action", args=[plan.pk, "comment"]), {"body": "请细化时间", "item": item.pk}
    )
    assert PlanComment.objects.get().item == item
    response = office.post(
        reverse("plan_item_edit", args=[plan.pk, item.pk]),
        {
            "order": 1,
            "title": "上半年、下半年各一次政情通报会",
            "category": "focus",
            "target_count": 2,
            "activity_type": item.activity_type_id,
        },
    )
    assert response.status_code == 302
    office.post(reverse("plan_action", args=[plan.pk, "submit"]))
    reviewer.post(reverse("plan_action", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    response = reviewer.post(reverse("plan_action", args=[plan.pk, "approve"]), follow=True)
    assert "不能" in response.content.decode()
    future = timezone.localdate() + datetime.timedelta(days=3)
    reviewer.post(reverse("plan_action", args=[plan.pk, "incorporate"]), {"on": future})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_office_moves_are_refused_to_reviewers_and_others(world, plan):
    _refused("not_the_office", services.submit_plan, world.reviewer, plan)
    _refused("not_the_office", services.submit_plan, world.other, plan)
    _refused(
        "not_the_office",
        services.note_progress,
        world.reviewer,
        plan.items.first(),
        manual_done=1,
        notes="",
    )
    services.submit_plan(world.director, plan)
    _refused("not_a_reviewer", services.comment_plan, world.director, plan, "自己提意见")
    _refused("not_a_reviewer", services.comment_plan, world.handler, plan, "意见")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not plan.comments.exists()


def test_reviewer_sees_only_what_was_sent_to_their_body(world, client_for):
    from liaison.plans.models import InstructionRequest

    request = services.save_request(
        world.director,
        InstructionRequest(office=world.office),
        [world.subdistrict],
        title="只报办事处",
        content="内容",
        matter="事项",
    )
    services.submit_request(world.director, request)
    client = client_for("reviewer")  # of the Party committee
    assert client.get(reverse("request_detail", args=[request.pk])).status_code == 404
    assert "只报办事处" not in client.get(reverse("request_list")).content.decode()
