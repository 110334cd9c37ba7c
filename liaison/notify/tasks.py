"""Background work of the notify app, run by django-tasks-db's `db_worker` (see README)."""

from django.contrib.auth import get_user_model
from django.tasks import task

from liaison.notify.services import notify


@task()
def notify_later(user_ids: list[int], kind: str, text: str, url: str = "") -> int:
    """notify() from a worker: for callers that must not wait for delivery."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    return notify(users, kind, None, text, url)
