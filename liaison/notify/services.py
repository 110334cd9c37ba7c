"""notify(): the one way anything reaches a user — the inbox always, then mail, digest or SMS.

The inbox copy is written first and never depends on delivery. Mail and SMS go out from the
task worker (liaison.notify.tasks.deliver); a failed attempt is retried with exponential
backoff (NOTIFY_RETRY_BACKOFF seconds, doubling) and after NOTIFY_MAX_ATTEMPTS the delivery
is marked failed and its task fails, so it shows on the administrator's page of failed tasks.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.notify import kinds, sms
from liaison.notify.models import Delivery, Notification, Preference

logger = logging.getLogger("liaison.notify")


class DeliveryFailed(Exception):
    """Raised by the last failed attempt, so the task itself is recorded as failed."""


def notify(users: Iterable, kind: str, obj=None, text: str = "", url: str = "") -> int:
    """Put one message in each user's inbox and send it on; returns how many were written."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    if not url and obj is not None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    with transaction.atomic():
        notes = Notification.objects.bulk_create(
            Notification(
                recipient_id=pk,
                kind=kind,
                text=str(text)[:500],
                url=url[:300],
                content_type=content_type,
                object_id=obj.pk if obj is not None else None,
            )
            for pk in recipients
        )
        _route(notes, recipients, kind)
        forget_unread(recipients)
    return len(recipients)


def notify_once(
    key: str, users: Iterable, kind: str, obj=None, text: str = "", url: str = "", source=""
) -> int:
    """notify() at most once per (key, user), however often it is called or a task re-run.

    The key is stored in SentReminder under a unique constraint, in the same transaction as
    the notification: a worker killed before the commit leaves nothing, one killed after it
    leaves the key, and the next run skips that user either way.
    """
    from django.db import IntegrityError

    from liaison.notify.models import SentReminder

    key = key[:200]
    users = [u for u in users if u is not None and u.is_active]
    done = set(
        SentReminder.objects.filter(key=key, user__in=users).values_list("user_id", flat=True)
    )
    sent = 0
    for user in users:
        if user.pk in done:
            continue
        try:
            with transaction.atomic():
                SentReminder.objects.create(key=key, user=user, provider=source[:50])
                notify([user], kind, obj, text, url)
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent += 1
    return sent


def mode_for(user_ids, kind: str) -> dict:
    default = kinds.get_kind(kind).default
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "mode")
    )
    return {pk: chosen.get(pk, default) for pk in user_ids}


def _route(notes, recipients: dict, kind: str) -> None:
    """Decide each recipient's mail and SMS from their preference, and queue the sending."""
    spec = kinds.get_kind(kind)
    modes = mode_for(list(recipients), kind)
    deliveries = []
    for note in notes:
        user, mode = recipients[note.recipient_id], modes[note.recipient_id]
        if mode == kinds.OFF:
            continue
        if user.email:
            status = Delivery.Status.PENDING if mode == kinds.IMMEDIATE else Delivery.Status.DIGEST
            deliveries.append(
                Delivery(notification=note, channel=Delivery.Channel.EMAIL, status=status)
            )
        if spec.sms and mode == kinds.IMMEDIATE and user.phone:
            deliveries.append(
                Delivery(
                    notification=note, channel=Delivery.Channel.SMS, status=Delivery.Status.PENDING
                )
            )
    if not deliveries:
        return
    for delivery in Delivery.objects.bulk_create(deliveries):
        if delivery.status == Delivery.Status.PENDING:
            _enqueue(delivery.pk)


def _enqueue(delivery_id: int, run_after=None) -> None:
    from liaison.notify.tasks import deliver

    task = deliver
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def site_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _send_notification_mail(note: Notification) -> None:
    context = {"user": note.recipient, "note": note, "link": site_url(note.url)}
    subject = render_to_string("notify/email/notification_subject.txt", context)
    body = render_to_string("notify/email/notification.txt", context)
    send_mail(" ".join(subject.split()), body, None, [note.recipient.email])


def attempt_delivery(delivery_id: int) -> str:
    """One attempt at one pending delivery; a delivery already sent or failed is left alone."""
    delivery = (
        Delivery.objects.select_related("notification__recipient")
        .filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return "skipped"
    note = delivery.notification
    try:
        with translation.override(settings.LANGUAGE_CODE):
            if delivery.channel == Delivery.Channel.EMAIL:
                _send_notification_mail(note)
            else:
                sms.get_backend().send(note.recipient, note.recipient.phone, note.text)
    except Exception as exc:  # any failure of the channel counts as a failed attempt
        return _attempt_failed(delivery, exc)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    return "sent"


def _attempt_failed(delivery: Delivery, exc: Exception) -> str:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:300]
    max_attempts = settings.NOTIFY_MAX_ATTEMPTS
    if delivery.attempts >= max_attempts:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.error("delivery %s failed after %s attempts: %s", delivery.pk, max_attempts, exc)
        raise DeliveryFailed(f"delivery {delivery.pk}: {delivery.last_error}") from exc
    delay = timedelta(seconds=settings.NOTIFY_RETRY_BACKOFF * 2 ** (delivery.attempts - 1))
    delivery.next_attempt_at = timezone.now() + delay
    delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "delivery %s attempt %s failed, retry in %s", delivery.pk, delivery.attempts, delay
    )
    _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return "retrying"


def send_digest(user) -> int:
    """One mail with everything waiting for the user's digest; returns how many it held."""
    waiting = list(
        Delivery.objects.select_related("notification")
        .filter(
            notification__recipient=user,
            channel=Delivery.Channel.EMAIL,
            status=Delivery.Status.DIGEST,
        )
        .order_by("created_at", "pk")
    )
    if not waiting or not user.email:
        return 0
    ids = [d.pk for d in waiting]
    notes = [d.notification for d in waiting]
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"user": user, "notes": notes, "inbox": site_url("/notifications/")}
            for note in notes:
                note.link = site_url(note.url)
            subject = render_to_string("notify/email/digest_subject.txt", context)
            body = render_to_string("notify/email/digest.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except Exception as exc:
        rows = Delivery.objects.filter(pk__in=ids)
        rows.update(attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300])
        rows.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(
            status=Delivery.Status.FAILED
        )
        raise
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.DIGEST).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    return len(ids)


def users_awaiting_digest():
    from django.contrib.auth import get_user_model

    waiting = Delivery.objects.filter(status=Delivery.Status.DIGEST).values(
        "notification__recipient"
    )
    return get_user_model().objects.filter(pk__in=waiting, is_active=True)


def set_preferences(user, choices: dict[str, str]) -> None:
    """Save the user's choice per kind; an unknown kind or mode changes nothing."""
    known = {k.key for k in kinds.all_kinds()}
    for kind, mode in choices.items():
        if kind not in known or mode not in Preference.Mode.values:
            raise Refusal("bad_preference", _("That delivery choice is not available."))
    with transaction.atomic():
        for kind, mode in choices.items():
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


# The badge's count is kept in the cache: every page shows it, and counting cost each page a
# query (≈ 0.6 ms). The writes below drop it; the timeout bounds a count left stale by a
# per-process cache (LocMem) under several workers, where Redis is the cache to use.
UNREAD_SECONDS = 120


def _unread_key(user_id) -> str:
    return f"notify:unread:{user_id}"


def unread_count(user) -> int:
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget_unread(user_ids) -> None:
    """Drop the kept counts of these users, now and when the transaction commits (a page
    counting between the two would otherwise keep the count from before it)."""
    keys = [_unread_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    rows = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    changed = rows.update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed
