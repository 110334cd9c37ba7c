"""Timed reminders: apps register providers; one job asks each what is due and sends it once.

A provider is a function `due(now) -> Iterable[Reminder]`, registered in the app's
AppConfig.ready() with `register_provider(ReminderProvider(...))`. Each Reminder names its
occasion with a key that is the same every time the job sees that occasion again (e.g.
"assignment-due-3d:42"); the key and the recipient are stored in SentReminder under a
unique constraint, in the same transaction as the notification, so a rerun, an overlapping
run or a worker restarted halfway never sends a reminder twice.

The job runs from cron: `python manage.py send_reminders` (every 15 minutes is plenty), or
`send_reminders --enqueue` to hand it to the task worker.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

logger = logging.getLogger("liaison.reminders")


@dataclass(frozen=True)
class Reminder:
    key: str  # the occasion, stable across runs; at most 150 characters
    users: Iterable
    text: str
    kind: str = "reminder"
    obj: Any = None
    url: str = ""


@dataclass(frozen=True)
class ReminderProvider:
    key: str
    label: str
    due: Callable = field(default=lambda now: [])


_providers: dict[str, ReminderProvider] = {}


def register_provider(provider: ReminderProvider) -> None:
    """Register (or replace, by key) a reminder provider."""
    _providers[provider.key] = provider


def providers() -> list[ReminderProvider]:
    return sorted(_providers.values(), key=lambda p: p.key)


def run_reminders(now=None) -> int:
    """Ask every provider what is due and send what was not sent yet; returns how many sent."""
    from liaison.notify.services import notify_once

    now = now or timezone.now()
    sent = 0
    for provider in providers():
        for reminder in provider.due(now):
            sent += notify_once(
                f"{provider.key}:{reminder.key}",
                reminder.users,
                reminder.kind,
                reminder.obj,
                reminder.text,
                reminder.url,
                source=provider.key,
            )
    if sent:
        logger.info("sent %s reminder(s)", sent)
    return sent
