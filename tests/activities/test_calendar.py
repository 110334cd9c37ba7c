import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Status
from tests.activities.factories import ActivityFactory, at, invite
from tests.factories import MemberFactory


def _month_of(moment):
    return timezone.localtime(moment).strftime("%Y-%m")


def test_month_grid_shows_the_office_activities_with_previous_and_next(world, client_for):
    activity = ActivityFactory(office=world.office, title="上半年政情通报会")
    ActivityFactory(office=world.other_office, title="别处的通报会", starts_at=activity.starts_at)
    month = _month_of(activity.starts_at)
    response = client_for("staff").get(reverse("activity_calendar"), {"month": month})
    page = response.content.decode()
    assert response.status_code == 200
    assert "上半年政情通报会" in page and "别处的通报会" not in page
    assert f'data-date="{timezone.localtime(activity.starts_at):%Y-%m-%d}"' in page
    year, number = map(int, month.split("-"))
    previous = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    following = f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"
    assert f"?month={previous}" in page and f"?month={following}" in page


def test_month_spanning_activity_shows_on_each_day(world, client_for):
    start = datetime.datetime(2026, 12, 30, 9, tzinfo=timezone.get_current_timezone())
    ActivityFactory(
        office=world.office,
        title="跨年考察",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=3),
    )
    page = client_for("staff").get(reverse("activity_calendar"), {"month": "2026-12"})
    # The grids run Monday to Sunday: both show 30 and 31 December and 1 and 2 January.
    assert page.content.decode().count("跨年考察") == 4
    january = client_for("staff").get(reverse("activity_calendar"), {"month": "2027-01"})
    assert january.content.decode().count("跨年考察") == 4
    february = client_for("staff").get(reverse("activity_calendar"), {"month": "2027-02"})
    assert "跨年考察" not in february.content.decode()


@pytest.mark.parametrize("bad", ["2026-13", "december", "1800-01", "2026-1-1"])
def test_a_month_not_understood_says_so_and_shows_this_month(world, client_for, bad):
    response = client_for("staff").get(reverse("activity_calendar"), {"month": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "不是" in page
    today = timezone.localdate()
    assert f'data-date="{today:%Y-%m-%d}"' in page


def test_members_see_only_published_activities_they_are_invited_to(world, client_for):
    invited = invite(ActivityFactory(office=world.office, title="受邀的会"), world.kang)
    ActivityFactory(office=world.office, title="未受邀的会", starts_at=invited.starts_at)
    draft = invite(
        ActivityFactory(
            office=world.office, title="草稿会", status=Status.DRAFT, starts_at=invited.starts_at
        ),
        world.kang,
    )
    month = _month_of(invited.starts_at)
    page = client_for("member").get(reverse("activity_calendar"), {"month": month})
    text = page.content.decode()
    assert "受邀的会" in text and "未受邀的会" not in text and draft.title not in text
    listed = client_for("member").get(reverse("activity_calendar_list")).content.decode()
    assert "受邀的会" in listed and "未受邀的会" not in listed and "草稿会" not in listed


def test_district_viewers_see_their_subtree(world, client_for):
    ActivityFactory(office=world.office, title="燕山的会")
    ActivityFactory(office=world.other_office, title="定王台的会")
    page = client_for("viewer").get(reverse("activity_calendar_list")).content.decode()
    assert "燕山的会" in page and "定王台的会" in page
    other = client_for("other").get(reverse("activity_calendar_list")).content.decode()
    assert "定王台的会" in other and "燕山的会" not in other


def test_list_filters_past_upcoming_year_type_and_exports(world, client_for):
    ActivityFactory(office=world.office, title="明天的会", starts_at=at(1))
    ActivityFactory(office=world.office, title="上月的会", starts_at=at(-40), status=Status.CLOSED)
    client = client_for("staff")
    upcoming = client.get(reverse("activity_calendar_list")).content.decode()
    assert "明天的会" in upcoming and "上月的会" not in upcoming
    past = client.get(reverse("activity_calendar_list"), {"show": "past"}).content.decode()
    assert "上月的会" in past and "明天的会" not in past
    other_type = client.get(
        reverse("activity_calendar_list"), {"show": "all", "type": "study"}
    ).content.decode()
    assert "明天的会" not in other_type
    bad_year = client.get(reverse("activity_calendar_list"), {"year": "abc"}).content.decode()
    assert "不是年份" in bad_year
    export = client.get(reverse("activity_calendar_list"), {"show": "all", "format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.xlsx"')


def test_calendar_and_list_run_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for day in range(1, 25):
        activity = ActivityFactory(office=world.office, starts_at=at(day % 20))
        invite(activity, world.kang)
    month = _month_of(at(0))
    for name in ("staff", "member", "viewer"):
        client = client_for(name)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("activity_calendar"), {"month": month}).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("activity_calendar_list")).status_code == 200


def test_ics_parses_back_with_title_start_end_and_place(world, client_for):
    activity = ActivityFactory(
        office=world.office,
        title="2026年上半年政情通报会",
        place="燕山街道办事处三楼会议室",
        description="通报上半年街道工作",
    )
    invite(activity, world.kang)
    for name in ("staff", "member", "viewer"):
        response = client_for(name).get(reverse("activity_ics", args=[activity.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        event = events[0]
        assert str(event["SUMMARY"]) == "2026年上半年政情通报会"
        assert str(event["LOCATION"]) == "燕山街道办事处三楼会议室"
        assert event.decoded("DTSTART") == activity.starts_at
        assert event.decoded("DTEND") == activity.ends_at
        assert str(event["UID"]).startswith(f"activity-{activity.pk}@")


@pytest.mark.parametrize("name", ["other", "reviewer", "handler", "nobody", "admin"])
def test_ics_is_404_for_who_cannot_see_the_activity(world, client_for, name):
    activity = ActivityFactory(office=world.office)
    assert client_for(name).get(reverse("activity_ics", args=[activity.pk])).status_code in (
        403,
        404,
    )


def test_ics_is_404_for_a_member_not_invited_and_for_another_offices_member(world, client_for):
    activity = ActivityFactory(office=world.office)
    assert client_for("member").get(reverse("activity_ics", args=[activity.pk])).status_code == 404
    stranger = MemberFactory(office=world.other_office)
    from tests.factories import UserFactory

    stranger.user = UserFactory(username="stranger")
    stranger.save()
    from liaison.orgs.models import RoleAssignment

    RoleAssignment.objects.create(
        user=stranger.user, organization=world.other_office, role="member"
    )
    client = Client()
    client.force_login(stranger.user)
    assert client.get(reverse("activity_ics", args=[activity.pk])).status_code == 404


def test_invited_leader_with_an_account_gets_the_ics(world, client_for):
    activity = ActivityFactory(office=world.office)
    activity.leaders.create(name="书记", position="党工委书记", user=world.reviewer)
    assert (
        client_for("reviewer").get(reverse("activity_ics", args=[activity.pk])).status_code == 200
    )


def test_anonymous_visitors_go_to_login(world):
    activity = ActivityFactory(office=world.office)
    for url in [
        reverse("activity_calendar"),
        reverse("activity_calendar_list"),
        reverse("activity_ics", args=[activity.pk]),
    ]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_is_not_offered_to_invited_members_yet(world, client_for):
    draft = invite(ActivityFactory(office=world.office, status=Status.DRAFT), world.kang)
    assert client_for("member").get(reverse("activity_ics", args=[draft.pk])).status_code == 404
    assert client_for("staff").get(reverse("activity_ics", args=[draft.pk])).status_code == 200
