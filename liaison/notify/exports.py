"""Big exports as tasks: written to the default storage under exports/ by the worker (local
MEDIA_ROOT, or S3-compatible storage shared by every node), kept EXPORT_KEEP_DAYS.

core.exports.export_or_queue() decides; this module queues the job, runs it (streamed
through core.exports.write_xlsx, so memory stays flat), reports progress,
audits the export like export_response() does, and notifies the owner with a link that only
they can open. `manage.py cleanup_exports` (daily from cron) deletes what has expired.
"""

import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from liaison.core.exports import ListExporter, write_csv, write_xlsx
from liaison.notify.models import ExportJob
from liaison.orgs.audit import log_action

logger = logging.getLogger("liaison.exports")
PROGRESS_EVERY = 1000
KIND_READY, KIND_FAILED = "export.ready", "export.failed"


def queue_export(user, exporter: ListExporter, fmt: str = "xlsx") -> ExportJob:
    from liaison.notify.tasks import run_export

    cls = type(exporter)
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            name=exporter.name,
            title=str(exporter.title or exporter.name)[:100],
            exporter_path=f"{cls.__module__}.{cls.__qualname__}",
            params=exporter.params(),
            fmt=fmt,
            rows_total=exporter.count() or 0,
        )
        run_export.enqueue(job.pk)
    return job


class _Progress(ListExporter):
    """The same export, recording every PROGRESS_EVERY rows how far the writing got."""

    def __init__(self, inner: ListExporter, job: ExportJob):
        self.inner, self.job = inner, job
        self.name, self.title = inner.name, inner.title

    def headers(self):
        return self.inner.headers()

    def rows(self):
        for done, row in enumerate(self.inner.rows(), 1):
            yield row
            if done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job.pk).update(rows_done=done)


def run_export(job_id: int) -> int:
    """Write the file; a job already finished is left alone. Returns the rows written."""
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).update(status=ExportJob.Status.RUNNING)
    if not claimed:
        return 0
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        exporter = import_string(job.exporter_path).from_params(job.user, job.params)
        # Written locally first, then stored whole: a half-written file is never visible.
        with tempfile.TemporaryFile() as target:
            writer = write_xlsx if job.fmt == "xlsx" else write_csv
            count = writer(_Progress(exporter, job), target)
            target.seek(0)
            stored = default_storage.save(
                f"exports/{secrets.token_urlsafe(16)}.{job.fmt}", File(target)
            )
    except Exception as exc:
        _failed(job, exc)
        raise
    _done(job, exporter, stored, count)
    return count


def _done(job: ExportJob, exporter: ListExporter, stored: str, count: int) -> None:
    from liaison.notify.services import notify

    now = timezone.now()
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    job.status = ExportJob.Status.DONE
    job.file = stored
    job.filename = f"{job.name}-{stamp}.{job.fmt}"
    job.rows_done = job.rows_total = count
    job.finished_at = now
    job.expires_at = now + timedelta(days=settings.EXPORT_KEEP_DAYS)
    with transaction.atomic():
        job.save()
        log_action(
            None,
            "export",
            job.user,
            {
                "export": job.name,
                "format": job.fmt,
                "rows": count,
                "filters": exporter.filters(),
                "background": True,
            },
            organization=exporter.organization,
        )
        notify(
            [job.user],
            KIND_READY,
            job,
            _("Your export “%(title)s” is ready (%(rows)s rows); it is kept for %(days)s days.")
            % {"title": job.title, "rows": count, "days": settings.EXPORT_KEEP_DAYS},
        )


def _failed(job: ExportJob, exc: Exception) -> None:
    from liaison.notify.services import notify

    logger.exception("export %s failed", job.pk)
    with transaction.atomic():
        job.status = ExportJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:300]
        job.finished_at = timezone.now()
        job.save()
        notify(
            [job.user],
            KIND_FAILED,
            job,
            _("Your export “%(title)s” could not be written. Please try again later.")
            % {"title": job.title},
        )


def cleanup_exports(now=None) -> int:
    """Delete expired export files and their jobs; returns how many were removed."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(expires_at__lt=now)
    removed = 0
    for job in expired:
        if job.file:
            default_storage.delete(job.file)
        job.delete()
        removed += 1
    # Failed jobs have no file; forget them after the same time.
    stale = now - timedelta(days=settings.EXPORT_KEEP_DAYS)
    removed += ExportJob.objects.filter(
        status=ExportJob.Status.FAILED, created_at__lt=stale
    ).delete()[0]
    return removed
