"""A database error in a later step of a multi-step service leaves nothing of the earlier
steps: every table (audit log included) is exactly as before. The failure is injected by
making a real helper of the service raise on its n-th call, after the first calls have
written their rows; the ORM itself is not mocked."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone

from liaison.activities import services as activities
from liaison.activities.models import Activity, ActivityType, Status
from tests.factories import MemberFactory, OrganizationFactory
from tests.fuzz.harness import table_fingerprints

EVERY_TABLE = {"sessions.session"}  # the audit log and the task queue are compared too


def failing_on_call(monkeypatch, target: str, call: int):
    """Let `target` (module.attr) work normally until its `call`-th call, which raises."""
    module_path, name = target.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    real, calls = getattr(module, name), []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) >= call:
            raise DatabaseError(f"injected failure in call {len(calls)} of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def assert_nothing_changed(before, calls, call):
    assert len(calls) == call, "the failure was not reached"
    after = table_fingerprints(skip=EVERY_TABLE)
    changed = [table for table in after if after[table] != before.get(table)]
    assert not changed, f"left behind in {changed}"


def _activity(world, **fields):
    start = timezone.now() - datetime.timedelta(hours=1)
    activity = activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="briefing"),
        title="政情通报会",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **fields,
    )
    return activity


def test_closing_an_activity_fails_in_the_third_absence(world, monkeypatch):
    members = [world.kang, *MemberFactory.create_batch(3, office=world.office)]
    activity = _activity(world, mandatory=True)
    activities.invite(world.director, activity, members)
    activities.publish(world.director, activity)
    activities.open_checkin(world.director, activity)
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.duty.services.record", 3)
    with pytest.raises(DatabaseError):
        activities.close(world.director, Activity.objects.get(pk=activity.pk))
    assert_nothing_changed(before, calls, 3)
    assert Activity.objects.get(pk=activity.pk).status == Status.CHECKIN_OPEN


def test_publishing_fails_while_notifying_the_invited(world, monkeypatch):
    activity = _activity(world)
    activities.invite(world.director, activity, [world.kang])
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.activities.services.notify", 1)
    with pytest.raises(DatabaseError):
        activities.publish(world.director, Activity.objects.get(pk=activity.pk))
    assert_nothing_changed(before, calls, 1)
    assert Activity.objects.get(pk=activity.pk).status == Status.DRAFT


def test_a_visit_fails_in_the_second_visitor_s_duty_record(world, monkeypatch):
    visitors = MemberFactory.create_batch(3, office=world.office)
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.duty.services.record", 2)
    with pytest.raises(DatabaseError):
        activities.record_visit(
            world.staff,
            world.office,
            member=world.kang,
            date=timezone.localdate(),
            staff=[world.staff],
            visitors=visitors,
            notes="走访康希",
        )
    assert_nothing_changed(before, calls, 2)


def test_a_member_import_fails_at_the_second_account(world, monkeypatch, settings, tmp_path):
    from liaison.members import importing
    from tests.factories import valid_id_number
    from tests.members.test_import import HEADER, xlsx

    settings.MEDIA_ROOT = tmp_path
    rows = [
        ["汤朝阳", "男", "1970-03-08", "民建", "", "新组", "13807310012", "", "tangzhaoyang"],
        ["黄德君", "男", "1965-11-02", "", "", "新组", "13807310013", "", "huangdejun"],
        ["曹升洋", "男", "1972-01-09", "", "", "", "13807310014", "", "caoshengyang"],
    ]
    for number, row in enumerate(rows):
        row[7] = valid_id_number("19700308", f"{number + 20:03d}")
    data = xlsx(rows, header=HEADER)
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.members.importing._create_account", 2)
    with pytest.raises(DatabaseError):
        importing.commit_import(world.director, data, world.office)
    assert_nothing_changed(before, calls, 2)


def test_moving_an_organization_fails_after_its_subtree_moved(world, monkeypatch):
    from liaison.orgs import services as orgs
    from liaison.orgs.models import Organization

    community = OrganizationFactory(name="燕山社区", kind="department", parent=world.subdistrict)
    OrganizationFactory(name="燕山社区一组", kind="department", parent=community)
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.orgs.services.log_action", 1)
    with pytest.raises(DatabaseError):
        orgs.update_organization(
            world.admin, Organization.objects.get(pk=community.pk), parent=world.party
        )
    assert_nothing_changed(before, calls, 1)


def test_a_care_visit_fails_in_its_duty_record(world, monkeypatch):
    from liaison.members import services as members

    event = members.record_care_event(
        world.staff, world.kang, kind="illness", event_date=timezone.localdate()
    )
    visitor = MemberFactory(office=world.office)
    before = table_fingerprints(skip=EVERY_TABLE)
    calls = failing_on_call(monkeypatch, "liaison.duty.services.record", 1)
    with pytest.raises(DatabaseError):
        members.record_care_visit(
            world.staff, event, date=timezone.localdate(), members=[visitor], notes="探望"
        )
    assert_nothing_changed(before, calls, 1)
