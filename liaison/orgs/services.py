"""Every rule-bearing write on organizations, accounts and roles."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.orgs import access
from liaison.orgs.audit import diff, log_action, save_with_audit, snapshot
from liaison.orgs.models import Organization, Role, RoleAssignment, User

# --- Organizations ---------------------------------------------------------------------------


def _check_parent(org: Organization, parent: Organization | None) -> None:
    if parent is None:
        return
    if org.pk and (parent.pk == org.pk or parent.path.startswith(org.path)):
        raise Refusal(
            "org_cycle", _("An organization cannot be placed under itself or its own subordinates.")
        )


def _write_path(org: Organization) -> None:
    parent_path = org.parent.path if org.parent_id else "/"
    org.path = f"{parent_path}{org.pk}/"
    Organization.objects.filter(pk=org.pk).update(path=org.path)


@transaction.atomic
def create_organization(actor, *, name, kind, parent=None, **fields) -> Organization:
    org = Organization(name=name, kind=kind, parent=parent, **fields)
    _check_parent(org, parent)
    org.full_clean(exclude=["path"])
    org.save()
    _write_path(org)
    log_action(org, "create", actor, {"values": snapshot(org)})
    return org


@transaction.atomic
def update_organization(
    actor, org: Organization, *, expected_version=None, **fields
) -> Organization:
    if expected_version is not None:
        for key, value in fields.items():
            setattr(org, key, value)
        expected_version.verify(org)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    before = snapshot(org)
    old_path = org.path
    for key, value in fields.items():
        setattr(org, key, value)
    _check_parent(org, org.parent)
    org.full_clean(exclude=["path"])
    org.save()
    if org.parent_id != before["parent"]:
        _write_path(org)
        # Move the whole subtree: every descendant's path starts with the old prefix.
        for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk):
            Organization.objects.filter(pk=child.pk).update(
                path=org.path + child.path[len(old_path) :]
            )
    changes = diff(before, snapshot(org))
    if changes:
        log_action(org, "update", actor, {"changes": changes})
    return org


@transaction.atomic
def delete_organization(actor, org: Organization) -> None:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if org.children.exists():
        raise Refusal(
            "org_has_children",
            _("“%(name)s” still has subordinate organizations; move or delete them first.")
            % {"name": org.name},
        )
    if org.role_assignments.exists():
        raise Refusal(
            "org_has_roles",
            _("“%(name)s” still has people assigned to it; remove their roles first.")
            % {"name": org.name},
        )
    values = snapshot(org)
    log_action(org, "delete", actor, {"values": values})
    try:
        with transaction.atomic():
            org.delete()
    except ProtectedError:
        raise Refusal(
            "org_in_use",
            _("“%(name)s” still has records; deactivate it instead of deleting it.")
            % {"name": org.name},
        ) from None


# --- Accounts --------------------------------------------------------------------------------


def find_login_user(login: str) -> User | None:
    """The account a login name refers to: a username, or else an 11-digit phone number."""
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username__iexact=login).first()
    if user is None and login.isdecimal():
        user = User.objects.filter(phone=login).first()
    return user


def login_failed(user: User, action: str = "login_failed") -> User:
    """Count a wrong password (or code); the fifth in a row locks the account for a while."""
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    if user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=until)
        user.failed_login_count, user.locked_until = 0, until
        log_action(user, "lockout", None, {"username": user.username, "until": until})
    else:
        log_action(
            user,
            action,
            None,
            {"username": user.username, "failures": user.failed_login_count},
        )
    return user


def login_succeeded(user: User) -> None:
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None


@transaction.atomic
def create_user(
    actor, *, username, password, display_name="", phone=None, email="", must_change_password=True
) -> User:
    user = User(
        username=username,
        display_name=display_name,
        phone=phone or None,
        email=email,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    log_action(user, "create", actor, {"values": snapshot(user)})
    return user


@transaction.atomic
def update_user(actor, user: User, *, expected_version=None, **fields) -> User:
    return save_with_audit(user, actor, expected_version=expected_version, **fields)


@transaction.atomic
def reset_password(actor, user: User, password: str) -> None:
    """An administrator sets a temporary password; the user must change it on next login."""
    user.set_password(password)
    user.must_change_password = True
    user.failed_login_count, user.locked_until = 0, None
    user.save(
        update_fields=[
            "password",
            "password_changed_at",
            "must_change_password",
            "failed_login_count",
            "locked_until",
        ]
    )
    log_action(user, "password_reset", actor)


@transaction.atomic
def password_changed(user: User) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    log_action(user, "password_change", user)


# --- Two-factor login ---------------------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(user: User):
    """A fresh, unconfirmed TOTP device for the user (an earlier unfinished one is replaced)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(user: User, device, token: str) -> list[str]:
    """Confirm the device with a code from the app; returns the new recovery codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed:
        raise Refusal("otp_confirmed", _("This authenticator is already set up."))
    if not device.verify_token((token or "").strip()):
        raise Refusal(
            "otp_bad_code",
            _("The code is not correct. Check the time on your phone and try the newest code."),
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    user.otp_enrolled = True
    User.objects.filter(pk=user.pk).update(otp_enrolled=True)
    log_action(user, "otp_enrol", user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from liaison.orgs.twofactor import RECOVERY_CODE_COUNT

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    from liaison.orgs.twofactor import has_device

    if not has_device(user):
        raise Refusal("otp_none", _("Set up two-factor login first."))
    codes = _new_recovery_codes(user)
    log_action(user, "otp_recovery_codes", user)
    return codes


@transaction.atomic
def remove_second_factor(actor, user: User) -> None:
    """Remove the user's authenticator and recovery codes.

    The user may do it only where their role does not require two-factor login; the system
    administrator may do it for anyone who lost their phone and codes (they must enrol again).
    """
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from liaison.orgs.twofactor import is_required

    if actor is not None and actor.pk == user.pk and is_required(user):
        raise Refusal("otp_required", _("Your role requires two-factor login."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.otp_enrolled = False
    User.objects.filter(pk=user.pk).update(otp_enrolled=False)
    log_action(user, "otp_remove", actor)


def second_factor_passed(user: User, device) -> None:
    login_succeeded(user)
    log_action(user, "otp_verified", user, {"device": type(device).__name__})


# --- Roles -----------------------------------------------------------------------------------


def _check_separation(user: User, role: str) -> None:
    """三员分立: an administrator role is never combined with another role on one account."""
    held = set(
        RoleAssignment.objects.filter(user=user).exclude(role=role).values_list("role", flat=True)
    )
    if not held:
        return
    if role in access.ADMIN_ROLES or held & access.ADMIN_ROLES:
        raise Refusal(
            "role_separation",
            _(
                "The system, security and audit administrators must be separate accounts "
                "that hold no other role; this account already holds: %(roles)s."
            )
            % {"roles": "、".join(str(Role(r).label) for r in sorted(held))},
        )


@transaction.atomic
def assign_role(actor, user: User, organization: Organization, role: str) -> RoleAssignment:
    if role not in Role.values:
        raise Refusal("role_unknown", _("Unknown role."))
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        raise Refusal("role_self", _("You cannot change your own roles."))
    # Lock the account's row so two grants at once cannot both pass the separation check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if RoleAssignment.objects.filter(user=user, organization=organization, role=role).exists():
        raise Refusal("role_exists", _("This person already holds that role there."))
    _check_separation(user, role)
    assignment = RoleAssignment.objects.create(user=user, organization=organization, role=role)
    log_action(
        assignment,
        "role_grant",
        actor,
        {"user": user.username, "role": role},
    )
    access.forget(user)
    return assignment


@transaction.atomic
def revoke_role(actor, assignment: RoleAssignment) -> None:
    if actor is not None and getattr(actor, "pk", None) == assignment.user_id:
        raise Refusal("role_self", _("You cannot change your own roles."))
    log_action(
        assignment,
        "role_revoke",
        actor,
        {"user": assignment.user.username, "role": assignment.role},
    )
    assignment.delete()
    access.forget(assignment.user)


# --- Audit log retention ---------------------------------------------------------------------

# 等保2.0 asks for at least six months of audit records; the PostgreSQL trigger holds the same
# floor (migration orgs 0004), so this number may be raised but never lowered.
AUDIT_MIN_RETENTION_DAYS = 180


@transaction.atomic
def prune_audit_log(actor, days: int = AUDIT_MIN_RETENTION_DAYS, now=None) -> int:
    """Remove audit entries older than `days` days (never fewer than 180); the count removed.

    The one sanctioned way past the append-only guards: AuditQuerySet.delete() still refuses,
    so this issues the DELETE itself, and on PostgreSQL sets the transaction-local flag the
    trigger lets through. The prune itself is logged.
    """
    from liaison.orgs.models import AuditEntry

    if days < AUDIT_MIN_RETENTION_DAYS:
        raise Refusal(
            "audit_retention",
            _("Audit entries are kept for at least %(n)d days.") % {"n": AUDIT_MIN_RETENTION_DAYS},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('liaison.audit_prune', 'on', true), now()")
            # The trigger measures age from the transaction's now(): so does the cutoff.
            now = now or cursor.fetchone()[1]
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = AuditEntry.objects.filter(created_at__lt=cutoff)
    deleted = old._raw_delete(old.db)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('liaison.audit_prune', 'off', true)")
    log_action(None, "audit_prune", actor, {"days": days, "before": cutoff, "deleted": deleted})
    return deleted
