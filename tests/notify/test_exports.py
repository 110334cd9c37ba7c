"""Big exports in the background: a file per job, progress, a link only the owner opens."""

import gc
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liaison.core.exports import ListExporter, export_or_queue, runs_in_background
from liaison.notify import exports
from liaison.notify.models import ExportJob, Notification
from liaison.orgs.models import AuditEntry


class NumbersExporter(ListExporter):
    """n rows of numbers and their Chinese labels; rebuildable in a worker."""

    name = "numbers"
    title = "数字"

    def __init__(self, n: int, fail_at: int | None = None):
        self.n, self.fail_at = n, fail_at

    def headers(self):
        return ["序号", "名称"]

    def rows(self):
        for i in range(1, self.n + 1):
            if i == self.fail_at:
                raise RuntimeError("database went away")
            yield [i, f"第{i}行"]

    def count(self):
        return self.n

    def filters(self):
        return {"n": self.n}

    def params(self):
        return {"n": self.n, "fail_at": self.fail_at}

    @classmethod
    def from_params(cls, user, params):
        return cls(params["n"], params.get("fail_at"))


class PlainExporter(NumbersExporter):
    """Knows its count but cannot be rebuilt in a worker: always exported at once."""

    from_params = ListExporter.from_params


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _export(user, exporter, fmt="xlsx"):
    request = RequestFactory().get("/x/", {"format": fmt})
    request.user = user
    return export_or_queue(request, exporter, fmt)


def test_small_exports_answer_at_once(world):
    response = _export(world.director, NumbersExporter(5000))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attach")
    assert not ExportJob.objects.exists()
    assert not runs_in_background(PlainExporter(10_000))


def test_a_big_export_runs_as_a_task_and_the_owner_downloads_it(world, client_for, settings):
    response = _export(world.director, NumbersExporter(5001))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ExportJob.Status.DONE and job.rows_done == 5001
    assert job.expires_at - job.finished_at == timedelta(days=7)
    stored = Path(settings.MEDIA_ROOT) / job.file
    assert stored.parent == Path(settings.MEDIA_ROOT) / "exports" and stored.exists()

    note = Notification.objects.get(recipient=world.director, kind="export.ready")
    assert note.url == job.get_absolute_url() and "5001" in note.text
    audit = AuditEntry.objects.get(action="export")
    assert audit.actor == world.director and audit.data["rows"] == 5001

    client = client_for("director")
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("export_download", args=[job.pk]) in page
    download = client.get(reverse("export_download", args=[job.pk]))
    assert download.status_code == 200
    target = settings.MEDIA_ROOT / "check.xlsx"
    target.write_bytes(b"".join(download.streaming_content))
    sheet = load_workbook(target, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "名称") and rows[-1] == (5001, "第5001行") and len(rows) == 5002


def test_csv_works_in_the_background_too(world, client_for):
    _export(world.director, NumbersExporter(5001), fmt="csv")
    job = ExportJob.objects.get()
    body = b"".join(client_for("director").get(reverse("export_download", args=[job.pk])))
    assert body.decode("utf-8-sig").splitlines()[-1] == "5001,第5001行"


@pytest.mark.parametrize("name", ["staff", "admin", "other", "nobody"])
def test_another_user_gets_404_for_the_link(world, client_for, name):
    _export(world.director, NumbersExporter(5001))
    job = ExportJob.objects.get()
    client = client_for(name)
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_detail", args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(world, client):
    _export(world.director, NumbersExporter(5001))
    job = ExportJob.objects.get()
    response = client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# openpyxl's abandoned sheet writer complains when it is collected after its file closed.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failing_export_is_marked_failed_and_the_owner_told(world, client_for, settings):
    _export(world.director, NumbersExporter(6000, fail_at=5500))
    gc.collect()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "database went away" in job.error
    assert Notification.objects.filter(recipient=world.director, kind="export.failed").exists()
    exports_dir = Path(settings.MEDIA_ROOT) / "exports"  # no half-written file
    assert not exports_dir.exists() or not list(exports_dir.iterdir())
    assert client_for("director").get(reverse("export_download", args=[job.pk])).status_code == 404
    page = client_for("director").get(job.get_absolute_url()).content.decode()
    assert "导出文件未能生成" in page


def test_progress_is_recorded_while_writing(world):
    seen = []

    job = ExportJob.objects.create(
        user=world.director,
        name="numbers",
        exporter_path=f"{__name__}.NumbersExporter",
        params={"n": 2500},
        fmt="xlsx",
        rows_total=2500,
    )

    class Watching(NumbersExporter):
        def rows(self):
            for row in super().rows():
                if row[0] in (1001, 2001):
                    seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
                yield row

    inner = Watching(2500)
    list(exports._Progress(inner, job).rows())
    assert seen == [1000, 2000]


def test_cleanup_removes_files_after_seven_days(world, settings):
    _export(world.director, NumbersExporter(5001))
    job = ExportJob.objects.get()
    path = Path(settings.MEDIA_ROOT) / job.file
    call_command("cleanup_exports")
    assert path.exists()
    assert exports.cleanup_exports(timezone.now() + timedelta(days=8)) == 1
    assert not path.exists() and not ExportJob.objects.exists()


def test_an_expired_link_answers_404(world, client_for):
    _export(world.director, NumbersExporter(5001))
    ExportJob.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    job = ExportJob.objects.get()
    assert client_for("director").get(reverse("export_download", args=[job.pk])).status_code == 404
