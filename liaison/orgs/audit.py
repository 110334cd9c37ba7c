"""The append-only audit log: who did what to which record, when, from where.

Services call `log_action` inside their transaction, so a change and its audit row are saved
or rolled back together. For updates, take `snapshot(obj)` before the change and pass
`{"changes": diff(before, snapshot(obj))}`.
"""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from liaison.core.request_context import current_ip

# Never written into the log, whatever the caller passes.
SECRET_FIELDS = frozenset({"password"})

# Action codes and their labels; apps add theirs with register_action() in ready().
ACTION_LABELS = {
    "create": _("Create"),
    "update": _("Update"),
    "delete": _("Delete"),
    "login": _("Login"),
    "login_failed": _("Failed login"),
    "lockout": _("Account locked"),
    "logout": _("Logout"),
    "password_change": _("Password change"),
    "password_reset": _("Password reset"),
    "role_grant": _("Role granted"),
    "role_revoke": _("Role removed"),
    "export": _("Export"),
    "audit_prune": _("Old audit entries removed"),
    "otp_enrol": _("Two-factor login set up"),
    "otp_verified": _("Two-factor code accepted"),
    "otp_failed": _("Wrong two-factor code"),
    "otp_recovery_codes": _("Recovery codes renewed"),
    "otp_remove": _("Two-factor login removed"),
    "rate_limited": _("Too many requests refused"),
    "download": _("File downloaded"),
}


def register_action(code: str, label) -> None:
    ACTION_LABELS[code] = label


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj, fields=None) -> dict:
    """The object's editable field values (foreign keys as ids), as plain JSON values.

    Derived, non-editable fields (search keys, timestamps, paths) are left out: they change
    with the fields they derive from and would only add noise to every diff.
    """
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or (fields and field.name not in fields):
            continue
        if not field.editable and not fields:
            continue
        values[field.name] = _plain(field.value_from_object(obj))
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _organization_id_of(obj):
    """The id of the organization `obj` belongs to, read from its foreign key (no query)."""
    if obj is None:
        return None
    from liaison.orgs.models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    field = getattr(type(obj), "scope_field", "organization")
    return getattr(obj, f"{field}_id", None) if field else None


def log_action(obj, action: str, user=None, data: dict | None = None, *, organization=None):
    """Append one audit row. `obj` may be None for events without a record (a failed login)."""
    entry = audit_entry(obj, action, user, data, organization=organization)
    entry.save()
    return entry


def log_actions(entries) -> None:
    """Append many rows built by `audit_entry` at once (bulk imports: COPY on PostgreSQL)."""
    from liaison.core.bulk import insert_objects
    from liaison.orgs.models import AuditEntry

    insert_objects(AuditEntry, list(entries))


def audit_entry(obj, action: str, user=None, data: dict | None = None, *, organization=None):
    """The row `log_action` appends, not yet saved."""
    from liaison.orgs.models import AuditEntry

    actor = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry(
        actor=actor,
        actor_label=actor.username if actor else (data or {}).get("username", ""),
        ip=current_ip.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        organization_id=organization.pk if organization else _organization_id_of(obj),
        data=_plain({k: v for k, v in (data or {}).items() if k not in SECRET_FIELDS}),
    )


def audit_entries(objs, action: str, user=None, data_for=None) -> list:
    """`audit_entry` for each of many objects of one model (bulk imports), with what the
    rows share (actor, address, content type) worked out once instead of once a row."""
    from liaison.orgs.models import AuditEntry

    objs = list(objs)
    if not objs:
        return []
    actor = user if getattr(user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(objs[0])
    ip = current_ip.get()
    entries = []
    for obj in objs:
        data = data_for(obj) if data_for else {}
        entries.append(
            AuditEntry(
                actor=actor,
                actor_label=actor.username if actor else data.get("username", ""),
                ip=ip,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk) if obj.pk is not None else "",
                object_repr=str(obj)[:200],
                organization_id=_organization_id_of(obj),
                data=_plain({k: v for k, v in data.items() if k not in SECRET_FIELDS}),
            )
        )
    return entries


def save_with_audit(obj, actor, /, *, check=None, expected_version=None, **fields):
    """Set fields, run `check(obj)` if given, validate, save and log "create" or "update"
    with the field diff. For records without transition rules; call it inside the service's
    transaction. `expected_version` (liaison.core.concurrency.Version, from the edit form)
    refuses the save when someone else changed the record since the form was shown."""
    creating = obj.pk is None
    if expected_version is not None and not creating:
        for key, value in fields.items():
            setattr(obj, key, value)
        expected_version.verify(obj)
    # Read "before" from the database: a ModelForm has already changed `obj` in memory.
    before = {} if creating else snapshot(type(obj)._base_manager.get(pk=obj.pk))
    for key, value in fields.items():
        setattr(obj, key, value)
    if check is not None:
        check(obj)
    obj.full_clean()
    obj.save()
    if creating:
        log_action(obj, "create", actor, {"values": snapshot(obj)})
    else:
        changes = diff(before, snapshot(obj))
        if changes:
            log_action(obj, "update", actor, {"changes": changes})
    return obj


def delete_with_audit(obj, actor, /) -> None:
    log_action(obj, "delete", actor, {"values": snapshot(obj)})
    obj.delete()
