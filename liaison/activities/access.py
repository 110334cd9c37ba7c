"""Fetching one activity for a view: visible to the user (visibility.py), or managed by them."""

from django.shortcuts import get_object_or_404

from liaison.activities.models import Activity
from liaison.activities.visibility import visible_activities
from liaison.members.access import require_manage


def get_visible(user, pk) -> Activity:
    return get_object_or_404(visible_activities(user).select_related("office", "type"), pk=pk)


def get_managed(user, pk) -> Activity:
    activity = get_visible(user, pk)
    require_manage(user, activity.office)
    return activity
