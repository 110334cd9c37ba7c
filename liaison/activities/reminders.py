"""Reminders and calendar entries the activities produce."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.activities.models import Activity, Invitation, LeaveRequest, Status
from liaison.activities.visibility import visible_activities
from liaison.notify.calendar import CalendarEvent
from liaison.notify.reminders import Reminder

SOON = datetime.timedelta(hours=48)


def _open(now):
    return Activity.objects.filter(
        status__in=[Status.PUBLISHED, Status.CHECKIN_OPEN], starts_at__gt=now
    )


def activities_soon(now):
    """Activities in the next 48 hours: to the invited who are coming (accepted, or invited
    to a required activity without leave)."""
    for activity in _open(now).filter(starts_at__lte=now + SOON):
        excused = LeaveRequest.objects.filter(
            activity=activity, decision=LeaveRequest.Decision.APPROVED
        ).values("member")
        coming = activity.invitations.exclude(member__in=excused).select_related("member__user")
        if activity.mandatory:
            coming = coming.exclude(response=Invitation.Response.DECLINED)
        else:
            coming = coming.filter(response=Invitation.Response.ACCEPTED)
        yield Reminder(
            key=f"activity-48h:{activity.pk}",
            users=[i.member.user for i in coming if i.member.user_id],
            text=_("Coming up: %(title)s, %(when)s, %(place)s")
            % {
                "title": activity.title,
                "when": timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M"),
                "place": activity.place,
            },
            kind="activity.soon",
            obj=activity,
        )


def signup_deadlines(now):
    """Sign-up deadlines in the next 48 hours: to the invited who have not answered."""
    closing = _open(now).filter(
        mandatory=False, signup_deadline__gt=now, signup_deadline__lte=now + SOON
    )
    for activity in closing:
        silent = activity.invitations.filter(response=Invitation.Response.INVITED)
        yield Reminder(
            key=f"signup-deadline:{activity.pk}",
            users=[
                i.member.user for i in silent.select_related("member__user") if i.member.user_id
            ],
            text=_("Sign-up for %(title)s closes %(when)s.")
            % {
                "title": activity.title,
                "when": timezone.localtime(activity.signup_deadline).strftime("%m-%d %H:%M"),
            },
            kind="activity.signup",
            obj=activity,
        )


def calendar_events(user):
    """The activities the user can see, from a month back on, for their private iCal feed."""
    since = timezone.now() - datetime.timedelta(days=31)
    for activity in (
        visible_activities(user).filter(starts_at__gte=since).exclude(status=Status.DRAFT)
    ):
        yield CalendarEvent(
            uid=f"activity-{activity.pk}",
            title=activity.title,
            start=activity.starts_at,
            end=activity.ends_at,
            location=activity.place,
            description=activity.description,
            url=activity.get_absolute_url(),
        )
