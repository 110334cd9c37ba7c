"""The scan's fast path (liaison/activities/fastpath.py) against the full stack: the same
rows and the same answer, and every case it must leave to the stack."""

import datetime
import threading

import pytest
from django.core import signing
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from liaison.activities import fastpath, services
from liaison.activities.models import Attendance
from liaison.duty.models import DutyRecord, DutyRule, MemberYear, Unit
from liaison.orgs.models import AuditEntry, User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fast path serves PostgreSQL deployments"
)


@pytest.fixture
def open_briefing(world, briefing):
    return services.open_checkin(world.director, briefing)


@pytest.fixture
def answered(monkeypatch):
    """Which requests the fast path answered itself (True) or left to the stack (False)."""
    seen = []
    original = fastpath.CheckInFastPathMiddleware.answer

    def spy(self, request):
        response = original(self, request)
        seen.append(response is not None)
        return response

    monkeypatch.setattr(fastpath.CheckInFastPathMiddleware, "answer", spy)
    return seen


def url_of(activity, token=None):
    return reverse("activity_checkin", args=[token or services.checkin_token(activity)])


def press(client, activity, token=None, **headers):
    """The phone's 签到 button: an htmx POST."""
    return client.post(url_of(activity, token), HTTP_HX_REQUEST="true", **headers)


def written(activity):
    """What a check-in wrote, without the ids and clock times that differ between runs."""
    rows = list(Attendance.objects.filter(activity=activity))
    pks = {row.pk for row in rows}
    attendance = [(r.member_id, r.status, r.method, r.walk_in, r.recorded_by_id) for r in rows]
    audit = [
        (e.actor_id, e.actor_label, e.ip, e.action, e.content_type_id, e.object_id,
         e.object_repr, e.organization_id, e.data)
        for e in AuditEntry.objects.filter(action="check_in").order_by("pk")
    ]  # fmt: skip
    ledger = [
        (d.member_id, d.office_id, d.kind, d.content_type_id, d.object_id in pks, d.date,
         d.year, d.quantity, d.points)
        for d in DutyRecord.objects.filter(kind=services.ATTENDED).order_by("pk")
    ]  # fmt: skip
    sums = list(MemberYear.objects.order_by("member", "year").values_list(
        "member_id", "year", "acts", "points"
    ))  # fmt: skip
    return attendance, audit, ledger, sums


def shown(response):
    headers = {k: v for k, v in response.headers.items() if k not in ("Expires", "Date")}
    return response.status_code, response.content.decode(), headers, sorted(response.cookies)


def test_the_fast_path_writes_and_answers_what_the_full_stack_does(
    world, client_for, open_briefing, settings, answered
):
    DutyRule.objects.create(
        kind=services.ATTENDED, points=2, unit=Unit.HALF_DAY, effective_from=2000
    )
    outcomes = {}
    for fast in (False, True):
        settings.CHECKIN_FAST_PATH = fast
        with transaction.atomic():
            client = client_for("member")
            first = press(client, open_briefing)
            second = press(client, open_briefing)
            outcomes[fast] = (shown(first), shown(second), written(open_briefing))
            transaction.set_rollback(True)
    assert answered == [True, True]
    for fast_part, full_part in zip(outcomes[True], outcomes[False], strict=True):
        assert fast_part == full_part, sorted(set(fast_part[2].items()) ^ set(full_part[2].items()))
    (_status, body, _headers, cookies), (_s, again, _h, _c), written_rows = outcomes[True]
    attendance, _audit, ledger, sums = written_rows
    assert "签到成功" in body and "已签到" in again and cookies == ["sessionid"]
    assert attendance == [(world.kang.pk, "attended", "qr", False, None)]
    assert ledger[0][-2:] == (1, 2)  # one half-day at two points
    assert sums == [(world.kang.pk, ledger[0][6], 1, 2)]  # the member's year, the row added


