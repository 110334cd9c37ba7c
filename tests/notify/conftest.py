import pytest
from django_tasks_db.management.commands import db_worker


@pytest.fixture
def run_worker(monkeypatch, settings):
    """django-tasks-db's worker loop in this process, in batch mode, on the test's database.

    The loop closes "old" connections between tasks, which would close the test's own
    transaction on PostgreSQL; here the connection is the test's, so that is skipped.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run
