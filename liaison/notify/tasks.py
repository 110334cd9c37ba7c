"""Background work of the notify app, run by django-tasks-db's `db_worker` (see README)."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from liaison.notify import services

logger = logging.getLogger("liaison.notify")


@task(takes_context=True)
def notify_later(context, user_ids: list[int], kind: str, text: str, url: str = "") -> int:
    """notify() from a worker: for callers that must not wait for delivery.

    Keyed by the task's own id: a run again after the worker died (requeue_stale_tasks)
    skips the users already notified instead of notifying them twice."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    key = f"task:{context.task_result.id}"
    return services.notify_once(key, users, kind, None, text, url, source="notify_later")


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at one mail or SMS; failures re-enqueue themselves with backoff."""
    return services.attempt_delivery(delivery_id)


@task()
def send_digests() -> int:
    """The daily digest: one mail per user with everything they chose to receive that way."""
    sent, failed = 0, 0
    for user in services.users_awaiting_digest():
        try:
            sent += services.send_digest(user)
        except Exception:
            failed += 1
            logger.exception("digest for user %s failed", user.pk)
    if failed:
        raise services.DeliveryFailed(f"{failed} digest(s) could not be sent")
    return sent


@task()
def send_reminders() -> int:
    """Every reminder that is due; safe to run as often as wanted (idempotency keys)."""
    from liaison.notify.reminders import run_reminders

    return run_reminders()


@task()
def run_export(job_id: int) -> int:
    """A big export written to a file under MEDIA_ROOT/exports/; the owner is notified."""
    from liaison.notify import exports

    return exports.run_export(job_id)


@task()
def cleanup_exports() -> int:
    from liaison.notify import exports

    return exports.cleanup_exports()
