"""The one place that decides what a user may see and change.

A role is held on one organization. Office, member, reviewer and handler roles act on that
node only; district and administrator roles reach the whole subtree below their node.

Administration is split three ways (三员分立, 等保2.0): the system administrator runs
organizations, accounts and settings; the security administrator grants and removes roles and
sets policies; the audit administrator reads and exports the audit log. None of them reads
business data, none reads another's share, and no account holds two of them
(orgs.services.assign_role refuses it).
Views ask `can(user, perm, org)` (or use `perm_required`), and querysets of organization-scoped
models narrow themselves with `.visible_to(user, perm)`.
"""

import contextlib
from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q


class Perm(StrEnum):
    OFFICE_VIEW = "office.view"  # read an office's records
    OFFICE_MANAGE = "office.manage"  # run an office's daily work
    OFFICE_DIRECT = "office.direct"  # decisions reserved to the office director
    PERSONAL_DATA = "office.personal_data"  # members' phone, ID number and address in full
    MEMBER_SELF = "member.self"  # a member's own invitations, opinions, duty record
    REVIEW = "review"  # Party committee / sub-district review
    HANDLE = "handle"  # department handling of assignments
    DISTRICT_VIEW = "district.view"  # statistics across the offices below
    DISTRICT_DECIDE = "district.decide"  # district CPPCC decisions on proposals below (立案…)
    ORGS_MANAGE = "orgs.manage"  # system administrator: the organization tree
    ACCOUNTS_MANAGE = "accounts.manage"  # system administrator: accounts, password resets
    SETTINGS_MANAGE = "settings.manage"  # system administrator: deployment settings
    ROLES_MANAGE = "roles.manage"  # security administrator: grant and remove roles
    POLICY_MANAGE = "policy.manage"  # security administrator: security policies
    AUDIT_VIEW = "audit.view"  # audit administrator: read the audit log
    AUDIT_EXPORT = "audit.export"  # audit administrator: export it
    TASKS_VIEW = "tasks.view"  # system administrator: background tasks that failed


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "office_director": frozenset(
        {Perm.OFFICE_VIEW, Perm.OFFICE_MANAGE, Perm.OFFICE_DIRECT, Perm.PERSONAL_DATA}
    ),
    # Granted beside office_staff to the staff who need members' contact data in full.
    "personal_data": frozenset({Perm.PERSONAL_DATA}),
    "office_staff": frozenset({Perm.OFFICE_VIEW, Perm.OFFICE_MANAGE}),
    "member": frozenset({Perm.MEMBER_SELF}),
    "reviewer": frozenset({Perm.REVIEW}),
    "handler": frozenset({Perm.HANDLE}),
    "district_viewer": frozenset({Perm.OFFICE_VIEW, Perm.DISTRICT_VIEW, Perm.DISTRICT_DECIDE}),
    "admin": frozenset(
        {Perm.ORGS_MANAGE, Perm.ACCOUNTS_MANAGE, Perm.SETTINGS_MANAGE, Perm.TASKS_VIEW}
    ),
    "security_admin": frozenset({Perm.ROLES_MANAGE, Perm.POLICY_MANAGE}),
    "audit_admin": frozenset({Perm.AUDIT_VIEW, Perm.AUDIT_EXPORT}),
}
# The three administrators of 三员分立: one account holds at most one of them, and nothing else.
ADMIN_ROLES = frozenset({"admin", "security_admin", "audit_admin"})
SUBTREE_ROLES = frozenset({"district_viewer", *ADMIN_ROLES})


