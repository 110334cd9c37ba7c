"""Real worker processes on a real queue (django-tasks-db's db_worker), not the test backend."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="true", TASKS_BACKEND="django_tasks_db.DatabaseBackend", **extra)
    return env


# These tests run the commands on their own SQLite file whatever DATABASE_URL says, so the
# PostgreSQL pass of `make test` would only repeat them.
ON_SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs on its own SQLite file: the SQLite pass runs it",
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated SQLite file, copied by each test (a migrate takes seconds)."""
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    _manage(_env(DATABASE_URL=f"sqlite:///{path}"), "migrate", "--no-input", "-v", "0")
    return path


def _sqlite_env(migrated, tmp_path, name):
    shutil.copy(migrated, tmp_path / name)
    return _env(DATABASE_URL=f"sqlite:///{tmp_path / name}", LIAISON_VAR_DIR=str(tmp_path))


ENQUEUE = """
from liaison.orgs.models import User
from liaison.notify.tasks import notify_later
user = User.objects.create(username="w", display_name="w")
for n in range({n}):
    notify_later.enqueue([user.pk], "test", f"任务 {{n}}")
"""

COUNT = """
from django_tasks_db.models import DBTaskResult
from liaison.notify.models import Notification
print(Notification.objects.count(), DBTaskResult.objects.successful().count(),
      DBTaskResult.objects.ready().count())
"""


@ON_SQLITE_ONLY
def test_a_real_worker_runs_queued_tasks(migrated, tmp_path):
    """Its own SQLite file: the worker is a separate process and must see the same database."""
    env = _sqlite_env(migrated, tmp_path, "queue.sqlite3")
    _manage(env, "shell", "-v", "0", "-c", ENQUEUE.format(n=5))
    _manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v", "0")
    out = _manage(env, "shell", "-v", "0", "-c", COUNT).stdout.split()
    assert out == ["5", "5", "0"]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SKIP LOCKED sharing needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_queue_and_run_each_task_once(world, settings):
    from django_tasks_db.models import DBTaskResult

    from liaison.notify.models import Notification
    from liaison.notify.tasks import notify_later

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    total = 300
    for n in range(total):
        notify_later.using(backend="default").enqueue([world.director.pk], "test", f"任务 {n}")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = _env(DATABASE_URL=url)
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0", "-v", "0"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{i}"], cwd=ROOT, env=env) for i in (1, 2)
    ]
    for w in workers:
        assert w.wait(timeout=300) == 0

    texts = list(Notification.objects.values_list("text", flat=True))
    assert len(texts) == total and len(set(texts)) == total
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert {status for status, _ in results} == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for _, ids in results)
    by_worker = {ids[0] for _, ids in results}
    assert by_worker == {"w1", "w2"}, "both workers took a share of the queue"


def _processes_with(marker: str) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def _answers(port) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@ON_SQLITE_ONLY
def test_make_run_starts_server_and_worker_and_ctrl_c_stops_both(migrated, tmp_path):
    import signal
    import socket
    import time

    env = _sqlite_env(migrated, tmp_path, "run.sqlite3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "run_dev.py"), f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(240):
            if "Starting worker" in log.read_text() and _answers(port):
                break
            time.sleep(0.5)
        else:
            pytest.fail("the web server or the worker never started:\n" + log.read_text())
        assert len(_processes_with(f"LIAISON_VAR_DIR={tmp_path}")) >= 3
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _processes_with(f"LIAISON_VAR_DIR={tmp_path}") == []  # server, worker, reloaders
    assert not _answers(port)


@ON_SQLITE_ONLY
@pytest.mark.parametrize("inside_transaction", [True, False])
def test_a_worker_killed_mid_task_leaves_it_to_run_again_without_duplicates(
    migrated, tmp_path, inside_transaction
):
    import signal
    import time

    env = _sqlite_env(migrated, tmp_path, "kill.sqlite3")
    gate = str(tmp_path / "gate")
    Path(gate).touch()
    _manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from liaison.orgs.models import User\n"
        "from tests.notify.worker_tasks import notify_then_hang\n"
        "u = User.objects.create(username='k', display_name='k')\n"
        f"notify_then_hang.enqueue(u.pk, {gate!r}, {inside_transaction})\n",
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(300):
            if Path(gate + ".reached").exists():
                break
            time.sleep(0.1)
        else:
            pytest.fail("the worker never started the task")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()

    count = (
        "from django_tasks_db.models import DBTaskResult\n"
        "from liaison.notify.models import Notification\n"
        "print(Notification.objects.filter(text='只应收到一次').count(),"
        " list(DBTaskResult.objects.values_list('status', flat=True)))\n"
    )
    before = _manage(env, "shell", "-v", "0", "-c", count).stdout.strip()
    assert before == f"{0 if inside_transaction else 1} ['RUNNING']"

    _manage(env, "requeue_stale_tasks", "--minutes", "0")
    Path(gate).unlink()
    _manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v", "0")
    after = _manage(env, "shell", "-v", "0", "-c", count).stdout.strip()
    assert after == "1 ['SUCCESSFUL']"
