"""Who sees research, campaigns and donations: the office (liaison.orgs.access); a campaign
also the people named on its supervision team with an account (a 食安办 handler, say)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from liaison.orgs.access import Perm, can, organizations_q
from liaison.research.models import Campaign


def office_q(user):
    return organizations_q(user, Perm.OFFICE_VIEW, "office__")


def visible_campaigns(user):
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    on_team = Campaign.objects.filter(team__user=user).values("pk")
    return Campaign.objects.filter(office_q(user) | Q(pk__in=on_team))


def on_a_team(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and visible_campaigns(user).filter(team__user=user).exists()
    )


def get_visible(model, user, pk):
    if model is Campaign:
        return get_object_or_404(visible_campaigns(user).select_related("office"), pk=pk)
    return get_object_or_404(model.objects.visible_to(user).select_related("office"), pk=pk)


def get_managed(model, user, pk):
    obj = get_visible(model, user, pk)
    if not can(user, Perm.OFFICE_MANAGE, obj.office):
        raise Http404
    return obj
