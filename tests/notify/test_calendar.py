"""Private iCal feeds: a secret link per user, revocable, content from registered providers."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from liaison.notify import calendar
from liaison.notify.calendar import CalendarEvent, CalendarProvider, register_calendar
from liaison.notify.models import CalendarToken
from liaison.orgs.models import AuditEntry


@pytest.fixture
def provider():
    def events(user):
        yield CalendarEvent(
            uid=f"test-{user.pk}",
            title=f"{user.label}的政情通报会",
            start=datetime.datetime(2027, 3, 2, 9, 30, tzinfo=datetime.UTC),
            end=datetime.datetime(2027, 3, 2, 11, 0, tzinfo=datetime.UTC),
            location="燕山街道办事处三楼会议室",
            url="/activities/1/",
        )

    register_calendar(CalendarProvider("test", "测试", events))
    yield
    calendar._providers.pop("test", None)


def _feed_url(client):
    client.post(reverse("calendar_issue"))
    token = CalendarToken.objects.get(revoked_at__isnull=True)
    return reverse("calendar_feed", args=[token.token])


def test_the_feed_lists_the_users_events_without_a_login(world, client_for, provider):
    url = _feed_url(client_for("member"))
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "member的政情通报会"
    assert str(event["location"]) == "燕山街道办事处三楼会议室"
    assert str(event["url"]).endswith("/activities/1/")


def test_an_empty_calendar_is_still_a_valid_feed(world, client_for):
    response = Client().get(_feed_url(client_for("member")))
    cal = Calendar.from_ical(response.content)
    assert cal.walk("VEVENT") == []


def test_a_revoked_token_answers_404(world, client_for, provider):
    client = client_for("member")
    url = _feed_url(client)
    client.post(reverse("calendar_revoke"))
    assert Client().get(url).status_code == 404
    assert AuditEntry.objects.filter(action="calendar_link_revoke").count() == 1


def test_a_new_link_replaces_the_old(world, client_for):
    client = client_for("member")
    old = _feed_url(client)
    new = _feed_url(client)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    page = client.get(reverse("notification_preferences")).content.decode()
    assert new in page and old not in page


def test_unknown_tokens_and_disabled_accounts_answer_404(world, client_for):
    url = _feed_url(client_for("member"))
    assert Client().get(reverse("calendar_feed", args=["nope"])).status_code == 404
    world.member.is_active = False
    world.member.save()
    assert Client().get(url).status_code == 404


def test_issuing_and_revoking_need_a_login_and_a_post(world, client_for):
    assert Client().post(reverse("calendar_issue")).status_code == 302
    assert not CalendarToken.objects.exists()
    assert client_for("member").get(reverse("calendar_issue")).status_code == 405
