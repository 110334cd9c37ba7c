"""Page figures on generated data: p50, p95 and queries of every page that matters, beside
the framework floor (a view that does nothing, behind the same middleware, in the same run).

    python bench/pages.py --scale district [--requests 30] [--no-generate]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        python bench/pages.py --scale province

Generates the data first with `manage.py bench_generate --scale … --flush` (the database is
emptied: give it one of its own), signs in as an office director, a district viewer and a
member of the generated data, and fetches each page through the real views in this process.
Prints one line per page and appends them, with the machine and commit, to bench/RESULTS.md.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
TARGET_MS, TARGET_RATIO, TARGET_QUERIES = 50, 10, 12


def floor_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = []  # this module doubles as the URLconf: the site plus the floor view


def _urlconf():
    from django.urls import include, path

    urlpatterns[:] = [path("bench-floor/", floor_view), path("", include("config.urls"))]


def accounts():
    """A director of the largest office, a viewer of its district, a member with an account."""
    from django.db.models import Count

    from liaison.members.models import Member
    from liaison.orgs.models import Organization, RoleAssignment, User

    office = (
        Organization.objects.filter(kind="liaison_office")
        .annotate(n=Count("members"))
        .order_by("-n")
        .first()
    )
    member = Member.objects.filter(office=office).order_by("pk").first()
    users = {}
    for name, org, role in (
        ("bench-director", office, "office_director"),
        ("bench-district", office.parent, "district_viewer"),
        ("bench-member", office, "member"),
    ):
        user, _created = User.objects.get_or_create(username=name, defaults={"display_name": name})
        RoleAssignment.objects.get_or_create(user=user, organization=org, role=role)
        users[role] = user
    Member.objects.filter(pk=member.pk).update(user=users["member"])
    return office, member, users


def pages(office, member):
    """(label, role, url): the pages `make bench` reports. Apps' pages join here."""
    from django.utils import timezone

    year = timezone.localdate().year
    return [
        ("framework floor", "office_director", "/bench-floor/"),
        ("office home", "office_director", "/"),
        ("member list", "office_director", "/members/"),
        (
            "member list, filtered",
            "office_director",
            f"/members/?q=wang&status=serving&year={year}",
        ),
        ("member profile", "office_director", f"/members/{member.pk}/"),
        ("activity list", "office_director", "/activities/"),
        ("duty ledger", "office_director", f"/duty/?year={year}"),
        ("member's own ledger", "member", f"/duty/?year={year}"),
        ("district member list", "district_viewer", "/members/"),
    ]


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, caches filled
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "queries": len(queries.captured_queries),
    }


def run(args) -> int:
    import django

    if not args.no_generate:
        subprocess.run(
            [sys.executable, "manage.py", "bench_generate", "--scale", args.scale, "--flush"],
            cwd=ROOT,
            check=True,
        )
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    django.setup()
    _urlconf()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    office, member, users = accounts()
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    floor = None
    lines = []
    header = f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8} {'queries':>8}"
    print(header)
    for label, role, url in pages(office, member):
        figure = measure(clients[role], url, args.requests)
        floor = floor or figure["p50"]
        ratio = figure["p50"] / floor if floor else 0
        misses = []
        if label != "framework floor":
            if figure["p50"] > TARGET_MS:
                misses.append(f"p50 > {TARGET_MS} ms")
            if ratio > TARGET_RATIO:
                misses.append(f"> {TARGET_RATIO}× floor")
            if figure["queries"] > TARGET_QUERIES:
                misses.append(f"> {TARGET_QUERIES} queries")
            if figure["status"] != 200:
                misses.append(f"status {figure['status']}")
        line = (
            f"{label:28} {figure['p50']:8.1f} {figure['p95']:8.1f} {ratio:8.1f} "
            f"{figure['queries']:8d}" + (f"  ** {', '.join(misses)}" if misses else "")
        )
        print(line)
        lines.append(line)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write(
            f"\n## Pages, scale {args.scale}, {connection.vendor}, commit {commit}, "
            f"{timezone.localdate()}\n\n{platform.node()}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; {args.requests} requests per page, in-process\n\n"
            f"```\n{header}\n" + "\n".join(lines) + "\n```\n"
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="district", choices=["office", "district", "province"])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-generate", action="store_true", help="use the data already there")
    sys.exit(run(parser.parse_args()))
