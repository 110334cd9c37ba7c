"""notify(): the one way anything reaches a user's inbox (mail and digests come later)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from liaison.notify.models import Notification


def notify(users: Iterable, kind: str, obj=None, text: str = "", url: str = "") -> int:
    """Put one message in each user's inbox; returns how many were written."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    if not url and obj is not None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    Notification.objects.bulk_create(
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
    return len(recipients)


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    rows = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())
