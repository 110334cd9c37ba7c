import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import Activity, Invitation, LeaveRequest
from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.members.models import MemberGroup
from liaison.notify.models import Notification
from tests.factories import MemberFactory


def test_invite_by_group_sector_all_or_one_by_one(world, client_for, make_activity, tang):
    group = MemberGroup.objects.create(office=world.office, name="第一组")
    tang.group = group
    tang.save()
    huang = MemberFactory(office=world.office, name="黄德君")
    MemberFactory(office=world.office, name="退出者", status="withdrawn")
    activity = make_activity()
    client = client_for("director")
    url = reverse("activity_invite", args=[activity.pk])
    client.post(url, {"groups": [group.pk]})
    assert set(activity.invitations.values_list("member__name", flat=True)) == {"汤朝阳"}
    client.post(url, {"members": [huang.pk]})
    client.post(url, {"everyone": "on"})
    assert set(activity.invitations.values_list("member__name", flat=True)) == {
        "汤朝阳",
        "黄德君",
        "康希",
    }  # the withdrawn member is not invited; no duplicates
    outsider = MemberFactory(office=world.other_office)
    with pytest.raises(Refusal):
        services.invite(world.director, activity, [outsider])
    response = client.post(url, {"members": [outsider.pk]}, follow=True)
    assert "请选择邀请对象" in response.content.decode()


def test_capacity_waitlist_and_moving_up(world, make_activity, tang):
    huang = MemberFactory(office=world.office, name="黄德君")
    activity = make_activity(mandatory=False, capacity=1)
    services.invite(world.director, activity, [world.kang, tang, huang])
    services.publish(world.director, activity)
    assert services.respond(world.kang, activity, True).response == "accepted"
    assert services.respond(tang, activity, True).response == "waitlisted"
    assert services.respond(huang, activity, True).response == "waitlisted"
    services.respond(world.kang, activity, False)
    responses = dict(activity.invitations.values_list("member__name", "response"))
    assert responses == {"康希": "declined", "汤朝阳": "accepted", "黄德君": "waitlisted"}
    # 汤朝阳 has no account; nobody to notify — but the promotion still happened.
    assert not Notification.objects.filter(kind="activity.waitlist").exists()


def test_required_activities_cannot_be_declined_and_deadlines_hold(world, briefing, make_activity):
    with pytest.raises(Refusal) as refused:
        services.respond(world.kang, briefing, False)
    assert refused.value.code == "mandatory"
    signup = make_activity(
        mandatory=False, signup_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    services.invite(world.director, signup, [world.kang])
    services.publish(world.director, signup)
    with pytest.raises(Refusal) as refused:
        services.respond(world.kang, signup, True)
    assert refused.value.code == "signup_closed"


def test_leave_request_and_decision(world, client_for, briefing, tang):
    client = client_for("member")
    response = client.post(
        reverse("activity_leave", args=[briefing.pk]), {"reason": ""}, follow=True
    )
    assert "请填写请假原因" in response.content.decode()
    client.post(reverse("activity_leave", args=[briefing.pk]), {"reason": "出差"})
    leave = LeaveRequest.objects.get()
    assert Notification.objects.filter(kind="activity.leave", recipient=world.director).exists()
    response = client.post(
        reverse("activity_leave", args=[briefing.pk]), {"reason": "再请"}, follow=True
    )
    assert "已提交过请假申请" in response.content.decode()
    assert (
        client_for("member")
        .post(reverse("activity_leave_decide", args=[leave.pk, "approve"]))
        .status_code
        == 403
    )
    client_for("director").post(
        reverse("activity_leave_decide", args=[leave.pk, "refuse"]), {"comment": "会议重要"}
    )
    leave.refresh_from_db()
    assert leave.decision == "refused" and leave.decided_by == world.director
    assert DutyRecord.objects.get().kind == services.LEAVE_REFUSED
    with pytest.raises(Refusal):
        services.decide_leave(world.director, leave, True)
    assert Notification.objects.filter(kind="activity.leave_decision").exists()


def test_leave_after_the_start_is_refused(world, briefing, tang):
    Activity.objects.filter(pk=briefing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    briefing.refresh_from_db()
    with pytest.raises(Refusal) as refused:
        services.request_leave(tang, briefing, "来不了")
    assert refused.value.code == "leave_late"
    uninvited = MemberFactory(office=world.office)
    Activity.objects.filter(pk=briefing.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    briefing.refresh_from_db()
    with pytest.raises(Refusal) as refused:
        services.request_leave(uninvited, briefing, "x")
    assert refused.value.code == "not_invited"
    assert not LeaveRequest.objects.exists()


def test_the_member_sees_the_invitation_on_home_and_the_activity(world, client_for, briefing):
    client = client_for("member")
    panels = {p.key: items for p, items in client.get(reverse("home")).context["panels"]}
    assert panels["member.invitations"] == [briefing]
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert 'data-testid="my-invitation"' in page and "申请请假" in page
    assert Invitation.objects.get(member=world.kang).response == "invited"
    assert 'data-testid="attendance-table"' not in page  # staff-only parts stay hidden


def test_lists_are_scoped_and_bounded(
    world, client_for, make_activity, django_assert_max_num_queries
):
    for i in range(30):
        activity = make_activity(title=f"学习会{i}")
        services.invite(world.director, activity, [world.kang])
        services.publish(world.director, activity)
    client = client_for("director")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("activity_list"))
    assert len(response.context["page"]) == 30
    assert len(client_for("member").get(reverse("activity_list")).context["page"]) == 30
    assert len(client_for("other").get(reverse("activity_list")).context["page"]) == 0
    assert len(client_for("viewer").get(reverse("activity_list")).context["page"]) == 30
    with django_assert_max_num_queries(32):  # the record below the attendance adds its own
        assert client.get(activity.get_absolute_url()).status_code == 200
