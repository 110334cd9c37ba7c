"""Member-specific questions asked of liaison.orgs.access."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.core.lists import int_param
from liaison.orgs.access import Perm, can, organizations_for


def may_see_personal_data(user, member) -> bool:
    """Phone, ID number and address in full: the member themselves, or staff of the member's
    own office who hold the personal-data permission there."""
    if member.user_id is not None and member.user_id == user.pk:
        return True
    return can(user, Perm.PERSONAL_DATA, member.office) and can(
        user, Perm.OFFICE_MANAGE, member.office
    )


def may_see_personal_data_of_all(user) -> bool:
    """For exports: every office the user can list is one where they may see personal data."""
    listed = set(organizations_for(user, Perm.OFFICE_VIEW).values_list("pk", flat=True))
    allowed = set(
        organizations_for(user, Perm.PERSONAL_DATA)
        .filter(pk__in=organizations_for(user, Perm.OFFICE_MANAGE))
        .values_list("pk", flat=True)
    )
    return bool(listed) and listed <= allowed


def require_manage(user, office) -> None:
    if not can(user, Perm.OFFICE_MANAGE, office):
        raise PermissionDenied


def managed_office(request):
    """The office a staff member works for: the one chosen by ?office=, else their first."""
    offices = organizations_for(request.user, Perm.OFFICE_MANAGE).filter(kind="liaison_office")
    chosen = request.GET.get("office") or request.POST.get("office")
    if chosen:
        office = offices.filter(pk=int_param(chosen)).first() if int_param(chosen) else None
        if office is None:
            raise Http404
        return office
    office = offices.first()
    if office is None:
        raise PermissionDenied
    return office
