"""Page figures on generated data: p50, p95 and queries of every page that matters, beside
the framework floor (a view that does nothing, behind the same middleware, in the same run).

    python bench/pages.py --scale district [--requests 30] [--no-generate]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        python bench/pages.py --scale province

Generates the data first with `manage.py bench_generate --scale … --flush` (the database is
emptied: give it one of its own), signs in as an office director, a district viewer and a
member of the generated data, and fetches each page through the real views in this process.
The office is the one with the most opinions (else members), the member the one of it with the
most ledger rows, so the pages show data where the generator made some; a page with no data
is still measured. Prints one line per page, then the 50,000-row roster import
(bench/import_roster.py, unless --no-import), and appends them, with the machine and commit,
to bench/RESULTS.md.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
# Timed as production runs: DEBUG off (its cursor wrapper logs every query, ≈ 0.2 ms each, a
# page's ten against the floor's one), without the HTTPS redirect a client in this process
# cannot follow and the second factor the generated directors have not enrolled.
for _name, _value in {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "OTP_ENFORCED": "false",
    # One key for this process and --deployment's servers: the sessions made here hold there.
    "SECRET_KEY": "bench-deployment-" + "k" * 40,
}.items():
    os.environ.setdefault(_name, _value)
TARGET_MS, TARGET_RATIO, TARGET_QUERIES = 50, 10, 12


def floor_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = []  # this module doubles as the URLconf: the site plus the floor view


def _urlconf():
    from django.urls import include, path

    urlpatterns[:] = [path("bench-floor/", floor_view), path("", include("config.urls"))]


def accounts():
    """A director of the busiest office, a viewer of its district, its busiest member."""
    from django.db.models import Count

    from liaison.duty.models import DutyRecord
    from liaison.members.models import Member
    from liaison.opinions.models import Opinion
    from liaison.orgs.models import Organization, RoleAssignment, User

    busiest = (
        Opinion.objects.values_list("office", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    offices = Organization.objects.filter(kind="liaison_office")
    office = (
        offices.filter(pk=busiest).first()
        if busiest
        else offices.annotate(n=Count("members")).order_by("-n", "pk").first()
    )
    keen = (
        DutyRecord.objects.filter(office=office)
        .values_list("member", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    member = Member.objects.filter(pk=keen).first() if keen else None
    member = member or Member.objects.filter(office=office).order_by("pk").first()
    users = {}
    for name, org, role in (
        ("bench-director", office, "office_director"),
        ("bench-district", office.parent, "district_viewer"),
        ("bench-member", office, "member"),
    ):
        user, _created = User.objects.get_or_create(username=name, defaults={"display_name": name})
        RoleAssignment.objects.get_or_create(user=user, organization=org, role=role)
        users[role] = user
    Member.objects.filter(user=users["member"]).exclude(pk=member.pk).update(user=None)
    Member.objects.filter(pk=member.pk).update(user=users["member"])
    return office, member, users


def pages(office, member):
    """(label, role, url, held to the targets): the pages `make bench` reports."""
    from django.utils import timezone

    from liaison.proposals.models import Category

    year = timezone.localdate().year
    category = Category.objects.values_list("pk", flat=True).order_by("pk").first() or ""
    on = f"office={office.pk}"
    return [
        ("framework floor", "office_director", "/bench-floor/", True),
        ("office home", "office_director", "/", True),
        ("member list", "office_director", "/members/", True),
        ("member list, filtered", "office_director", "/members/?q=w&status=serving", True),
        ("member list, page 20", "office_director", "/members/?page=20", True),
        ("member profile", "office_director", f"/members/{member.pk}/", True),
        ("member duty record", "office_director", f"/duty/members/{member.pk}/", True),
        ("member's own record", "member", "/duty/mine/", True),
        ("office dashboard", "office_director", f"/reports/?{on}&year={year}", True),
        ("district dashboard", "district_viewer", f"/reports/district/?year={year}", True),
        ("proposal list", "office_director", "/proposals/", True),
        (
            "proposal list, filtered",
            "office_director",
            f"/proposals/?year={year}&category={category}&{on}&state=submitted",
            True,
        ),
        ("opinion list", "office_director", "/opinions/", True),
        ("district opinion list", "district_viewer", "/opinions/", True),
        ("district proposal list", "district_viewer", "/proposals/", True),
        ("overdue assignments", "office_director", "/opinions/assignments/?view=overdue", True),
        ("department scorecard", "office_director", f"/opinions/scorecard/?{on}", True),
        ("activity list", "office_director", "/activities/", True),
        ("duty ledger", "office_director", f"/duty/?year={year}", True),
        ("duty ranking", "office_director", f"/duty/ranking/?year={year}", True),
        ("member's own ledger", "member", f"/duty/?year={year}", True),
        ("district member list", "district_viewer", "/members/", True),
        ("annual summary", "office_director", f"/reports/summary/?{on}&year={year}", True),
        # Documents: built on demand, timed but not held to the page targets.
        (
            "annual summary docx",
            "office_director",
            f"/reports/summary/?{on}&year={year}&format=docx",
            False,
        ),
        (
            "district workbook xlsx",
            "district_viewer",
            f"/reports/district/?year={year}&format=xlsx",
            False,
        ),
    ]


def machine_probe() -> float:
    """The best of five runs of a fixed pure-Python loop, in ms: the machine's speed of the
    moment. A shared machine's speed drifts (a loop three times this one read 460 and 790 ms
    within an hour), and every page and the floor with it: runs whose probes differ much do
    not compare."""
    best = float("inf")
    for _ in range(5):
        began, total = time.perf_counter(), 0
        for n in range(1_000_000):
            total += n * n
        best = min(best, (time.perf_counter() - began) * 1000)
    return best


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, caches filled
    # Counted on a request of its own: capturing forces the debug cursor, which the timed
    # requests, as production's, go without.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    counted = len(queries.captured_queries)  # now: the next request clears the log
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "queries": counted,
    }


def misses(label, figure, ratio, held) -> list[str]:
    found = [] if figure["status"] == 200 else [f"status {figure['status']}"]
    if not held or label == "framework floor":
        return found
    if figure["p50"] > TARGET_MS:
        found.append(f"p50 > {TARGET_MS} ms")
    if ratio > TARGET_RATIO:
        found.append(f"> {TARGET_RATIO}× floor")
    if figure["queries"] > TARGET_QUERIES:
        found.append(f"> {TARGET_QUERIES} queries")
    return found


def generate(scale: str) -> None:
    from checkin_load import ensure_database

    if "postgres" in os.environ.get("DATABASE_URL", ""):
        ensure_database()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, check=True)
    subprocess.run([*manage, "bench_generate", "--scale", scale, "--flush"], cwd=ROOT, check=True)


def run(args) -> int:
    import django

    if not args.no_generate:
        generate(args.scale)
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    django.setup()
    _urlconf()
    from django.db import connection
    from django.test import Client

    office, member, users = accounts()
    import gc

    gc.freeze()  # as deploy/gunicorn.conf.py's workers do once the application is loaded
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    probe = machine_probe()
    lines = [f"office {office.pk} ({office.name}), member {member.pk}"]
    header = (
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'floor ms':>8} {'× floor':>8} {'queries':>8}"
    )
    print(lines[0])
    print(header)
    lines.append(header)
    measured = pages(office, member)
    floor_role, floor_url = next(
        (r, u) for label, r, u, _h in measured if label == "framework floor"
    )
    for label, role, url, held in measured:
        if args.only and label != "framework floor" and args.only not in label:
            continue
        count = args.requests if held else max(3, args.requests // 5)
        # The floor is the divisor of every ratio, and a shared machine's speed drifts within
        # a run (the floor read 0.9 and 1.6 ms in two runs of one hour): each page is divided
        # by the floor read just before it, as often as the page is (five times as often
        # for the floor's own line, first).
        if label == "framework floor":
            figure = floor = measure(clients[role], url, count * 5)
        else:
            floor = measure(clients[floor_role], floor_url, max(count, args.requests))
            figure = measure(clients[role], url, count)
        ratio = figure["p50"] / floor["p50"]
        missed = misses(label, figure, ratio, held)
        line = (
            f"{label:28} {figure['p50']:8.1f} {figure['p95']:8.1f} {floor['p50']:8.1f} "
            f"{ratio:8.1f} {figure['queries']:8d}" + (f"  ** {', '.join(missed)}" if missed else "")
        )
        print(line, flush=True)
        lines.append(line)
    after = machine_probe()
    line = f"machine probe (a fixed Python loop): {probe:.0f} ms before, {after:.0f} ms after"
    print(line)
    lines.append(line)
    if not args.no_import:
        import import_roster

        line = import_roster.run(args.rows)
        print(line)
        lines.append(line)
    if args.deployment:
        import deployment

        lines += ["", *deployment.run(pages(office, member), users, args.requests, args.only)]
    if args.only:
        return 0  # a partial run is for looking, not for the record
    from checkin_load import record

    note = f"; {args.note}" if args.note else ""
    record(
        f"Pages, scale {args.scale}, {connection.vendor}",
        lines,
        f"{args.requests} requests per page, in-process{note}",
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="district", choices=["office", "district", "province"])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-generate", action="store_true", help="use the data already there")
    parser.add_argument("--no-import", action="store_true", help="skip the roster import")
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the roster import")
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    parser.add_argument("--note", default="", help="a note for bench/RESULTS.md")
    parser.add_argument(
        "--deployment",
        action="store_true",
        help="then again over HTTP: gunicorn (2 workers), Redis, 2 task workers (PostgreSQL)",
    )
    arguments = parser.parse_args()
    if arguments.deployment and "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("--deployment measures a PostgreSQL deployment: set DATABASE_URL.")
    sys.exit(run(arguments))
