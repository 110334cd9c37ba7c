import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import TRANSITIONS, Activity, Attendance, Status
from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.notify.models import Notification
from liaison.orgs.models import AuditEntry

ALL = [Status.DRAFT, Status.PUBLISHED, Status.CHECKIN_OPEN, Status.CLOSED, Status.ARCHIVED]
MOVES = {
    Status.PUBLISHED: services.publish,
    Status.DRAFT: services.unpublish,
    Status.CHECKIN_OPEN: services.open_checkin,
    Status.CLOSED: services.close,
    Status.ARCHIVED: services.archive,
}


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_transition_not_written_down_is_refused(world, make_activity, start, target):
    activity = make_activity()
    Activity.objects.filter(pk=activity.pk).update(status=start)
    if target in TRANSITIONS[start]:
        move = (
            services.reopen
            if (start, target) == (Status.CLOSED, Status.CHECKIN_OPEN)
            else (MOVES[target])
        )
        assert move(world.director, activity).status == target
    else:
        with pytest.raises(Refusal) as refused:
            MOVES[target](world.director, activity)
        assert refused.value.code == "transition_refused"
        assert Activity.objects.get(pk=activity.pk).status == start


def test_publishing_sends_the_invitations(world, briefing):
    note = Notification.objects.get(kind="activity.invitation", recipient=world.member)
    assert "政情通报会" in note.text and note.url == briefing.get_absolute_url()
    assert AuditEntry.objects.filter(action="status", object_id=str(briefing.pk)).exists()


def test_publish_hook_can_hold_back_a_major_activity(world, make_activity):
    def needs_approval(activity):
        if activity.is_major:
            raise Refusal("instruction_needed", "重大活动须先经请示批准。")

    services.register_publish_check(needs_approval)
    try:
        major = make_activity(is_major=True)
        with pytest.raises(Refusal, match="请示"):
            services.publish(world.director, major)
        assert Activity.objects.get(pk=major.pk).status == Status.DRAFT
        assert services.publish(world.director, make_activity()).status == Status.PUBLISHED
    finally:
        services.unregister_publish_check(needs_approval)


def test_closing_computes_absences_and_the_ledger_follows(world, briefing, tang):
    services.open_checkin(world.director, briefing)
    services.check_in(world.kang, briefing)
    services.close(world.director, briefing)
    rows = {a.member.name: a.status for a in briefing.attendance.select_related("member")}
    assert rows == {"康希": "attended", "汤朝阳": "absent"}
    ledger = set(DutyRecord.objects.values_list("member__name", "kind"))
    assert ledger == {("康希", services.ATTENDED), ("汤朝阳", services.ABSENT)}
    # Reopening for a correction drops the computed absence; a late check-in then counts.
    services.reopen(world.director, briefing)
    services.check_in(tang, briefing, method=Attendance.Method.MANUAL, actor=world.staff)
    services.close(world.director, briefing)
    ledger = set(DutyRecord.objects.values_list("member__name", "kind"))
    assert ledger == {("康希", services.ATTENDED), ("汤朝阳", services.ATTENDED)}
    from liaison.duty.services import rebuild_ledger

    before = sorted(DutyRecord.objects.values_list("member_id", "kind", "object_id"))
    rebuild_ledger()
    assert sorted(DutyRecord.objects.values_list("member_id", "kind", "object_id")) == before


def test_approved_leave_is_not_an_absence(world, briefing, tang):
    leave = services.request_leave(tang, briefing, "出差在外")
    services.decide_leave(world.director, leave, approve=True)
    services.open_checkin(world.director, briefing)
    services.close(world.director, briefing)
    assert not briefing.attendance.filter(member=tang).exists()
    assert DutyRecord.objects.filter(member=tang, kind=services.LEAVE_APPROVED).count() == 1


def test_end_before_start_is_refused(world, client_for, make_activity):
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(Refusal):
        make_activity(starts_at=start, ends_at=start - datetime.timedelta(hours=1))
    response = client_for("director").post(
        reverse("activity_create"),
        {
            "type": 1,
            "title": "倒序",
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T09:00",
            "mandatory": "on",
        },
    )
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert not Activity.objects.filter(title="倒序").exists()


def test_staff_create_publish_and_close_through_the_pages(world, client_for, tang):
    client = client_for("staff")
    response = client.post(
        reverse("activity_create"),
        {
            "type": 1,
            "title": "走访前的学习会",
            "starts_at": "2026-12-10T09:00",
            "ends_at": "2026-12-10T11:00",
            "place": "会议室",
            "mandatory": "on",
        },
    )
    activity = Activity.objects.get(title="走访前的学习会")
    assert response["Location"] == activity.get_absolute_url()
    client.post(reverse("activity_invite", args=[activity.pk]), {"everyone": "on"})
    assert activity.invitations.count() == 2
    for action in ["publish", "open", "close"]:
        client.post(reverse("activity_transition", args=[activity.pk, action]))
    activity.refresh_from_db()
    assert activity.status == Status.CLOSED and activity.attendance.count() == 2
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "缺席" in page
    # A refused move shows the reason and changes nothing.
    response = client.post(
        reverse("activity_transition", args=[activity.pk, "publish"]), follow=True
    )
    assert "不能变为" in response.content.decode()


def test_other_offices_and_roles_cannot_see_or_change_it(world, client_for, briefing):
    for name in ["other", "reviewer", "handler", "admin", "nobody"]:
        client = client_for(name)
        assert client.get(briefing.get_absolute_url()).status_code in (403, 404), name
        client.post(reverse("activity_transition", args=[briefing.pk, "open"]))
    for name in ["member", "viewer"]:
        assert client_for(name).get(briefing.get_absolute_url()).status_code == 200, name
        assert (
            client_for(name)
            .post(reverse("activity_transition", args=[briefing.pk, "open"]))
            .status_code
            == 403
        )
    briefing.refresh_from_db()
    assert briefing.status == Status.PUBLISHED


def test_the_administrator_configures_types_and_targets(world, client_for):
    from liaison.activities.models import ActivityType

    briefing = ActivityType.objects.get(code="briefing")
    client = client_for("admin")
    response = client.post(
        reverse("activity_type_edit", args=[briefing.pk]),
        {
            "name": "政情通报会",
            "code": "briefing",
            "yearly_target": 3,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.yearly_target == 3
    response = client.post(
        reverse("activity_types"), {"name": "政情通报会", "code": "dup", "sort_order": 1}
    )
    assert response.status_code == 200 and "已存在" in response.content.decode()
    client.post(
        reverse("activity_types"),
        {"name": "界别协商", "code": "sector_talk", "sort_order": 20, "is_active": "on"},
    )
    assert ActivityType.objects.filter(code="sector_talk").exists()
    for name in ["director", "staff", "security", "auditor", "viewer", "member"]:
        assert (
            client_for(name)
            .post(reverse("activity_types"), {"name": "x", "code": "x", "sort_order": 1})
            .status_code
            == 403
        ), name
    assert not ActivityType.objects.filter(code="x").exists()
