"""Dashboards and duty records at scale: the office dashboard, the district overview and a
member's duty record, each fetched through the real views; prints p50 time and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        .venv/bin/python bench/reports_pages.py --districts 10 --offices 20 --members 50

The database named in DATABASE_URL is emptied and rebuilt: districts × offices liaison
offices, each with `members` members, a year of held activities with attendance, visits and
care events, and the duty ledger those imply (bulk-inserted, points set by a Minhang scheme).
Query counts must not grow with the data; times are the page's own, in one process.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")


def build(districts: int, offices: int, members: int) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    from liaison.activities.defaults import ensure_types
    from liaison.activities.models import Activity, ActivityType, Attendance, Visit
    from liaison.duty import scoring
    from liaison.duty.models import DutyRecord
    from liaison.members.models import CareEvent, Member
    from liaison.orgs import services as orgs
    from liaison.orgs.models import RoleAssignment, User

    call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    ensure_types(ActivityType)
    types = {t.code: t for t in ActivityType.objects.all()}
    year = timezone.localdate().year
    scoring.load_preset(None, "minhang", year)
    province = orgs.create_organization(None, name="压测省政协", kind="city_cppcc")
    first_office = first_district = None
    member_rows = []
    for d in range(districts):
        district = orgs.create_organization(
            None, name=f"压测区{d}", kind="district_cppcc", parent=province
        )
        first_district = first_district or district
        for o in range(offices):
            office = orgs.create_organization(
                None, name=f"压测区{d}联络处{o}", kind="liaison_office", parent=district
            )
            first_office = first_office or office
            member_rows += [
                Member(office=office, name=f"委员{d}-{o}-{m}", name_pinyin=f"w{d}{o}{m:04d}")
                for m in range(members)
            ]
    Member.objects.bulk_create(member_rows, batch_size=2000)
    by_office: dict[int, list] = {}
    for member in Member.objects.only("pk", "office_id"):
        by_office.setdefault(member.office_id, []).append(member)

    def at(month, day=10):
        return timezone.make_aware(
            datetime.datetime.combine(datetime.date(year, month, day), datetime.time(9))
        )

    activities = []
    for office_id in by_office:
        for month in range(1, 13):
            code = "briefing" if month in (3, 9) else ("study" if month % 2 else "symposium")
            activities.append(
                Activity(
                    office_id=office_id,
                    type=types[code],
                    title=f"{code}{month}",
                    starts_at=at(month),
                    ends_at=at(month) + datetime.timedelta(hours=2),
                    status="closed",
                )
            )
    Activity.objects.bulk_create(activities, batch_size=2000)
    attendance, visits, care = [], [], []
    for activity in Activity.objects.only("pk", "office_id", "starts_at"):
        for i, member in enumerate(by_office[activity.office_id]):
            if (i + activity.pk) % 5:  # four in five attend
                attendance.append(
                    Attendance(
                        activity_id=activity.pk,
                        member_id=member.pk,
                        status="attended",
                        method="manual",
                        checked_in_at=activity.starts_at,
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    for office_id, roster in by_office.items():
        for i, member in enumerate(roster):
            for k in range(i % 3):
                visits.append(
                    Visit(office_id=office_id, member=member, date=datetime.date(year, 1 + k, 5))
                )
            if i % 10 == 0:
                due = at(4)
                care.append(
                    CareEvent(
                        member=member,
                        office_id=office_id,
                        kind="illness",
                        event_date=due.date(),
                        due_by=due,
                        recorded_at=due,
                    )
                )
    Visit.objects.bulk_create(visits, batch_size=5000)
    CareEvent.objects.bulk_create(care, batch_size=5000)
    ct = ContentType.objects.get_for_model(Attendance)
    ledger = [
        DutyRecord(
            member_id=row.member_id,
            office_id=row.activity.office_id,
            kind="activities.attended",
            content_type=ct,
            object_id=row.pk,
            date=row.activity.starts_at.date(),
            year=year,
        )
        for row in Attendance.objects.select_related("activity").only(
            "pk", "member_id", "activity__office_id", "activity__starts_at"
        )
    ]
    DutyRecord.objects.bulk_create(ledger, batch_size=5000)
    scoring.recompute_year(year)

    director = User.objects.create(username="bench-director", display_name="主任")
    RoleAssignment.objects.create(user=director, organization=first_office, role="office_director")
    viewer = User.objects.create(username="bench-district", display_name="区政协")
    RoleAssignment.objects.create(user=viewer, organization=first_district, role="district_viewer")
    member = by_office[first_office.pk][1]
    member.user = User.objects.create(username="bench-member", display_name="委员")
    member.save(update_fields=["user"])
    RoleAssignment.objects.create(user=member.user, organization=first_office, role="member")
    return {
        "director": director,
        "viewer": viewer,
        "member": member,
        "members": len(member_rows),
        "ledger": len(ledger),
    }


def measure(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (content types, templates)
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def run(args) -> list[str]:
    import django
    from checkin_load import ensure_database

    ensure_database()
    django.setup()
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    world = build(args.districts, args.offices, args.members)
    built = time.perf_counter() - started
    lines = [
        f"reports data: {args.districts * args.offices} offices, {world['members']} members, "
        f"{world['ledger']} ledger rows, built in {built:.1f} s"
    ]
    pages = [
        ("office dashboard", "director", reverse("reports_dashboard")),
        ("district overview", "viewer", reverse("reports_district")),
        ("district workbook", "viewer", reverse("reports_district") + "?format=xlsx"),
        ("duty record", "member", reverse("duty_member_record", args=[world["member"].pk])),
        ("duty ranking", "director", reverse("duty_ranking")),
        ("annual summary", "director", reverse("reports_summary")),
    ]
    for label, who, url in pages:
        client = Client()
        user = world[who].user if who == "member" else world[who]
        client.force_login(user)
        p50, queries = measure(client, url, args.runs)
        lines.append(f"{label}: p50 {p50 * 1000:.0f} ms, {queries} queries")
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--offices", type=int, default=20, help="offices per district")
    parser.add_argument("--members", type=int, default=50, help="members per office")
    parser.add_argument("--runs", type=int, default=7)
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of its own (it is emptied)")
    for line in run(parser.parse_args()):
        print(line)