def test_few_queries_on_the_hot_path(
    world, client_for, open_briefing, answered, django_assert_max_num_queries
):
    client = client_for("member")
    client.get(url_of(open_briefing))  # the confirm page writes the session's minute refresh
    with django_assert_max_num_queries(3):  # session, the read, the write
        assert "签到成功" in press(client, open_briefing).content.decode()
    with django_assert_max_num_queries(2):
        assert "已签到" in press(client, open_briefing).content.decode()
    assert answered == [True, True]
    assert Attendance.objects.filter(activity=open_briefing).count() == 1


def test_walk_ins_are_recorded_as_such(world, client_for, make_activity, answered):
    activity = services.publish(world.director, make_activity())  # nobody invited
    services.open_checkin(world.director, activity)
    assert "签到成功" in press(client_for("member"), activity).content.decode()
    assert Attendance.objects.get(activity=activity).walk_in is True
    assert answered == [True]


def test_what_it_leaves_to_the_stack(world, client_for, open_briefing, monkeypatch, answered):
    """Each of these the stack answers, exactly as with the fast path off."""
    member = client_for("member")
    token = services.checkin_token(open_briefing)
    # An expired and a forged code.
    later = timezone.now() + datetime.timedelta(seconds=services.CHECKIN_VALID + 5)
    with monkeypatch.context() as clock:
        clock.setattr(
            signing, "time", type("T", (), {"time": staticmethod(lambda: later.timestamp())})
        )
        assert press(member, open_briefing, token).status_code == 400
    assert press(member, open_briefing, token[:-2] + "zz").status_code == 400
    # Not a member of the office (the director has no member record).
    assert press(client_for("director"), open_briefing).status_code == 403
    # Signed out: through the login page.
    response = press(Client(), open_briefing)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A password to change first.
    User.objects.filter(pk=world.users["member"].pk).update(must_change_password=True)
    assert press(member, open_briefing).status_code == 302
    User.objects.filter(pk=world.users["member"].pk).update(
        must_change_password=False, otp_enrolled=True
    )
    assert press(member, open_briefing).status_code == 302  # to the code form
    User.objects.filter(pk=world.users["member"].pk).update(otp_enrolled=False, is_active=False)
    assert press(member, open_briefing).status_code == 302  # signed out: to the login page
    assert not Attendance.objects.exists()
    assert answered == [False] * 7


def test_a_missing_csrf_token_is_refused_by_the_stack(world, open_briefing, answered):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    assert press(client, open_briefing).status_code == 403
    assert answered == [False] and not Attendance.objects.exists()
    client.get(url_of(open_briefing))  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    done = press(client, open_briefing, HTTP_X_CSRFTOKEN=token)
    assert "签到成功" in done.content.decode() and answered == [False, True]


def test_the_rate_limit_counts_once_and_is_refused_by_the_stack(
    world, client_for, open_briefing, settings, answered
):
    settings.CHECKIN_RATE_LIMIT = 2
    client = client_for("member")
    assert "签到成功" in press(client, open_briefing).content.decode()
    assert "已签到" in press(client, open_briefing).content.decode()
    refused = press(client, open_briefing)
    assert refused.status_code == 429 and answered == [True, True, False]
    assert press(client, open_briefing).status_code == 429
    assert AuditEntry.objects.filter(action="rate_limited").count() == 1


def test_a_capped_rule_and_a_closed_activity_go_through_the_stack(
    world, client_for, open_briefing, make_activity, answered
):
    DutyRule.objects.create(kind=services.ATTENDED, points=3, yearly_cap=5, effective_from=2000)
    assert "签到成功" in press(client_for("member"), open_briefing).content.decode()
    assert DutyRecord.objects.get(kind=services.ATTENDED).points == 3
    closed = services.publish(world.director, make_activity())
    services.open_checkin(world.director, closed)
    services.close(world.director, closed)
    assert "尚未开放签到" in press(client_for("member"), closed).content.decode()
    assert answered == [False, False]


