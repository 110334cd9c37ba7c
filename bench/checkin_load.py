"""Check-in load on loopback: gunicorn serving Liaison on PostgreSQL, many members scanning
the same activity's code at once; a share of them (--rescan, 20 %) scans twice at the same
moment from two clients, and the second scan must change nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        .venv/bin/python bench/checkin_load.py --members 2000 --clients 32

Prints check-ins per second, the latency p50/p95 and the duplicate count (rows beyond one per
member, which must be zero). The database named in DATABASE_URL is emptied and rebuilt.
"""

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids) -> float:
    """User + system CPU of these processes so far (Linux /proc), 0 for those gone."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def backend_pids() -> list[int]:
    """The PostgreSQL server processes serving the benchmark's database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def record(title: str, report: list[str], details: str = "") -> None:
    """Append figures, with the machine, commit and load, to bench/RESULTS.md (pages.py too)."""
    import platform

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write(
            f"\n## {title}, commit {commit}, {time.strftime('%Y-%m-%d')}\n\n"
            f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{details + '; ' if details else ''}"
            f"load average {os.getloadavg()[0]:.1f} at the end\n\n```\n"
            + "\n".join(report)
            + "\n```\n"
        )


def ensure_database() -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        dbname="postgres",
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare(members: int):
    """A fresh schema, one office, `members` members with accounts and live sessions."""
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("flush", "--no-input", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # rate-limit counts of an earlier run (the same user ids) must not carry over
    call_command("migrate", verbosity=0)
    from liaison.activities import services
    from liaison.activities.defaults import ensure_types
    from liaison.activities.models import Activity, ActivityType, Invitation
    from liaison.members.models import Member
    from liaison.orgs import services as orgs
    from liaison.orgs.models import RoleAssignment, User

    ensure_types(ActivityType)
    district = orgs.create_organization(None, name="压测区政协", kind="district_cppcc")
    office = orgs.create_organization(
        None, name="压测联络处", kind="liaison_office", parent=district
    )
    users = User.objects.bulk_create(
        User(username=f"bench{i}", password="!", display_name=f"委员{i}") for i in range(members)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, organization=office, role="member") for u in users
    )
    member_rows = Member.objects.bulk_create(
        Member(office=office, name=f"委员{i}", user=u) for i, u in enumerate(users)
    )
    now = timezone.now()
    activity = services.save_activity(
        None,
        Activity(office=office),
        type=ActivityType.objects.get(code="briefing"),
        title="压测政情通报会",
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=2),
    )
    Invitation.objects.bulk_create(Invitation(activity=activity, member=m) for m in member_rows)
    services.publish(None, activity)
    services.open_checkin(None, activity)
    return activity, services.checkin_token(activity), users


def signed_in(users):
    """A live session per member, as their login left it a moment ago (made just before the
    load, like phones that signed in to open the check-in page)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "liaison.orgs.backends.UsernameOrPhoneBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["_refreshed"] = int(time.time())  # as the login response leaves it
        session.create()
        csrf = secrets.token_hex(16)
        cookies.append((f"sessionid={session.session_key}; csrftoken={csrf}", csrf))
    return cookies


# Production mode in this process and in gunicorn's: the same key signs sessions and codes.
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "b" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    "DB_CONN_MAX_AGE": "60",
    # Sessions are read from Redis, as in a deployment at scale (DESIGN.md §5).
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
}


def run(args):
    os.environ.update(SERVER_ENV)
    activity, token, users = prepare(args.members)
    port = free_port()
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        from liaison.activities.services import checkin_token

        cookies = signed_in(users)

        current = {"token": token, "at": time.monotonic()}

        def path() -> str:
            # Like the big screen: a fresh code every window.
            if time.monotonic() - current["at"] > 20:
                current.update(token=checkin_token(activity), at=time.monotonic())
            return f"/activities/checkin/{current['token']}/"

        work: Queue = Queue()
        rescans = random.Random(7)
        for cookie in cookies:
            work.put(cookie)
            if rescans.random() < args.rescan:
                work.put(cookie)  # at once again: two clients race with the same member
        latencies, statuses, lock = [], {}, threading.Lock()

        def client():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while True:
                try:
                    cookie, csrf = work.get_nowait()
                except Empty:
                    break
                started = time.perf_counter()
                connection.request(
                    "POST",
                    path(),
                    body="",
                    headers={
                        "Cookie": cookie,
                        "X-CSRFToken": csrf,
                        "Host": f"127.0.0.1:{port}",
                        "Origin": f"http://127.0.0.1:{port}",
                        "Content-Length": "0",
                        "HX-Request": "true",  # the phone's button posts through htmx
                    },
                )
                response = connection.getresponse()
                response.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
            connection.close()

        servers = [server.pid, *children_of(server.pid)]
        server_cpu, client_cpu = cpu_seconds(servers), time.process_time()
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server_cpu = cpu_seconds(servers) - server_cpu
        client_cpu = time.process_time() - client_cpu
        database_cpu = cpu_seconds(backend_pids())  # they connected for this run
    finally:
        server.terminate()
        server.wait(timeout=10)

    from django.db.models import Count

    from liaison.activities.models import Attendance

    rows = Attendance.objects.filter(activity=activity)
    duplicates = sum(
        n - 1
        for n in rows.values("member").annotate(n=Count("pk")).values_list("n", flat=True)
        if n > 1
    )
    checked_in = rows.count()
    latencies.sort()
    report = []
    say = report.append
    say(
        f"check-in load: {args.members} members, {args.rescan:.0%} scanning twice at once, "
        f"{args.clients} clients, "
        f"gunicorn {args.workers} workers × {args.threads} threads"
    )
    say(
        f"  requests {len(latencies)} in {elapsed:.1f} s = {len(latencies) / elapsed:.0f}/s; "
        f"check-ins {checked_in} = {checked_in / elapsed:.0f}/s"
    )
    say(
        f"  latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms; statuses {statuses}"
    )
    say(f"  duplicates {duplicates}; members not checked in {args.members - checked_in}")
    # What the figures above cost, process by process: on a machine shared with other work
    # the rate falls, the CPU per request does not (much), and it bounds what 2 quiet cores do.
    per = 1000 / len(latencies)
    total = server_cpu + database_cpu + client_cpu
    say(
        f"  CPU per request: gunicorn {server_cpu * per:.2f} ms, PostgreSQL "
        f"{database_cpu * per:.2f} ms, load client {client_cpu * per:.2f} ms; "
        f"{os.cpu_count()} cores at that cost: "
        f"{os.cpu_count() / total * checked_in:.0f} check-ins/s"
    )
    print("\n".join(report))
    record("Check-in load", report)
    return 0 if duplicates == 0 and checked_in == args.members else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    # One process per core with many threads measured best here (2 × 16: 372 requests/s,
    # against 339 for 4 × 2 and 359 for 4 × 4): a scan mostly waits on PostgreSQL and Redis.
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument(
        "--rescan", type=float, default=0.2, help="share of members who scan twice at once"
    )
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL database that may be emptied.")
    sys.exit(run(parser.parse_args()))
