"""The one place that decides what a user may see and change.

A role is held on one organization. Office, member, reviewer and handler roles act on that
node only; district and administrator roles reach the whole subtree below their node.
Views ask `can(user, perm, org)` (or use `perm_required`), and querysets of organization-scoped
models narrow themselves with `.visible_to(user, perm)`.
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q


class Perm(StrEnum):
    OFFICE_VIEW = "office.view"  # read an office's records
    OFFICE_MANAGE = "office.manage"  # run an office's daily work
    OFFICE_DIRECT = "office.direct"  # decisions reserved to the office director
    MEMBER_SELF = "member.self"  # a member's own invitations, opinions, duty record
    REVIEW = "review"  # Party committee / sub-district review
    HANDLE = "handle"  # department handling of assignments
    DISTRICT_VIEW = "district.view"  # statistics across the offices below
    ORGS_MANAGE = "orgs.manage"
    ACCOUNTS_MANAGE = "accounts.manage"
    AUDIT_VIEW = "audit.view"
    TASKS_VIEW = "tasks.view"  # the background tasks that failed


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "office_director": frozenset({Perm.OFFICE_VIEW, Perm.OFFICE_MANAGE, Perm.OFFICE_DIRECT}),
    "office_staff": frozenset({Perm.OFFICE_VIEW, Perm.OFFICE_MANAGE}),
    "member": frozenset({Perm.MEMBER_SELF}),
    "reviewer": frozenset({Perm.REVIEW}),
    "handler": frozenset({Perm.HANDLE}),
    "district_viewer": frozenset({Perm.OFFICE_VIEW, Perm.DISTRICT_VIEW}),
    "admin": frozenset({Perm.ORGS_MANAGE, Perm.ACCOUNTS_MANAGE, Perm.AUDIT_VIEW, Perm.TASKS_VIEW}),
}
SUBTREE_ROLES = frozenset({"district_viewer", "admin"})


def assignments(user) -> list:
    """The user's role assignments with their organizations, read once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(
            user.role_assignments.select_related("organization").filter(
                organization__is_active=True
            )
        )
        user._role_assignments = cached
    return cached


def forget(user) -> None:
    """Drop the per-request cache after the user's roles changed."""
    user.__dict__.pop("_role_assignments", None)


def roles(user) -> set[str]:
    return {a.role for a in assignments(user)}


def can(user, perm: Perm, org=None) -> bool:
    """Does any of the user's roles grant `perm`, on `org` if one is given?"""
    for a in assignments(user):
        if perm not in ROLE_PERMS[a.role]:
            continue
        if org is None or a.organization_id == org.pk:
            return True
        if a.role in SUBTREE_ROLES and org.path.startswith(a.organization.path):
            return True
    return False


def require(user, perm: Perm, org=None) -> None:
    if not can(user, perm, org):
        raise PermissionDenied


def organizations_q(user, perm: Perm, prefix: str = "") -> Q:
    """A Q on organizations (through `prefix`, e.g. "office__") the user may reach for perm."""
    node_ids, subtree_paths = [], []
    for a in assignments(user):
        if perm in ROLE_PERMS[a.role]:
            if a.role in SUBTREE_ROLES:
                subtree_paths.append(a.organization.path)
            else:
                node_ids.append(a.organization_id)
    q = Q(**{f"{prefix}pk__in": node_ids})
    for path in subtree_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def organizations_for(user, perm: Perm):
    from liaison.orgs.models import Organization

    return Organization.objects.visible_to(user, perm)


class ScopedQuerySet(models.QuerySet):
    """For models that belong to one organization through `Model.scope_field`."""

    def visible_to(self, user, perm: Perm = Perm.OFFICE_VIEW):
        field = getattr(self.model, "scope_field", "organization")
        prefix = f"{field}__" if field else ""
        return self.filter(organizations_q(user, perm, prefix))


def perm_required(*perms: Perm):
    """View decorator: anonymous users go to the login page, others lacking every perm get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not any(can(request.user, perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