def test_no_check_in_lands_after_the_activity_closed(world, open_briefing):
    """Read while open, closed before the write: the write's locked re-check finds it closed."""
    middleware = fastpath.CheckInFastPathMiddleware(lambda request: None)
    found = middleware.read(world.users["member"].pk, open_briefing.pk)
    assert found.member_id == world.kang.pk and found.invited
    services.close(world.director, open_briefing)
    request = RequestFactory().post(url_of(open_briefing))
    written_at, still_open = middleware.write(
        request, world.users["member"].pk, open_briefing.pk, found
    )
    assert written_at is None and not still_open
    assert not Attendance.objects.filter(status="attended").exists()
    assert not AuditEntry.objects.filter(action="check_in").exists()


@pytest.mark.django_db(transaction=True)
def test_scans_at_once_make_one_row(world, make_activity):
    activity = make_activity()
    services.invite(world.director, activity, [world.kang])
    services.publish(world.director, activity)
    services.open_checkin(world.director, activity)
    clients = []
    for _ in range(4):
        client = Client()
        client.force_login(world.users["member"])
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    answers = []

    def scan_now(client):
        from django.db import connections

        barrier.wait()
        try:
            answers.append(press(client, activity).content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan_now, args=[c]) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("签到成功" in a for a in answers) == 1
    assert sum("已签到" in a for a in answers) == 3
    assert Attendance.objects.filter(activity=activity).count() == 1
    assert DutyRecord.objects.filter(kind=services.ATTENDED).count() == 1


def test_a_scan_that_loses_the_race_says_already_checked_in(world, open_briefing):
    """Both scans read "not yet"; the second write meets the first row and reports its time."""
    middleware = fastpath.CheckInFastPathMiddleware(lambda request: None)
    user = world.users["member"].pk
    first = middleware.read(user, open_briefing.pk)
    second = middleware.read(user, open_briefing.pk)
    request = RequestFactory().post(url_of(open_briefing))
    written_at, _open = middleware.write(request, user, open_briefing.pk, first)
    assert middleware.write(request, user, open_briefing.pk, second) == (None, True)
    assert middleware.earlier(open_briefing.pk, world.kang.pk) == written_at
    assert Attendance.objects.count() == 1 and DutyRecord.objects.count() == 1
    assert AuditEntry.objects.filter(action="check_in").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_error_leaves_the_scan_to_the_stack(
    world, client_for, make_activity, monkeypatch, caplog
):
    activity = make_activity()
    services.invite(world.director, activity, [world.kang])
    services.publish(world.director, activity)
    services.open_checkin(world.director, activity)
    monkeypatch.setattr(fastpath, "_READ", "SELECT * FROM no_such_table")
    assert "签到成功" in press(client_for("member"), activity).content.decode()
    assert "the stack answers" in caplog.text
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_stored_figures_follow_check_ins_the_fast_path_makes(
    world, client_for, open_briefing, answered
):
    """The fast path moves no figures counter (it would queue a burst's scans on one row):
    while check-in is open the office's figures are counted live, and closing the activity
    moves the counter, so the stored figures then hold the check-ins."""
    from liaison.core.figures import all_figures, count_all, year_bounds
    from liaison.reports import stored
    from liaison.reports.models import FigureYear

    year = timezone.localtime(open_briefing.starts_at).year
    office = [world.office.pk]
    stored.figures(office, year)  # stored before the scan

    def live():
        return count_all(all_figures(), office, *year_bounds(year))

    def counter():
        return list(FigureYear.objects.filter(office=world.office, year=0).values_list("version"))

    before = counter()
    assert "签到成功" in press(client_for("member"), open_briefing).content.decode()
    assert answered == [True] and counter() == before  # the scan moved nothing
    assert stored.figures(office, year)[0] == live()  # and the dashboard shows it
    assert stored.figures(office, year)[0] == live()  # what was stored meanwhile is not used
    services.close(world.director, open_briefing)
    assert counter() != before
    assert stored.figures(office, year)[0] == live()
    assert stored.figures(office, year)[0] == live()
