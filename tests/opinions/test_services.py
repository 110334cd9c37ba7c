import datetime

import pytest
from django.core import signing
from django.utils import timezone

from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger
from liaison.notify.models import Notification
from liaison.opinions import services
from liaison.opinions.models import (
    ASSIGNMENT_TRANSITIONS,
    TRANSITIONS,
    A,
    Assignment,
    DeadlineChange,
    Feedback,
    Opinion,
    Source,
    Status,
)
from liaison.workdays import services as workdays
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _refused(code, call, *args, **kwargs):
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


def test_submission_keeps_verbatim_text_and_records_raising(world, opinion):
    assert opinion.status == Status.NEW
    assert DutyRecord.objects.filter(member=world.kang, kind=services.RAISED).count() == 1


def test_verbatim_text_cannot_be_edited(world, opinion):
    original = opinion.text
    _refused("verbatim_locked", services.update_notes, world.staff, opinion, text="改写后的意见")
    opinion.refresh_from_db()
    assert opinion.text == original
    services.update_notes(world.staff, opinion, summary="早餐摊点油烟扰民", text=original)
    opinion.refresh_from_db()
    assert opinion.summary == "早餐摊点油烟扰民" and opinion.text == original


def test_submission_refuses_bad_input(world, food):
    outsider = MemberFactory(office=world.other_office)
    for kwargs, code in [
        ({"raisers": [world.kang], "text": "  "}, "text_required"),
        ({"raisers": [], "text": "意见"}, "raisers_required"),
        ({"raisers": [outsider], "text": "意见"}, "raiser_other_office"),
    ]:
        _refused(
            code,
            services.submit_opinion,
            world.staff,
            world.office,
            source=Source.MEMBER,
            **kwargs,
        )
    assert not Opinion.objects.exists()


def test_default_deadline_counts_working_days(world, opinion, assignment, food):
    expected = workdays.add_working_days(timezone.localdate(), food.default_deadline_days)
    assert assignment.deadline == expected
    assert workdays.is_working_day(assignment.deadline)
    change = assignment.deadline_changes.get()
    assert change.old_deadline is None and change.new_deadline == expected


def test_working_days_follow_the_state_council_schedule():
    # 2026 Spring Festival: 15–23 February off, Saturday 14 and 28 February worked.
    assert not workdays.is_working_day(datetime.date(2026, 2, 16))
    assert workdays.is_working_day(datetime.date(2026, 2, 14))
    assert workdays.is_working_day(datetime.date(2026, 2, 28))
    assert not workdays.is_working_day(datetime.date(2026, 10, 7))
    assert workdays.is_working_day(datetime.date(2026, 10, 10))
    # Friday 13 Feb + 1 working day → the make-up Saturday 14 Feb.
    assert workdays.add_working_days(datetime.date(2026, 2, 13), 1) == datetime.date(2026, 2, 14)
    # Then the holiday: the next one after the 14th is Tuesday 24 Feb.
    assert workdays.add_working_days(datetime.date(2026, 2, 14), 1) == datetime.date(2026, 2, 24)
    assert (
        workdays.working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 9)) == 2
    )


def test_deadline_on_a_holiday_is_refused(world, opinion):
    day = workdays.add_working_days(timezone.localdate(), 5)
    workdays.set_day(world.admin, day, "holiday", "测试假日")
    error = _refused(
        "deadline_holiday", services.assign, world.staff, opinion, world.department, deadline=day
    )
    assert str(workdays.next_working_day(day)) in error.message
    opinion.refresh_from_db()
    assert opinion.status == Status.NEW and not Assignment.objects.exists()


def test_deadline_in_the_past_or_on_a_weekend_is_refused(world, opinion):
    _refused(
        "deadline_past",
        services.assign,
        world.staff,
        opinion,
        world.department,
        deadline=timezone.localdate(),
    )
    saturday = timezone.localdate() + datetime.timedelta(
        days=(5 - timezone.localdate().weekday()) % 7 + 7
    )
    if not workdays.is_working_day(saturday):
        _refused(
            "deadline_holiday",
            services.assign,
            world.staff,
            opinion,
            world.department,
            deadline=saturday,
        )


def test_an_assignment_keeps_its_opinions_office_for_the_office_lists(
    world, client_for, assignment
):
    assert assignment.office_id == assignment.opinion.office_id == world.office.pk
    assert Assignment.objects.get(pk=assignment.pk).office_id == world.office.pk
    late = Assignment.objects.filter(pk=assignment.pk)
    late.update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    overdue = "/opinions/assignments/?view=overdue"
    assert assignment.get_absolute_url() in client_for("director").get(overdue).content.decode()
    assert assignment.get_absolute_url() not in client_for("other").get(overdue).content.decode()