def assignments(user) -> list:
    """The user's role assignments with their organizations, read once per request: from the
    session while its copy was taken under the user's roles_version, else from the database
    (and the copy renewed)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        session = getattr(user, "_role_session", None)
        cached = _from_session(user, session) if session is not None else None
        if cached is None:
            from liaison.orgs.models import RoleAssignment

            # Through the model's manager, not user.role_assignments: every page asks, and
            # the related manager is a class built per call.
            mine = RoleAssignment.objects.filter(user_id=user.pk, organization__is_active=True)
            cached = list(mine.select_related("organization"))
            if session is not None:
                session[ROLES_KEY] = [user.pk, user.roles_version, [_copy(a) for a in cached]]
        user._role_assignments = cached
    return cached


def forget(user) -> None:
    """Drop the per-request cache after the user's roles changed (the session's copy too:
    this user object still holds the old roles_version)."""
    for name in ("_role_assignments", "_role_session"):
        with contextlib.suppress(AttributeError):
            delattr(user, name)  # through a lazy request.user as well


# --- The session's copy of the roles ---------------------------------------------------------
# Every page asks for the user's roles (navigation, permissions, scoping): one query with a
# join each time. The session keeps a copy tagged with the user's roles_version, which every
# change of a role assignment or of an organization moves on for the users it concerns
# (roles_changed, called by the signals in liaison.orgs.signals), so the user row that each
# request reads anyway says whether the copy still holds.

ROLES_KEY = "_roles"
_ORG_FIELDS = ("id", "name", "short_name", "kind", "parent_id", "path", "sort_order", "is_active")
_ROLE_FIELDS = ("id", "user_id", "organization_id", "role")


def read_roles_from(session, user) -> None:
    """Let assignments(user) use the session's copy (the request's middleware calls this)."""
    user._role_session = session  # (on the user a lazy request.user wraps)


def _copy(assignment) -> list:
    org = assignment.organization
    return [assignment.pk, assignment.role, [getattr(org, name) for name in _ORG_FIELDS]]


def _from_session(user, session) -> list | None:
    from liaison.orgs.models import Organization, RoleAssignment

    stored = session.get(ROLES_KEY)
    if not stored or stored[:2] != [user.pk, user.roles_version]:
        return None
    found = []
    for pk, role, org_values in stored[2]:
        org = Organization.from_db("default", _ORG_FIELDS, org_values)
        assignment = RoleAssignment.from_db("default", _ROLE_FIELDS, (pk, user.pk, org.pk, role))
        assignment.organization = org
        found.append(assignment)
    return found


def roles_changed(*, user_ids=(), path: str | None = None) -> None:
    """Move roles_version on for these users and for everyone holding a role in the subtree
    at `path`: their sessions' copies of the roles no longer hold."""
    from django.db.models import F, Q

    from liaison.orgs.models import User

    which = Q(pk__in=list(user_ids))
    if path is not None:
        which |= Q(role_assignments__organization__path__startswith=path)
    ids = User.objects.filter(which).values("pk")
    User.objects.filter(pk__in=ids).update(roles_version=F("roles_version") + 1)


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
    if not subtree_paths:
        return Q(**{f"{prefix}pk__in": node_ids})
    # A subtree as a subquery on organization ids (path LIKE 'p%' uses the path index), so
    # the scoped table is filtered on its organization's id index; an OR of `path LIKE`
    # through a join made PostgreSQL scan every row of it.
    from liaison.orgs.models import Organization

    reach = Q(pk__in=node_ids)
    for path in subtree_paths:
        reach |= Q(path__startswith=path)
    return Q(**{f"{prefix}pk__in": Organization.objects.filter(reach).values("pk")})


def any_of(*id_querysets) -> Q:
    """Q(pk__in=the UNION of these querysets of ids). Each part is read through its own index;
    an OR of the same conditions made PostgreSQL scan the whole table for every list page."""
    first, *rest = id_querysets
    return Q(pk__in=first.union(*rest))


def organizations_for(user, perm: Perm):
    from liaison.orgs.models import Organization

    return Organization.objects.visible_to(user, perm)


def chosen_among(organizations, chosen) -> tuple:
    """(the organization whose id `chosen` gives, else the first in tree order; all of them in
    tree order, for the page's picker), read in one query; 404 for an id outside them."""
    from django.http import Http404

    from liaison.core.lists import int_param

    found = list(organizations.order_by("path", "sort_order"))
    if chosen:
        pk = int_param(chosen)
        found_one = next((o for o in found if o.pk == pk), None)
    else:
        found_one = found[0] if found else None
    if found_one is None:
        raise Http404
    return found_one, found


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
