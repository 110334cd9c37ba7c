"""Mixed load on loopback: gunicorn serving Liaison on PostgreSQL with the demo office loaded,
50 users at once for 60 seconds. Members scan the check-in code (the page, then the button),
sign up for the next activity and read their lists and duty record; office staff browse the
roster, the activity lists, the calendar, the dashboard and record visits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        .venv/bin/python bench/load.py --users 50 --seconds 60

Prints requests per second, latency p50/p95/max per kind of request and in all, and the
error count (any answer other than the one the page gives a browser, or no answer), which
must be zero. The database named in DATABASE_URL is emptied and rebuilt.
"""

import argparse
import datetime
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from checkin_load import SERVER_ENV, ensure_database, free_port  # noqa: E402


def _session_cookie(user) -> tuple[str, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "liaison.orgs.backends.UsernameOrPhoneBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = secrets.token_hex(16)
    return f"sessionid={session.session_key}; csrftoken={csrf}", csrf


def prepare(members: int, staff: int) -> dict:
    """The demo office (seed_demo), `members` more members with accounts invited to an
    activity open for check-in and to an upcoming one, `staff` office staff; live sessions."""
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from liaison.activities import services
    from liaison.activities.models import Activity, ActivityType, Invitation
    from liaison.members.models import Member
    from liaison.orgs.models import Organization, RoleAssignment, User

    office = Organization.objects.get(name="燕山街道政协联络处")
    member_users = User.objects.bulk_create(
        User(username=f"load{i}", password="!", display_name=f"压测委员{i}") for i in range(members)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, organization=office, role="member") for u in member_users
    )
    rows = Member.objects.bulk_create(
        Member(office=office, name=f"压测委员{i}", user=u) for i, u in enumerate(member_users)
    )
    staff_users = User.objects.bulk_create(
        User(username=f"loadstaff{i}", password="!", display_name=f"压测工作人员{i}")
        for i in range(staff)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, organization=office, role="office_staff") for u in staff_users
    )
    now = timezone.now()
    briefing = ActivityType.objects.get(code="briefing")
    today, upcoming = (
        services.save_activity(
            None,
            Activity(office=office),
            type=briefing,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        for title, start in [
            ("压测政情通报会", now),
            ("压测学习会", now + datetime.timedelta(days=7)),
        ]
    )
    for activity in (today, upcoming):
        Invitation.objects.bulk_create(Invitation(activity=activity, member=m) for m in rows)
        services.publish(None, activity)
    services.open_checkin(None, today)
    demo_members = list(Member.objects.filter(office=office).values_list("pk", flat=True)[:40])
    return {
        "today": today,
        "upcoming": upcoming.pk,
        "members": [_session_cookie(u) for u in member_users],
        "staff": [(_session_cookie(u), u.pk) for u in staff_users],
        "demo_members": demo_members,
    }


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {detail}")


class Browser:
    """One user's connection: GET and POST with their session, timing each answer."""

    def __init__(self, port: int, cookie: tuple[str, str], results: Results):
        self.port, (self.cookie, self.csrf), self.results = port, cookie, results
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, kind: str, method: str, path: str, form=None, expect=(200,)) -> bytes:
        from urllib.parse import urlencode

        body = urlencode(form or {}, doseq=True) if method == "POST" else None
        headers = {"Cookie": self.cookie, "Host": f"127.0.0.1:{self.port}"}
        if method == "POST":
            headers |= {
                "X-CSRFToken": self.csrf,
                "Origin": f"http://127.0.0.1:{self.port}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.results.add(kind, time.perf_counter() - started, False, repr(error))
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return b""
        ok = response.status in expect
        self.results.add(kind, time.perf_counter() - started, ok, f"{response.status} {path}")
        return content


def member_session(port, cookies, token_of, upcoming, results, deadline):
    """A member's phone: scan the code, check in, sign up, read lists; then the next member
    this client stands for (each scans at most twice, as in a meeting room)."""
    for cookie in cookies * 2:
        if time.monotonic() > deadline:
            return
        browser = Browser(port, cookie, results)
        path = f"/activities/checkin/{token_of()}/"
        browser.request("check-in page", "GET", path)
        browser.request("check-in", "POST", path)
        browser.request(
            "sign up", "POST", f"/activities/{upcoming}/respond/", {"accept": "1"}, (302,)
        )
        browser.request("activity list", "GET", "/activities/")
        browser.request("activity page", "GET", f"/activities/{upcoming}/")
        browser.request("duty record", "GET", "/duty/")
        browser.request("notifications", "GET", "/notifications/")
        browser.connection.close()


def staff_session(port, cookie, user_pk, demo_members, results, deadline):
    browser = Browser(port, cookie, results)
    today = datetime.datetime.now().astimezone().date().isoformat()
    while time.monotonic() < deadline:
        member = random.choice(demo_members)
        browser.request("dashboard", "GET", "/")
        browser.request("member list", "GET", "/members/")
        browser.request("member search", "GET", "/members/?q=k")
        browser.request("member page", "GET", f"/members/{member}/")
        browser.request("activity list", "GET", "/activities/")
        browser.request("calendar", "GET", "/activities/calendar/")
        browser.request("visit coverage", "GET", "/activities/visits/coverage/")
        browser.request("care list", "GET", "/members/care/")
        browser.request(
            "record visit",
            "POST",
            "/activities/visits/new/",
            {"member": member, "date": today, "staff": user_pk, "discussed": "压测走访"},
            (302,),
        )
    browser.connection.close()


def run(args) -> int:
    os.environ.update(SERVER_ENV)
    members = max(args.users * 3 // 5, 1)
    staff = max(args.users - members, 1)
    prepared = prepare(members * args.members_per_client, staff)
    from liaison.activities.services import checkin_token

    port = free_port()
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
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    results = Results()
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # Every worker loads the app on its first request: warm them up outside the clock.
        warm = Results()
        for cookie, _user in prepared["staff"][: args.workers * 2]:
            Browser(port, cookie, warm).request("warm-up", "GET", "/")
        current = {"token": checkin_token(prepared["today"]), "at": time.monotonic()}
        token_lock = threading.Lock()

        def token_of() -> str:
            with token_lock:  # the big screen shows a fresh code every 20 seconds
                if time.monotonic() - current["at"] > 20:
                    current.update(token=checkin_token(prepared["today"]), at=time.monotonic())
                return current["token"]

        deadline = time.monotonic() + args.seconds
        cookies = prepared["members"]
        per = args.members_per_client
        threads = [
            threading.Thread(
                target=member_session,
                args=(port, cookies[i * per : (i + 1) * per], token_of, prepared["upcoming"]),
                kwargs={"results": results, "deadline": deadline},
            )
            for i in range(members)
        ] + [
            threading.Thread(
                target=staff_session,
                args=(port, cookie, user_pk, prepared["demo_members"], results, deadline),
            )
            for cookie, user_pk in prepared["staff"]
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report(results, elapsed, members, staff, args)


def _p(values, share):
    return values[min(int(len(values) * share), len(values) - 1)] * 1000


def report(results: Results, elapsed: float, members: int, staff: int, args) -> int:
    every = sorted(v for values in results.latencies.values() for v in values)
    errors = sum(results.errors.values())
    print(
        f"mixed load: {members} members and {staff} staff at once for {elapsed:.0f} s, "
        f"gunicorn {args.workers} workers × 4 threads"
    )
    print(
        f"  requests {len(every)} = {len(every) / elapsed:.0f}/s; latency p50 "
        f"{statistics.median(every) * 1000:.0f} ms, p95 {_p(every, 0.95):.0f} ms, "
        f"max {every[-1] * 1000:.0f} ms; errors {errors}"
    )
    for kind, values in sorted(results.latencies.items()):
        values.sort()
        print(
            f"    {kind:<15} {len(values):>6}  p95 {_p(values, 0.95):>5.0f} ms  "
            f"errors {results.errors.get(kind, 0)}"
        )
    for sample in results.samples:
        print(f"  error: {sample}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="users at once (3/5 members)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--members-per-client", type=int, default=20, help="members each member client plays"
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL database that may be emptied.")
    sys.exit(run(parser.parse_args()))
