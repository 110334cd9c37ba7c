"""Reminders: records waiting for review over three days; yearly targets behind schedule."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notify.reminders import Reminder
from liaison.orgs.models import Organization, User
from liaison.plans.home import AWAITING

REVIEW_WAIT = datetime.timedelta(days=3)
# (month, day) from which a yearly target is behind when less than half of it is done.
HALF_YEAR = (7, 1)


def awaiting_review(now):
    """Plans, requests and reports submitted over three days ago: to their reviewers."""
    for model, statuses in AWAITING:
        waiting = model.objects.filter(
            status__in=statuses, submitted_at__lte=now - REVIEW_WAIT
        ).prefetch_related("review_bodies")
        for obj in waiting:
            users = User.objects.filter(
                is_active=True,
                role_assignments__role="reviewer",
                role_assignments__organization__in=obj.review_bodies.all(),
            ).distinct()
            yield Reminder(
                # Once per submission: a resubmitted plan is reminded of again.
                key=f"{model._meta.model_name}:{obj.pk}:{obj.submitted_at:%Y%m%d%H%M}",
                users=list(users),
                text=_("Waiting for your review since %(day)s: %(title)s")
                % {"day": timezone.localtime(obj.submitted_at).strftime("%m-%d"), "title": obj},
                kind="plans.review",
                obj=obj,
                url=obj.get_absolute_url(),
            )


def targets_behind(now):
    """From 1 July on, each activity type with a yearly target of which an office has held
    fewer than half: to the office's staff, once a year per office and type."""
    from liaison.activities.home import yearly_progress
    from liaison.members.services import office_leaders

    today = timezone.localtime(now).date()
    if (today.month, today.day) < HALF_YEAR:
        return
    offices = Organization.objects.filter(kind=Organization.Kind.LIAISON_OFFICE, is_active=True)
    for office in offices:
        for row in yearly_progress(office, today.year):
            if row["done"] * 2 >= row["target"]:
                continue
            yield Reminder(
                key=f"target-behind:{today.year}:{office.pk}:{row['type'].pk}",
                users=list(office_leaders(office)),
                text=_("Behind the yearly target: %(type)s %(done)d of %(target)d held.")
                % {"type": row["type"], "done": row["done"], "target": row["target"]},
                kind="plans.targets",
                obj=office,
            )
