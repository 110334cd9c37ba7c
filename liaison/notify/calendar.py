"""Private calendar feeds: each app registers what belongs in a user's calendar.

A provider is a function `events(user) -> Iterable[CalendarEvent]`, registered in the app's
AppConfig.ready() with `register_calendar(CalendarProvider(...))` (activities the user is
invited to, assignment deadlines, …). The feed at /notifications/calendar/<token>.ics joins
them into one iCalendar file built with the icalendar library.
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from liaison.orgs.audit import log_action


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable and unique across the site, e.g. "activity-12"
    title: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""


@dataclass(frozen=True)
class CalendarProvider:
    key: str
    label: str
    events: Callable = field(default=lambda user: [])


_providers: dict[str, CalendarProvider] = {}


def register_calendar(provider: CalendarProvider) -> None:
    _providers[provider.key] = provider


def calendar_providers() -> list[CalendarProvider]:
    return sorted(_providers.values(), key=lambda p: p.key)


def build_feed(user) -> bytes:
    from liaison.notify.services import site_url

    cal = Calendar()
    cal.add("prodid", "-//Liaison//CPPCC liaison office//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Liaison office: %(name)s") % {"name": user.label})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "liaison"
    for provider in calendar_providers():
        for item in provider.events(user):
            event = Event()
            event.add("uid", f"{item.uid}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", str(item.title))
            event.add("dtstart", item.start)
            if item.end is not None:
                event.add("dtend", item.end)
            if item.description:
                event.add("description", str(item.description))
            if item.location:
                event.add("location", str(item.location))
            if item.url:
                event.add("url", site_url(item.url))
            cal.add_component(event)
    return cal.to_ical()


def live_token(user):
    from liaison.notify.models import CalendarToken

    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def issue_token(user):
    """A new private link; the old one, if any, stops working at once."""
    from liaison.notify.models import CalendarToken

    with transaction.atomic():
        _revoke(user)
        token = CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))
        log_action(token, "calendar_link_issue", user, {})
    return token


def revoke_token(user) -> int:
    with transaction.atomic():
        return _revoke(user, audit=True)


def _revoke(user, audit: bool = False) -> int:
    from liaison.notify.models import CalendarToken

    live = list(
        CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    )
    for token in live:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        if audit:
            log_action(token, "calendar_link_revoke", user, {})
    return len(live)


def user_for_token(token: str):
    """The active user behind a live token, or None (unknown, revoked, or account disabled)."""
    from liaison.notify.models import CalendarToken

    row = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return row.user if row else None
