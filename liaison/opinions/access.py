"""Who reaches which opinion or assignment; another scope's records are 404, not 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from liaison.members.models import Member
from liaison.opinions.models import Assignment, Opinion
from liaison.orgs.access import Perm, can


def visible_opinions(user):
    """Office staff and district viewers: their offices' opinions; members: their own."""
    office = Opinion.objects.visible_to(user, Perm.OFFICE_VIEW)
    mine = Opinion.objects.filter(raisers__user=user) if can(user, Perm.MEMBER_SELF) else None
    if mine is None:
        return office
    return (office | mine).distinct()


def get_opinion(user, pk) -> Opinion:
    return get_object_or_404(visible_opinions(user).select_related("office", "category"), pk=pk)


def get_managed_opinion(user, pk) -> Opinion:
    opinion = get_opinion(user, pk)
    if not can(user, Perm.OFFICE_MANAGE, opinion.office):
        raise Http404
    return opinion


def department_assignments(user):
    return Assignment.objects.of_department(user)


def get_handled(user, pk) -> Assignment:
    """An assignment of the handler's own department."""
    return get_object_or_404(
        department_assignments(user).select_related("opinion", "department"), pk=pk
    )


def get_assignment(user, pk) -> tuple[Assignment, bool, bool]:
    """(assignment, user manages its office, user handles it); 404 when neither."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("opinion__office", "department", "handler"), pk=pk
    )
    manages = can(user, Perm.OFFICE_MANAGE, assignment.opinion.office)
    views = can(user, Perm.OFFICE_VIEW, assignment.opinion.office)
    handles = can(user, Perm.HANDLE, assignment.department)
    if not (manages or views or handles):
        raise Http404
    return assignment, manages, handles


def my_member(user, office=None) -> Member | None:
    members = Member.objects.filter(user=user)
    if office is not None:
        members = members.filter(office=office)
    return members.first()
