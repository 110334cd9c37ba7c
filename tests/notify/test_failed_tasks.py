"""The system administrator's page of failed tasks (and undelivered mail)."""

from django.urls import reverse

from liaison.notify.models import Delivery, ExportJob, Notification
from liaison.notify.tasks import run_export


def test_a_failed_task_and_an_undelivered_mail_show_for_the_administrator(
    world, client_for, settings, tmp_path, run_worker
):
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(
        user=world.director, name="broken", exporter_path="liaison.nowhere.Exporter", fmt="xlsx"
    )
    run_export.enqueue(job.pk)
    run_worker()
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
