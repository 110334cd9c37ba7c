import datetime

from django.urls import reverse
from django.utils import timezone

from liaison.duty.models import DutyRecord
from liaison.members import services
from liaison.members.home import upcoming_birthdays
from liaison.members.models import CareEvent, Member
from liaison.notify.models import Notification
from liaison.orgs.access import Perm
from tests.factories import MemberFactory


def test_illness_is_due_within_24_hours_and_reaches_the_office_at_once(world, client_for):
    response = client_for("staff").post(
        reverse("care_create", args=[world.kang.pk]),
        {"kind": "illness", "event_date": timezone.localdate().isoformat(), "description": "住院"},
    )
    assert response.status_code == 302
    event = CareEvent.objects.get()
    assert abs((event.due_by - event.recorded_at) - datetime.timedelta(hours=24)) < (
        datetime.timedelta(seconds=1)
    )
    assert event.office == world.office and event.recorded_by == world.staff
    recipients = set(
        Notification.objects.filter(kind="care.urgent").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"director", "staff"}


def test_celebrations_are_due_on_the_day(world):
    day = datetime.date(2026, 5, 20)
    event = services.record_care_event(world.staff, world.kang, kind="wedding", event_date=day)
    local = timezone.localtime(event.due_by)
    assert (local.date(), local.hour, local.minute) == (day, 23, 59)
    assert not Notification.objects.filter(kind="care.urgent").exists()


def test_overdue_events_show_on_the_office_home(world, client_for):
    event = services.record_care_event(
        world.staff, world.kang, kind="bereavement", event_date=timezone.localdate()
    )
    CareEvent.objects.filter(pk=event.pk).update(due_by=timezone.now() - datetime.timedelta(1))
    event.refresh_from_db()
    assert event.is_overdue and str(event.display_status) == "已逾期"
    response = client_for("director").get(reverse("home"))
    panels = dict((p.key, items) for p, items in response.context["panels"])
    assert panels["office.care_overdue"] == [event]
    assert list(CareEvent.objects.visible_to(world.other, Perm.OFFICE_MANAGE).overdue()) == []


def _overdue_on_home(client):
    response = client.get(reverse("home"))
    return dict((p.key, items) for p, items in response.context["panels"])["office.care_overdue"]


def test_the_homes_overdue_list_follows_the_events_and_the_clock(world, client_for, monkeypatch):
    """Stored with the office's year are its first pending events; which of them are overdue
    is decided at each load (by the panel's clock, moved on here), and a visit or a rename
    moves the stored list on."""
    from types import SimpleNamespace

    from liaison.members import home

    director = client_for("director")
    assert _overdue_on_home(director) == []  # stored: nothing pending
    today = timezone.localdate()
    event = services.record_care_event(world.staff, world.kang, kind="illness", event_date=today)
    assert _overdue_on_home(director) == []  # pending, due in a day
    later = event.due_by + datetime.timedelta(minutes=1)
    clock = SimpleNamespace(now=lambda: later, localdate=timezone.localdate)
    monkeypatch.setattr(home, "timezone", clock)
    (shown,) = _overdue_on_home(director)
    assert (shown.pk, shown.member.name, shown.kind) == (event.pk, "康希", "illness")
    assert event.get_absolute_url() in director.get(reverse("home")).content.decode()
    world.kang.name = "康熙"
    world.kang.save()
    assert _overdue_on_home(director)[0].member.name == "康熙"
    services.record_care_visit(world.staff, event, date=today, members=[world.kang])
    assert _overdue_on_home(director) == []