def test_assign_refuses_a_non_department(world, opinion):
    _refused("department_invalid", services.assign, world.staff, opinion, world.party)
    _refused(
        "handler_invalid",
        services.assign,
        world.staff,
        opinion,
        world.department,
        handler=world.staff,
    )


def test_full_loop_with_reopening(world, published):
    assert published.status == A.PUBLISHED and published.on_time is True
    note = Notification.objects.get(recipient=world.member, kind="opinion.published")
    token = note.url.rstrip("/").rsplit("/", 1)[-1]
    assignment, member, round_ = services.read_feedback_token(token)
    assert member == world.kang and round_ == 1
    services.give_feedback(
        member,
        assignment,
        result=Feedback.Result.NOT_SOLVED,
        satisfaction=Feedback.Satisfaction.DISSATISFIED,
        channel=Feedback.Channel.LINK,
        round=round_,
    )
    assignment.refresh_from_db()
    assert assignment.status == A.NOT_SOLVED
    assert Notification.objects.filter(recipient=world.staff, kind="opinion.not_solved").exists()
    deadline = workdays.add_working_days(timezone.localdate(), 5)
    services.reopen(world.staff, assignment, deadline=deadline, note="请继续整改")
    assignment.refresh_from_db()
    assert assignment.status == A.IN_PROGRESS and assignment.reopen_count == 1
    assert assignment.deadline_changes.filter(reason=DeadlineChange.Reason.REOPENED).exists()
    services.reply(world.handler, assignment, "摊点已全部取缔，改为规范经营。")
    services.check_reply(world.staff, assignment)
    services.publish(world.staff, assignment)
    # The first link belonged to round 1: it does not work again.
    _refused(
        "link_used",
        services.give_feedback,
        world.kang,
        assignment,
        result="solved",
        satisfaction="satisfied",
        round=round_,
    )
    services.give_feedback(world.kang, assignment, result="solved", satisfaction="satisfied")
    assignment.refresh_from_db()
    assert assignment.status == A.CLOSED
    assert assignment.opinion.status == Status.CLOSED
    assert DutyRecord.objects.filter(member=world.kang, kind=services.SOLVED).count() == 1


def test_feedback_link_used_twice(world, published):
    token = services.feedback_token(published, world.kang)
    assignment, member, round_ = services.read_feedback_token(token)
    services.give_feedback(
        member, assignment, result="partly", satisfaction="basically", round=round_
    )
    _refused(
        "link_used",
        services.give_feedback,
        member,
        assignment,
        result="not_solved",
        satisfaction="dissatisfied",
        round=round_,
    )
    assert Feedback.objects.count() == 1


def test_feedback_link_forged_or_expired(world, published, settings):
    token = services.feedback_token(published, world.kang)
    _refused("link_invalid", services.read_feedback_token, token[:-3] + "abc")
    forged = signing.dumps({"a": published.pk, "m": world.kang.pk, "r": 1}, salt="other")
    _refused("link_invalid", services.read_feedback_token, forged)
    old = timezone.now() - datetime.timedelta(days=services.FEEDBACK_LINK_DAYS + 1)
    import time
    from unittest import mock

    with mock.patch.object(time, "time", return_value=old.timestamp()):
        expired = signing.dumps(
            {"a": published.pk, "m": world.kang.pk, "r": 1}, salt=services.FEEDBACK_SALT
        )
    _refused("link_expired", services.read_feedback_token, expired)


def test_reply_to_a_closed_item_is_refused(world, published):
    services.give_feedback(world.kang, published, result="solved", satisfaction="satisfied")
    _refused("reply_closed", services.reply, world.handler, published, "再补充一点")
    assert published.replies.count() == 1


def test_two_handlers_replying_at_once(world, assignment):
    from tests.factories import RoleAssignmentFactory, UserFactory

    second = UserFactory(username="handler2")
    RoleAssignmentFactory(user=second, organization=world.department, role="handler")
    services.receive(world.handler, assignment)
    stale = Assignment.objects.get(pk=assignment.pk)  # both opened the page in this state
    services.reply(world.handler, assignment, "第一份答复")
    _refused("already_replied", services.reply, second, stale, "第二份答复")
    assert assignment.replies.count() == 1


def test_return_within_five_working_days(world, assignment):
    services.return_assignment(world.handler, assignment, "不属于食安办职责，应由城管执法中队办理")
    assignment.refresh_from_db()
    assert assignment.status == A.RETURNED
    assert assignment.opinion.status == Status.NEW
    assert Notification.objects.filter(recipient=world.staff, kind="opinion.returned").exists()


def test_return_after_the_allowed_days_is_refused(world, assignment):
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=ten_days_ago)
    _refused("return_too_late", services.return_assignment, world.handler, assignment, "错派")
    assignment.refresh_from_db()
    assert assignment.status == A.ASSIGNED
    _refused("reason_required", services.return_assignment, world.handler, assignment, " ")


