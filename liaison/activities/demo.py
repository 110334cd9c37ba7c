"""The demo office's year of activities: a closed briefing, visits, an upcoming study session."""

import datetime

from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import Activity, ActivityType, Attendance, Visit
from liaison.members.models import Member


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_office_activities(office, director) -> int:
    if Activity.objects.filter(office=office).exists():
        return 0
    today = timezone.localdate()
    members = list(Member.objects.filter(office=office).serving().order_by("pk"))
    briefing_day = (
        datetime.date(today.year, 6, 18)
        if today.month > 6
        else (today - datetime.timedelta(days=20))
    )
    briefing = services.save_activity(
        director,
        Activity(office=office),
        type=ActivityType.objects.get(code="briefing"),
        title=f"{today.year}年上半年街道政情通报会",
        starts_at=_at(briefing_day, 9),
        ends_at=_at(briefing_day, 11),
        place="燕山街道办事处三楼会议室",
        mandatory=True,
        description="通报街道上半年经济社会发展情况，听取委员意见建议。",
    )
    services.invite(director, briefing, members)
    services.publish(director, briefing)
    services.open_checkin(director, briefing)
    for member in members[:-3]:
        services.check_in(member, briefing, method=Attendance.Method.MANUAL, actor=director)
    services.close(director, briefing)
    services.add_speech(director, briefing, members[0], "关于发展楼宇经济的建议", "on_stage")

    study_day = today + datetime.timedelta(days=5)
    study = services.save_activity(
        director,
        Activity(office=office),
        type=ActivityType.objects.get(code="study"),
        title="学习《政协章程》专题会",
        starts_at=_at(study_day, 14),
        ends_at=_at(study_day, 16),
        place="燕山街道党群服务中心",
        mandatory=True,
    )
    services.invite(director, study, members)
    services.publish(director, study)

    for index, member in enumerate(members[:8]):
        services.record_visit(
            director,
            office,
            member=member,
            date=today - datetime.timedelta(days=30 + index * 9),
            staff=[director],
            visitors=[members[-1]] if index % 2 else [],
            discussed="企业经营和社区建设情况",
            opinions="希望改善周边交通秩序" if index == 2 else "",
        )
    return 2 + Visit.objects.filter(office=office).count()
