import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liaison.duty import kinds
from liaison.duty.models import DutyRecord
from liaison.duty.services import rebuild_ledger, record, retract
from tests.factories import MemberFactory


@pytest.fixture
def test_kind():
    kinds.register_kind("test.attended", "出席测试活动")
    yield "test.attended"
    kinds.unregister("test.attended", app_label="tests")


def test_record_is_idempotent_per_member_kind_and_source(world, test_kind):
    source = world.other_office  # any saved object can be a source
    first = record(world.kang, test_kind, source, datetime.date(2026, 3, 5))
    again = record(world.kang, test_kind, source, datetime.date(2026, 3, 6))
    assert first.pk == again.pk
    assert DutyRecord.objects.count() == 1
    entry = DutyRecord.objects.get()
    assert (entry.date, entry.year, entry.office) == (datetime.date(2026, 3, 6), 2026, world.office)
    assert entry.source == source and entry.kind_label == "出席测试活动"


def test_aware_datetimes_count_on_the_local_day(world, test_kind):
    # 2026-12-31 17:00 UTC is already 2027-01-01 in Asia/Shanghai.
    when = datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)
    assert record(world.kang, test_kind, world.office, when).year == 2027


def test_retract_removes_only_what_the_source_produced(world, test_kind):
    other = MemberFactory(office=world.office)
    record(world.kang, test_kind, world.office, datetime.date(2026, 1, 1))
    record(other, test_kind, world.office, datetime.date(2026, 1, 1))
    record(world.kang, test_kind, world.district, datetime.date(2026, 1, 1))
    assert retract(world.office, member=other) == 1
    assert retract(world.office) == 1
    assert list(DutyRecord.objects.values_list("object_id", flat=True)) == [world.district.pk]


def test_unregistered_kinds_are_refused(world):
    with pytest.raises(ValueError, match="Unregistered duty kind"):
        record(world.kang, "no.such.kind", world.office, datetime.date(2026, 1, 1))
    assert DutyRecord.objects.count() == 0


def test_rebuild_recomputes_from_registered_sources(world, test_kind):
    record(world.kang, test_kind, world.party, datetime.date(2026, 2, 2))  # stale row

    def rebuild():
        yield kinds.Entry(world.kang, test_kind, world.office, datetime.date(2026, 5, 1))

    kinds.register_rebuilder("tests", rebuild)
    assert rebuild_ledger() == 1
    assert list(DutyRecord.objects.values_list("object_id", flat=True)) == [world.office.pk]
    call_command("rebuild_duty_ledger", stdout=io.StringIO())
    assert DutyRecord.objects.count() == 1


def test_duty_page_shows_a_member_their_own_acts_only(world, client_for, test_kind):
    other = MemberFactory(office=world.office, name="汤朝阳")
    year = timezone.localdate().year
    record(world.kang, test_kind, world.office, datetime.date(year, 1, 2))
    record(other, test_kind, world.office, datetime.date(year, 1, 2))
    member_page = client_for("member").get(reverse("duty_home"))
    assert [r.member.name for r in member_page.context["page"]] == ["康希"]
    director_page = client_for("director").get(reverse("duty_home"))
    assert {r.member.name for r in director_page.context["page"]} == {"康希", "汤朝阳"}
    other_page = client_for("other").get(reverse("duty_home"))
    assert list(other_page.context["page"]) == []
    bad_year = client_for("director").get(reverse("duty_home"), {"year": "abc"})
    assert bad_year.status_code == 200 and bad_year.context["year"] == year
