"""The stored yearly figures (liaison.reports.stored) always equal the figures counted live."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType, Attendance, Status
from liaison.core.figures import (
    all_figures,
    all_parts,
    break_down_all,
    count_all,
    count_part,
    register_part,
    year_bounds,
)
from liaison.duty import services as duty
from liaison.duty.models import DutyRecord
from liaison.members import services as members
from liaison.opinions import services as opinions
from liaison.opinions.models import Category, Source
from liaison.reports import stored
from liaison.reports.models import FigureYear
from liaison.research import services as research
from liaison.research.models import Donation, ResearchProject
from tests.activities.factories import ActivityFactory, at, invite
from tests.factories import MemberFactory

TODAY = timezone.localdate()
YEAR = TODAY.year


def live(office_ids, year):
    start, end = year_bounds(year)
    figures = all_figures()
    return count_all(figures, office_ids, start, end), break_down_all(
        figures, office_ids, start, end
    )


def live_ledger(office, year):
    """The annual summary's ledger query as it ran before the store."""
    return list(
        DutyRecord.objects.filter(office=office, year=year)
        .order_by()
        .values_list("kind", "member__name")
        .annotate(n=Count("pk"), points=Sum("points"))
        .order_by("kind", "-n", "member__name_pinyin")
    )


def assert_current(offices):
    office_ids = [o.pk for o in offices]
    for year in (YEAR - 1, YEAR):
        counted, split = stored.figures(office_ids, year)
        expected_counted, expected_split = live(office_ids, year)
        assert counted == expected_counted, year
        assert {code: split[code] for code in expected_split} == expected_split, year
        # The apps' own parts (the home's members short of visits) are kept the same way.
        _counted, _split, parts = stored.figures_and_parts(office_ids, year, all_parts())
        assert parts == {name: count_part(name, office_ids, year) for name in all_parts()}, year
        for office in offices:
            again, _split, ledger, _parts = stored.figures_and_ledger(office, year)
            assert {code: found.get(office.pk) for code, found in again.items()} == {
                code: found.get(office.pk) for code, found in expected_counted.items()
            }
            assert ledger == live_ledger(office, year), (office, year)


