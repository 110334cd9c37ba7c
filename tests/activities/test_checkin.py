import datetime
import threading

import pytest
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import Activity, Attendance, Status
from liaison.core.errors import Refusal
from liaison.duty.models import DutyRecord
from liaison.orgs.models import AuditEntry
from tests.factories import MemberFactory


@pytest.fixture
def open_briefing(world, briefing):
    return services.open_checkin(world.director, briefing)


def scan(client, activity):
    token = services.checkin_token(activity)
    url = reverse("activity_checkin", args=[token])
    return client.get(url), client.post(url)


def test_a_member_checks_in_once_by_scanning(world, client_for, open_briefing):
    client = client_for("member")
    page, done = scan(client, open_briefing)
    assert page.status_code == 200 and 'data-testid="checkin-button"' in page.content.decode()
    assert "签到成功" in done.content.decode()
    again = client.post(reverse("activity_checkin", args=[services.checkin_token(open_briefing)]))
    assert "已签到" in again.content.decode()
    assert Attendance.objects.filter(activity=open_briefing).count() == 1
    row = Attendance.objects.get()
    assert (row.method, row.walk_in) == ("qr", False)
    assert DutyRecord.objects.filter(kind=services.ATTENDED).count() == 1


def test_the_phone_button_gets_a_lean_fragment_in_few_queries(
    world, client_for, open_briefing, django_assert_max_num_queries
):
    """The hot path of a briefing's first minutes: the htmx button's POST answers with the
    result fragment (no page shell) and writes the row, audit and ledger in a few queries."""
    client = client_for("member")
    url = reverse("activity_checkin", args=[services.checkin_token(open_briefing)])
    client.get(url)  # the confirm page; the session's minute refresh is written here
    with django_assert_max_num_queries(11):
        done = client.post(url, HTTP_HX_REQUEST="true")
    body = done.content.decode()
    assert "签到成功" in body and "<nav" not in body and 'id="checkin-result"' in body
    with django_assert_max_num_queries(7):
        again = client.post(url, HTTP_HX_REQUEST="true")
    assert "已签到" in again.content.decode()
    assert Attendance.objects.filter(activity=open_briefing).count() == 1
    assert DutyRecord.objects.filter(kind=services.ATTENDED).count() == 1


def test_a_failed_ledger_write_leaves_no_attendance(world, open_briefing, monkeypatch):
    """Row, audit entry and ledger entry land together or not at all."""
    from liaison.duty import services as duty

    def broken(*args, **kwargs):
        raise IntegrityError("ledger down")

    monkeypatch.setattr(duty, "record", broken)
    with pytest.raises(IntegrityError):
        services.check_in(world.kang, open_briefing)
    assert not Attendance.objects.filter(activity=open_briefing).exists()
    assert not AuditEntry.objects.filter(action="check_in").exists()


def test_scanning_when_logged_out_goes_through_login(world, open_briefing):
    url = reverse("activity_checkin", args=[services.checkin_token(open_briefing)])
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_expired_and_forged_codes_fail(world, client_for, open_briefing, monkeypatch):
    client = client_for("member")
    old = services.checkin_token(open_briefing)
    later = timezone.now() + datetime.timedelta(seconds=services.CHECKIN_VALID + 5)
    monkeypatch.setattr(
        signing, "time", type("T", (), {"time": staticmethod(lambda: later.timestamp())})
    )
    response = client.post(reverse("activity_checkin", args=[old]))
    assert response.status_code == 400 and "已过期" in response.content.decode()
    monkeypatch.undo()
    forged = old[:-3] + ("aaa" if not old.endswith("aaa") else "bbb")
    for token in [forged, "garbage", f"{open_briefing.pk}.1.x", "999999.1:abc:def"]:
        response = client.post(reverse("activity_checkin", args=[token]))
        assert response.status_code == 400 and "签到码无效" in response.content.decode(), token
    # Renewing the activity's secret voids every code already shown.
    Activity.objects.filter(pk=open_briefing.pk).update(checkin_secret="new")
    response = client.post(reverse("activity_checkin", args=[old]))
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_check_in_refused_when_not_open_or_other_office(world, client_for, briefing):
    with pytest.raises(Refusal) as refused:
        services.check_in(world.kang, briefing)  # published, not open yet
    assert refused.value.code == "checkin_closed"
    services.open_checkin(world.director, briefing)
    services.close(world.director, briefing)
    response = client_for("member").post(
        reverse("activity_checkin", args=[services.checkin_token(briefing)])
    )
    assert "尚未开放签到" in response.content.decode()
    outsider = MemberFactory(office=world.other_office)
    with pytest.raises(Refusal):
        services.reopen(world.director, briefing)
        services.check_in(outsider, briefing)
    assert not Attendance.objects.filter(member=outsider).exists()


