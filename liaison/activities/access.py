"""Who may see an activity: its office's staff, district viewers above it, invited members."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from liaison.activities.models import Activity
from liaison.members.access import require_manage
from liaison.orgs.access import Perm, organizations_q


def visible_activities(user):
    office_scope = organizations_q(user, Perm.OFFICE_VIEW, prefix="office__")
    return Activity.objects.filter(office_scope | Q(invitations__member__user=user)).distinct()


def get_visible(user, pk) -> Activity:
    return get_object_or_404(visible_activities(user).select_related("office", "type"), pk=pk)


def get_managed(user, pk) -> Activity:
    activity = get_visible(user, pk)
    require_manage(user, activity.office)
    return activity