def test_a_visit_closes_the_event_and_feeds_the_duty_ledger(world, client_for):
    event = services.record_care_event(
        world.staff, world.kang, kind="illness", event_date=timezone.localdate()
    )
    tang = MemberFactory(office=world.office, name="汤朝阳")
    outsider = MemberFactory(office=world.other_office, name="周建华")
    url = reverse("care_detail", args=[event.pk])
    client = client_for("staff")
    response = client.post(
        url, {"date": timezone.localdate().isoformat(), "members": [outsider.pk]}
    )
    assert response.status_code == 200  # not a choice: another office's member
    response = client.post(url, {"date": "2999-01-01", "members": [tang.pk]})
    assert "未来" in response.content.decode()
    response = client.post(
        url, {"date": timezone.localdate().isoformat(), "members": [tang.pk], "gifts": "鲜花、水果"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "done" and event.visits.get().staff.get() == world.staff
    record = DutyRecord.objects.get()
    assert (record.member, record.kind) == (tang, services.CARE_VISIT_KIND)
    from liaison.duty.services import rebuild_ledger

    assert rebuild_ledger() == 1 and DutyRecord.objects.get().member == tang


def test_cancel_only_pending_events(world, client_for):
    event = services.record_care_event(
        world.staff, world.kang, kind="wedding", event_date=timezone.localdate()
    )
    client = client_for("director")
    client.post(reverse("care_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == "cancelled"
    response = client.post(reverse("care_cancel", args=[event.pk]), follow=True)
    assert "只有待办的事项可以取消" in response.content.decode()


def test_birthdays_in_the_next_30_days_including_29_february(world, rf):
    today = timezone.localdate()
    soon = MemberFactory(
        office=world.office,
        name="近",
        birth_date=(today + datetime.timedelta(days=3)).replace(year=1970),
    )
    MemberFactory(
        office=world.office,
        name="远",
        birth_date=(today + datetime.timedelta(days=40)).replace(year=1970),
    )
    MemberFactory(
        office=world.office,
        name="退",
        status="withdrawn",
        birth_date=(today + datetime.timedelta(days=2)).replace(year=1970),
    )
    request = rf.get("/")
    request.user = world.director
    assert [m.name for m in upcoming_birthdays(request)] == ["近"]
    leap = MemberFactory(office=world.office, name="闰", birth_date=datetime.date(1972, 2, 29))
    in_common_year = Member.objects.with_birthday_within(datetime.date(2027, 2, 20), 30)
    assert leap in in_common_year and soon not in Member.objects.with_birthday_within(
        datetime.date(2027, 2, 20), 5
    )


def test_birthdays_in_order_of_the_days_to_go_across_new_year(world):
    for name, born in [
        ("元月二日", datetime.date(1980, 1, 2)),
        ("腊月卅", datetime.date(1975, 12, 30)),
        ("圣诞", datetime.date(1966, 12, 25)),
        ("闰日", datetime.date(1972, 2, 29)),
        ("三月一", datetime.date(1970, 3, 1)),
        ("二月廿八", datetime.date(1971, 2, 28)),
    ]:
        MemberFactory(office=world.office, name=name, birth_date=born)
    office = Member.objects.filter(office=world.office)
    start = datetime.date(2026, 12, 20)
    window = office.with_birthday_within(start, 30).in_birthday_order(start)
    assert [m.name for m in window] == ["圣诞", "腊月卅", "元月二日"]
    spring = datetime.date(2027, 2, 1)
    ordered = [m.name for m in office.with_birthday_within(spring, 40).in_birthday_order(spring)]
    assert ordered == ["二月廿八", "闰日", "三月一"]


def test_care_pages_are_for_office_staff_of_that_office(world, client_for):
    event = services.record_care_event(
        world.staff, world.kang, kind="wedding", event_date=timezone.localdate()
    )
    for name in ["other", "viewer", "member", "admin"]:
        assert client_for(name).get(reverse("care_detail", args=[event.pk])).status_code in (
            403,
            404,
        ), name
        assert client_for(name).post(
            reverse("care_create", args=[world.kang.pk]),
            {"kind": "wedding", "event_date": "2026-01-01"},
        ).status_code in (403, 404), name
    assert CareEvent.objects.count() == 1
    assert client_for("director").get(reverse("care_list")).status_code == 200


def test_birthday_window_matches_the_calendar_day_by_day(world):
    """The ranges of month × 100 + day find exactly the members a day-by-day reading finds:
    across New Year, around 29 February in leap and common years, empty and whole-year windows."""
    people = [
        MemberFactory.build(office=world.office, birth_date=datetime.date(1972, 1, 1) + step)
        for step in (datetime.timedelta(days=n) for n in range(366))
    ]
    for person in people:
        person.name, person.name_pinyin = f"生{person.birth_date:%m%d}", "s"
    Member.objects.bulk_create(people)
    everyone = Member.objects.filter(office=world.office).exclude(birth_date=None)

    def expected(start, days):
        found = set()
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            found.add((day.month, day.day))
            if (day.month, day.day) == (2, 28) and day.year % 4:
                found.add((2, 29))
        return {m.pk for m in everyone if (m.birth_date.month, m.birth_date.day) in found}

    for start, days in [
        (datetime.date(2026, 12, 20), 30),
        (datetime.date(2027, 2, 20), 8),
        (datetime.date(2027, 2, 20), 9),
        (datetime.date(2028, 2, 28), 1),
        (datetime.date(2028, 2, 28), 2),
        (datetime.date(2027, 2, 28), 1),
        (datetime.date(2026, 6, 1), 0),
        (datetime.date(2026, 3, 1), 366),
        (datetime.date(2026, 12, 31), 1),
    ]:
        found = set(everyone.with_birthday_within(start, days).values_list("pk", flat=True))
        assert found == expected(start, days), (start, days)