def test_stored_figures_equal_a_recount_after_random_service_calls(world):
    staff = world.staff
    offices = [world.office, world.other_office]
    ids = [o.pk for o in offices]
    people = [world.kang] + [MemberFactory(office=o) for o in offices for _ in range(3)]
    food = Category.objects.first()
    made = []

    def briefing(rng):
        office = rng.choice(offices)
        who = [m for m in people if m.office_id == office.pk]
        days = rng.choice([-400, -30, -3])
        activity = invite(ActivityFactory(office=office, starts_at=at(days)), *who)
        activity.status = Status.CHECKIN_OPEN
        activity.save(update_fields=["status"])
        for member in rng.sample(who, rng.randint(1, len(who))):
            activities.check_in(member, activity, method="manual", actor=staff)
        activities.close(staff, activity)
        made.append(activity)

    def move_activity(rng):  # to another year, or another type, through save()
        if made:
            activity = rng.choice(made)
            activity.starts_at -= datetime.timedelta(days=rng.choice([200, 400]))
            activity.type = rng.choice(list(ActivityType.objects.all()))
            activity.save()

    def undo_attendance(rng):
        row = Attendance.objects.filter(status=Attendance.Status.ATTENDED).order_by("?").first()
        if row is not None:
            duty.retract(row)
            row.delete()

    def visit(rng):
        member = rng.choice(people)
        activities.record_visit(
            staff if member.office_id == world.office.pk else world.users["other"],
            member.office,
            member=member,
            date=TODAY - datetime.timedelta(days=rng.choice([0, 1, 370])),
        )

    def care(rng):
        member = rng.choice([m for m in people if m.office_id == world.office.pk])
        event = members.record_care_event(
            staff, member, kind="illness", event_date=TODAY - datetime.timedelta(days=2)
        )
        if rng.random() < 0.7:
            members.record_care_visit(staff, event, date=TODAY, members=[world.kang])

    def leave_office(rng):
        member = rng.choice(people)
        members.change_status(staff, member, "withdrawn", TODAY, reason="迁出")

    def opinion(rng):
        opinions.submit_opinion(
            staff,
            world.office,
            source=Source.VISIT,
            raisers=[world.kang],
            text="建议加强检查。",
            category=rng.choice([food, None]),
        )

    def donation(rng):
        research.save_donation(
            world.director,
            Donation(office=world.office),
            member=world.kang,
            recipient="八一路小学",
            form="cash",
            value=Decimal(rng.choice(["500", "1250.5"])),
            date=TODAY - datetime.timedelta(days=rng.choice([0, 400])),
        )

    def project(rng):
        research.save_project(
            world.director,
            ResearchProject(office=world.office),
            [world.kang],
            topic="民营企业党组织建设",
            nature=ResearchProject.Nature.OVERALL,
            lead=world.kang,
            started_on=TODAY - datetime.timedelta(days=rng.choice([1, 380])),
        )

    def rename_type(rng):  # a lookup every office's breakdown names
        kind = ActivityType.objects.order_by("?").first()
        kind.name = f"{kind.name}·"
        kind.save()

    steps = [
        briefing,
        move_activity,
        undo_attendance,
        visit,
        care,
        leave_office,
        opinion,
        donation,
        project,
        rename_type,
    ]
    rng = random.Random(10)
    assert_current(offices)
    for _ in range(30):
        step = rng.choice(steps)
        step(rng)
        if rng.random() < 0.6:  # read (and store) between some writes, not all
            assert_current(offices)
    assert_current(offices)
    assert Activity.objects.exists() and FigureYear.objects.exclude(year=0).exists()
    # rebuild() counts everything afresh: the same figures again.
    assert stored.rebuild(ids, [YEAR - 1, YEAR]) == 4
    assert_current(offices)


def test_a_write_while_a_reader_counts_leaves_its_row_behind(world, monkeypatch):
    """The reader takes the counter before it counts: a write landing meanwhile makes what it
    stores out of date at once, and the next reader counts again."""
    ids = [world.office.pk]
    stored.figures(ids, YEAR)
    stored.bump(ids)
    counting = stored._count

    def with_a_write(office_ids, year):
        found = counting(office_ids, year)
        ActivityFactory(office=world.office, starts_at=at(-3), status=Status.CLOSED)
        return found

    monkeypatch.setattr(stored, "_count", with_a_write)
    first, _split = stored.figures(ids, YEAR)
    monkeypatch.setattr(stored, "_count", counting)
    again, _split = stored.figures(ids, YEAR)
    assert again["activities.held"].get(world.office.pk, 0) == (
        first["activities.held"].get(world.office.pk, 0) + 1
    )


def test_rebuild_figures_command_counts_every_office_afresh(world):
    from io import StringIO

    from django.core.management import call_command

    from liaison.duty.models import DutyRecord, MemberYear
    from liaison.duty.services import record

    ActivityFactory(office=world.office, starts_at=at(-3), status=Status.CLOSED)
    record(world.kang, "members.care_visit", world.party, at(-3))
    DutyRecord.objects.update(points=7)  # a hand edit: nothing told the stored sums
    out = StringIO()
    call_command("rebuild_figures", "--year", str(YEAR), stdout=out)
    assert "office-years" in out.getvalue() and "1 member-years" in out.getvalue()
    row = FigureYear.objects.get(office=world.office, year=YEAR, part=stored.FIGURES)
    assert row.data["counts"]["activities.held"] == 1
    assert MemberYear.objects.get(member=world.kang).points == 7


def test_a_part_name_must_fit_the_store():
    for name in ("", "x" * 11):
        with pytest.raises(ValueError):
            register_part(name, lambda office_ids, year: {})
    assert "x" * 11 not in all_parts()
