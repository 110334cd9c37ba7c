"""A task for the worker-killed test: notifies once, then waits until the test lets it go."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task

from liaison.notify.services import notify_once


def _hang(gate: str) -> None:
    Path(gate + ".reached").touch()
    while Path(gate).exists():
        time.sleep(0.1)


@task()
def notify_then_hang(user_id: int, gate: str, inside_transaction: bool) -> str:
    user = get_user_model().objects.get(pk=user_id)
    if inside_transaction:
        with transaction.atomic():
            notify_once("kill-test", [user], "test", text="只应收到一次")
            _hang(gate)  # killed here: nothing was committed
    else:
        notify_once("kill-test", [user], "test", text="只应收到一次")
        _hang(gate)  # killed here: the notification and its key were committed
    return "done"
