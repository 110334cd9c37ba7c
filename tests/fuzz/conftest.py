"""The fuzz tests' settings profile and the records their forms edit."""

import datetime
import os
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings

# Modest by default (the whole directory well under two minutes); FUZZ_EXAMPLES=200 for a
# long hunt. Failing examples are printed, not stored: the tests run on throwaway databases.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("fuzz")


@pytest.fixture
def objects(world):
    """The world plus one of every record a form of the table edits."""
    from liaison.activities import services as activities
    from liaison.activities.models import Activity, ActivityType
    from liaison.members import services as members
    from liaison.members.models import MemberGroup

    start = timezone.now() + datetime.timedelta(days=2)
    activity = activities.save_activity(
        world.director,
        Activity(office=world.office),
        type=ActivityType.objects.get(code="briefing"),
        title="政情通报会",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    activities.invite(world.director, activity, [world.kang])
    activity = activities.publish(world.director, activity)
    enterprise = members.save_enterprise(world.director, world.kang, name="南景饭店")
    care = members.record_care_event(
        world.director, world.kang, kind="illness", event_date=timezone.localdate()
    )
    MemberGroup.objects.create(office=world.office, name="第一组")
    return SimpleNamespace(
        world=world, kang=world.kang, activity=activity, enterprise=enterprise, care=care
    )
