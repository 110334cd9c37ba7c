"""The system administrator's page of failed tasks (and undelivered mail)."""

from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker

from liaison.notify.models import Delivery, ExportJob, Notification
from liaison.notify.tasks import run_export


def _run_worker():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_a_failed_task_and_an_undelivered_mail_show_for_the_administrator(
    world, client_for, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(
        user=world.director, name="broken", exporter_path="liaison.nowhere.Exporter", fmt="xlsx"
    )
    run_export.enqueue(job.pk)
    _run_worker()
    note = Notification.objects.create(recipient=world.staff, kind="welcome", text="请查收邮件")
    Delivery.objects.create(
        notification=note, channel="email", status="failed", attempts=4, last_error="refused"
    )

    page = client_for("admin").get(reverse("failed_tasks"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "liaison.notify.tasks.run_export" in html and "ModuleNotFoundError" in html
    assert "请查收邮件" in html and "4 次尝试" in html and "refused" in html


def test_the_page_needs_the_administrator_role(world, client_for):
    assert client_for("director").get(reverse("failed_tasks")).status_code == 403
    nav = client_for("admin").get(reverse("home")).content.decode()
    assert reverse("failed_tasks") in nav
    assert (
        reverse("failed_tasks") not in client_for("director").get(reverse("home")).content.decode()
    )
