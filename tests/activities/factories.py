import datetime

import factory
from django.utils import timezone

from liaison.activities.models import Activity, ActivityType, Status


def at(days=0, hour=9) -> datetime.datetime:
    """A local time `days` from today at `hour` o'clock."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    type = factory.LazyFunction(lambda: ActivityType.objects.get(code="briefing"))
    title = factory.Sequence(lambda n: f"政情通报会{n}")
    starts_at = factory.LazyFunction(lambda: at(3, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "燕山街道办事处三楼会议室"
    status = Status.PUBLISHED


def invite(activity, *members):
    from liaison.activities.models import Invitation

    for member in members:
        Invitation.objects.create(activity=activity, member=member)
    return activity