def test_walk_ins_and_staff_by_hand(world, client_for, open_briefing):
    walk_in = MemberFactory(office=world.office, name="黄德君")
    client = client_for("staff")
    client.post(reverse("activity_manual_checkin", args=[open_briefing.pk]), {"member": walk_in.pk})
    row = Attendance.objects.get(member=walk_in)
    assert (row.method, row.walk_in, row.recorded_by) == ("manual", True, world.staff)
    client.post(reverse("activity_manual_checkout", args=[open_briefing.pk, row.pk]))
    assert not Attendance.objects.exists() and not DutyRecord.objects.exists()
    outsider = MemberFactory(office=world.other_office)
    response = client.post(
        reverse("activity_manual_checkin", args=[open_briefing.pk]),
        {"member": outsider.pk},
        follow=True,
    )
    assert "请选择本联络处的委员" in response.content.decode()


def test_the_database_refuses_a_second_attendance_row(world, open_briefing):
    services.check_in(world.kang, open_briefing)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            activity=open_briefing, member=world.kang, status="attended", method="qr"
        )


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_make_one_row(world, make_activity):
    if connection.vendor != "postgresql":
        pytest.skip("row locking across threads is shown on PostgreSQL")
    activity = make_activity()
    services.invite(world.director, activity, [world.kang])
    services.publish(world.director, activity)
    services.open_checkin(world.director, activity)
    barrier = threading.Barrier(4)
    outcomes = []

    def scan_now():
        from django.db import connections

        barrier.wait()
        try:
            services.check_in(world.kang, activity)
            outcomes.append("ok")
        except Refusal as refusal:
            outcomes.append(refusal.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan_now) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_checked_in"] * 3 + ["ok"]
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_big_screen_shows_a_fresh_code_and_the_live_list(world, client_for, open_briefing):
    client = client_for("staff")
    page = client.get(reverse("activity_screen", args=[open_briefing.pk]))
    assert page.status_code == 200 and "every 30s" in page.content.decode()
    code = client.get(reverse("activity_screen_code", args=[open_briefing.pk])).content.decode()
    assert "<svg" in code and "/activities/checkin/" in code
    services.check_in(world.kang, open_briefing)
    present = client.get(reverse("activity_screen_present", args=[open_briefing.pk]))
    assert [a.member.name for a in present.context["present"]] == ["康希"]
    assert [m.name for m in present.context["missing"]] == ["汤朝阳"]
    for name in ["member", "viewer", "other"]:
        assert client_for(name).get(
            reverse("activity_screen_code", args=[open_briefing.pk])
        ).status_code in (403, 404)
    Activity.objects.filter(pk=open_briefing.pk).update(status=Status.CLOSED)
    assert (
        "<svg"
        not in client.get(reverse("activity_screen_code", args=[open_briefing.pk])).content.decode()
    )


def test_scans_are_rate_limited_per_member_not_per_address(
    world, client_for, open_briefing, settings
):
    settings.CHECKIN_RATE_LIMIT = 3
    url = reverse("activity_checkin", args=[services.checkin_token(open_briefing)])
    client = client_for("member")
    for _ in range(3):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    # Another member on the same Wi-Fi (same address) still checks in.
    world.director_member = MemberFactory(office=world.office, user=world.director)
    assert "签到成功" in client_for("director").post(url).content.decode()


def test_odd_codes_and_next_values_are_refused_cleanly(world, client_for, open_briefing):
    member = client_for("member")
    for token in ["²", "１２.3", "9" * 30, "-1.x"]:
        assert member.get(reverse("activity_checkin", args=[token])).status_code == 400
    staff = client_for("staff")
    url = reverse("activity_manual_checkin", args=[open_briefing.pk])
    for target in ["https://evil.example/", "not a url", "//evil.example"]:
        response = staff.post(url, {"member": world.kang.pk, "next": target})
        assert (
            response.status_code == 302 and response["Location"] == open_briefing.get_absolute_url()
        )