def test_extension_requested_and_granted(world, assignment):
    later = workdays.add_working_days(assignment.deadline, 5)
    request = services.request_extension(world.handler, assignment, later, "需协调区市场监管局")
    _refused(
        "extension_pending",
        services.request_extension,
        world.handler,
        assignment,
        workdays.add_working_days(later, 1),
        "再延",
    )
    services.decide_extension(world.staff, request, grant=True)
    assignment.refresh_from_db()
    assert assignment.deadline == later
    assert [c.reason for c in assignment.deadline_changes.all()] == ["assigned", "extended"]
    _refused("extension_decided", services.decide_extension, world.staff, request, True)
    _refused("extension_date", services.request_extension, world.handler, assignment, later, "更早")


def test_triage_outcomes(world, opinion):
    other = services.submit_opinion(
        world.staff,
        world.office,
        source=Source.MEMBER,
        raisers=[MemberFactory(office=world.office)],
        text="同样反映早餐摊点问题",
    )
    _refused("merge_target", services.triage, world.staff, other, Status.MERGED)
    _refused("merge_target", services.triage, world.staff, other, Status.MERGED, merge_into=other)
    services.triage(world.staff, other, Status.MERGED, merge_into=opinion)
    assert set(services.feedback_members(opinion)) == {world.kang, *other.raisers.all()}
    _refused("note_required", services.triage, world.staff, opinion, Status.SOLVED_ON_SPOT)
    services.triage(world.staff, opinion, Status.SOLVED_ON_SPOT, note="现场联系城管清理")
    # The duplicate's raiser shares the adoption.
    assert DutyRecord.objects.filter(kind=services.SOLVED).count() == 2


def test_escalation_then_answer(world, opinion):
    _refused("escalated_to_required", services.triage, world.staff, opinion, Status.ESCALATED)
    services.triage(world.staff, opinion, Status.ESCALATED, escalated_to="芙蓉区市场监管局")
    opinion = services.record_escalation_answer(world.staff, opinion, "已纳入全区整治计划", False)
    assert opinion.status == Status.CLOSED_UNSOLVED


@pytest.mark.parametrize(
    "table, statuses",
    [(TRANSITIONS, Status), (ASSIGNMENT_TRANSITIONS, A)],
)
def test_every_refused_transition_is_refused(table, statuses):
    # Written once: every pair not listed is refused by the one move function.
    for start, allowed in table.items():
        for target in statuses:
            if target not in allowed:
                assert target not in table[start]
    assert all(set(v) <= set(statuses) for v in table.values())


def test_refused_assignment_moves(world, assignment):
    _refused("transition_refused", services.check_reply, world.staff, assignment)
    _refused("transition_refused", services.publish, world.staff, assignment)
    _refused("not_received", services.reply, world.handler, assignment, "直接答复")
    _refused("transition_refused", services.reopen, world.staff, assignment)
    services.receive(world.handler, assignment)
    _refused("transition_refused", services.receive, world.handler, assignment)


def test_refused_opinion_moves(world, opinion):
    services.triage(world.staff, opinion, Status.REFERENCE)
    _refused("transition_refused", services.assign, world.staff, opinion, world.department)
    _refused(
        "transition_refused", services.triage, world.staff, opinion, Status.OUT_OF_SCOPE, note="x"
    )


def test_ledger_rebuild_matches_incremental(world, published):
    services.give_feedback(world.kang, published, result="solved", satisfaction="satisfied")
    extra = services.submit_opinion(
        world.staff,
        world.office,
        source=Source.RESIDENT,
        raisers=[world.kang],
        text="居民反映路灯不亮",
    )
    services.triage(world.staff, extra, Status.SOLVED_ON_SPOT, note="已报修")

    def rows():
        return sorted(
            DutyRecord.objects.filter(kind__startswith="opinions.").values_list(
                "member_id", "kind", "object_id", "date"
            )
        )

    before = rows()
    rebuild_ledger()
    assert rows() == before and len(before) == 4


def test_an_opinion_from_research_links_to_the_project_of_its_office(world, food):
    from liaison.opinions import services as opinion_services
    from liaison.research.models import ResearchProject

    def project(office, lead):
        return ResearchProject.objects.create(
            office=office,
            topic="非公企业党建",
            nature=ResearchProject.Nature.COMPREHENSIVE,
            lead=lead,
        )

    ours = project(world.office, world.kang)
    opinion = opinion_services.submit_opinion(
        world.staff,
        world.office,
        source="research",
        raisers=[world.kang],
        text="建议建立非公企业党建联席会议制度。",
        research_project=ours,
    )
    assert list(ours.opinions.all()) == [opinion]
    with pytest.raises(Refusal):
        opinion_services.submit_opinion(
            world.staff,
            world.office,
            source="research",
            raisers=[world.kang],
            text="另一条",
            research_project=project(world.other_office, MemberFactory(office=world.other_office)),
        )
