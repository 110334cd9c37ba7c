"""Organization tree and accounts for the system administrator; roles for the security
administrator (三员分立: each form below is offered to, and accepted from, its own role only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.orgs import services
from liaison.orgs.access import Perm, can, organizations_for, perm_required
from liaison.orgs.forms import (
    OrganizationForm,
    PasswordResetByAdminForm,
    RoleAssignmentForm,
    UserCreateForm,
    UserEditForm,
)
from liaison.orgs.models import RoleAssignment, User


def _orgs(request):
    return organizations_for(request.user, Perm.ORGS_MANAGE)


@perm_required(Perm.ORGS_MANAGE)
def org_list(request):
    return render(request, "orgs/org_list.html", {"organizations": _orgs(request)})


@perm_required(Perm.ORGS_MANAGE)
def org_edit(request, pk=None):
    org = get_object_or_404(_orgs(request), pk=pk) if pk else None
    form = OrganizationForm(request.POST or None, instance=org, parents=_orgs(request))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if org is None:
                org = services.create_organization(request.user, **fields)
            else:
                services.update_organization(
                    request.user, org, expected_version=form.expected_version, **fields
                )
        except Refusal as refusal:
            form.refuse(refusal)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": org.name})
            return redirect("org_list")
    return render(request, "orgs/org_form.html", {"form": form, "org": org})


@perm_required(Perm.ORGS_MANAGE)
@require_POST
def org_delete(request, pk):
    org = get_object_or_404(_orgs(request), pk=pk)
    try:
        services.delete_organization(request.user, org)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Deleted “%(name)s”.") % {"name": org.name})
    return redirect("org_list")


@perm_required(Perm.ACCOUNTS_MANAGE, Perm.ROLES_MANAGE)
def user_list(request):
    users = User.objects.order_by("username").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("organization"),
        )
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(display_name__icontains=query) | Q(phone=query)
        )
    return render(
        request,
        "orgs/user_list.html",
        {
            "page": paginate(request, users),
            "query": query,
            "may_manage_accounts": can(request.user, Perm.ACCOUNTS_MANAGE),
        },
    )


@perm_required(Perm.ACCOUNTS_MANAGE)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_user(
            request.user,
            password=form.cleaned_data["password"],
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, _("Created account “%(name)s”.") % {"name": user.username})
        return redirect("user_detail", pk=user.pk)
    return render(request, "orgs/user_form.html", {"form": form})


@perm_required(Perm.ACCOUNTS_MANAGE, Perm.ROLES_MANAGE)
def user_detail(request, pk):
    account = get_object_or_404(User, pk=pk)
    may = {
        "accounts": can(request.user, Perm.ACCOUNTS_MANAGE),
        "roles": can(request.user, Perm.ROLES_MANAGE),
    }
    which = request.POST.get("form")
    if request.method == "POST" and not may[_FORM_DUTY.get(which, "accounts")]:
        raise PermissionDenied
    edit_form = UserEditForm(
        request.POST if request.POST.get("form") == "edit" else None, instance=account
    )
    role_form = RoleAssignmentForm(
        request.POST if request.POST.get("form") == "role" else None,
        organizations=organizations_for(request.user, Perm.ROLES_MANAGE),
    )
    reset_form = PasswordResetByAdminForm(
        request.POST if request.POST.get("form") == "reset" else None, account=account
    )
    if request.method == "POST":
        done = _user_action(request, account, edit_form, role_form, reset_form)
        if done:
            return redirect("user_detail", pk=account.pk)
    assignments = account.role_assignments.select_related("organization")
    return render(
        request,
        "orgs/user_detail.html",
        {
            "account": account,
            "assignments": assignments,
            "edit_form": edit_form,
            "role_form": role_form,
            "reset_form": reset_form,
            "may_manage_accounts": may["accounts"],
            "may_manage_roles": may["roles"],
        },
    )


# Which administrator each form of the account page belongs to.
_FORM_DUTY = {
    "edit": "accounts",
    "reset": "accounts",
    "otp_reset": "accounts",
    "role": "roles",
    "revoke": "roles",
}


def _user_action(request, account, edit_form, role_form, reset_form) -> bool:
    """Carry out the one form that was posted; True when it succeeded."""
    which = request.POST.get("form")
    try:
        if which == "edit" and edit_form.is_valid():
            services.update_user(
                request.user,
                account,
                expected_version=edit_form.expected_version,
                **{name: edit_form.cleaned_data[name] for name in edit_form.Meta.fields},
            )
        elif which == "role" and role_form.is_valid():
            services.assign_role(
                request.user,
                account,
                role_form.cleaned_data["organization"],
                role_form.cleaned_data["role"],
            )
        elif which == "reset" and reset_form.is_valid():
            services.reset_password(request.user, account, reset_form.cleaned_data["password"])
        elif which == "otp_reset":
            services.remove_second_factor(request.user, account)
        elif which == "revoke":
            assignment = get_object_or_404(
                RoleAssignment.objects.visible_to(request.user, Perm.ROLES_MANAGE),
                pk=request.POST.get("assignment"),
                user=account,
            )
            services.revoke_role(request.user, assignment)
        else:
            return False
    except Refusal as refusal:
        if which == "edit":
            edit_form.refuse(refusal)
        else:
            messages.error(request, refusal.message)
        return False
    messages.success(request, _("Saved."))
    return True
