"""Reminders: records waiting for review over three days; yearly targets behind schedule."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notify.reminders import Reminder
from liaison.orgs.models import User
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
    """From 1 July on, the items of this year's approved plans with a target of which less than
    half is done (counted as on the plan page): to the office's staff, once a year per item."""
    from liaison.members.services import office_leaders
    from liaison.plans.models import PlanStatus, WorkPlan
    from liaison.plans.services import item_progress

    today = timezone.localtime(now).date()
    if (today.month, today.day) < HALF_YEAR:
        return
    plans = WorkPlan.objects.filter(
        year=today.year, status__in=[PlanStatus.APPROVED, PlanStatus.INCORPORATED]
    ).select_related("office")
    for plan in plans:
        behind = [
            (item, done)
            for item, done in item_progress(plan)
            if item.target_count and done * 2 < item.target_count
        ]
        if not behind:
            continue
        staff = list(office_leaders(plan.office))
        for item, done in behind:
            yield Reminder(
                key=f"target-behind:{today.year}:{item.pk}",
                users=staff,
                text=_("Behind the yearly target: %(item)s, %(done)d of %(target)d done.")
                % {"item": item.title, "done": done, "target": item.target_count},
                kind="plans.targets",
                obj=plan,
                url=plan.get_absolute_url(),
            )
