import datetime

import pytest
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import Activity, ActivityType
from tests.factories import MemberFactory


@pytest.fixture
def tang(world):
    return MemberFactory(office=world.office, name="汤朝阳")


@pytest.fixture
def make_activity(world):
    def make(**fields):
        starts = fields.pop("starts_at", timezone.now() + datetime.timedelta(days=3))
        values = {
            "type": ActivityType.objects.get(code="briefing"),
            "title": "2026年下半年政情通报会",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "place": "燕山街道办事处三楼会议室",
            "mandatory": True,
        }
        values.update(fields)
        return services.save_activity(world.director, Activity(office=world.office), **values)

    return make


@pytest.fixture
def briefing(world, make_activity, tang):
    """A required briefing with 康希 and 汤朝阳 invited, published."""
    activity = make_activity()
    services.invite(world.director, activity, [world.kang, tang])
    return services.publish(world.director, activity)
