"""A worker killed mid-task: requeue_stale_tasks puts the task back and the rerun adds
nothing twice. The worst case is modelled: the task's effects were committed but the worker
died before it could record the task as done, so the whole task runs a second time.

(tests/notify/test_worker.py kills a real worker process mid-task; here every real task of
the notify app is rerun that way.)"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from liaison.notify.models import Delivery, ExportJob, Notification, SentReminder
from liaison.notify.services import notify, set_preferences
from liaison.notify.tasks import notify_later, send_digests, send_reminders


def killed_after_its_work(run_worker):
    """Every finished task looks as if its worker died before recording the result; the
    cron job requeues them and a worker runs them again."""
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago, finished_at=None)
    call_command("requeue_stale_tasks", "--minutes", "60", stdout=io.StringIO())
    assert not DBTaskResult.objects.running().exists()
    run_worker()
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}, statuses


@pytest.fixture
def mailed(world):
    world.director.email = "director@example.org"
    world.director.save()
    return world.director


def test_notify_later_run_twice_notifies_once(world, run_worker):
    notify_later.enqueue([world.director.pk, world.staff.pk], "welcome", "请查收新的交办事项")
    run_worker()
    assert Notification.objects.count() == 2
    killed_after_its_work(run_worker)
    assert Notification.objects.count() == 2


def test_a_delivery_run_twice_mails_once(mailed, run_worker):
    notify([mailed], "welcome", None, "新的意见待研判")
    run_worker()
    assert len(mail.outbox) == 1 and Delivery.objects.get().status == Delivery.Status.SENT
    killed_after_its_work(run_worker)
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().attempts == 1


def test_the_digest_run_twice_mails_once(mailed, run_worker):
    set_preferences(mailed, {"welcome": "digest"})
    notify([mailed], "welcome", None, "第一条")
    notify([mailed], "welcome", None, "第二条")
    send_digests.enqueue()
    run_worker()
    assert len(mail.outbox) == 1
    killed_after_its_work(run_worker)
    assert len(mail.outbox) == 1


def test_reminders_run_twice_remind_once(world, run_worker):
    from liaison.members.services import record_care_event

    # A wedding in three days: the office leaders are reminded (liaison/members/reminders.py).
    soon = timezone.localdate() + datetime.timedelta(days=3)
    record_care_event(world.staff, world.kang, kind="wedding", event_date=soon)
    before = Notification.objects.count()
    send_reminders.enqueue()
    run_worker()
    reminded = Notification.objects.count() - before
    assert reminded > 0
    keys = SentReminder.objects.count()
    killed_after_its_work(run_worker)
    assert Notification.objects.count() - before == reminded
    assert SentReminder.objects.count() == keys


def test_an_export_run_twice_writes_one_file_and_one_notice(world, run_worker, settings, tmp_path):
    from liaison.notify.exports import queue_export
    from tests.notify.test_exports import NumbersExporter

    settings.MEDIA_ROOT = tmp_path
    job = queue_export(world.director, NumbersExporter(30))
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    notices = Notification.objects.filter(recipient=world.director).count()
    files = sorted(p.name for p in (tmp_path / "exports").iterdir())
    killed_after_its_work(run_worker)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert Notification.objects.filter(recipient=world.director).count() == notices
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == files
