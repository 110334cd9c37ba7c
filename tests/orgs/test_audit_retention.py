"""The audit log at database level: a PostgreSQL trigger refuses UPDATE and DELETE; only the
retention command removes entries, and only those older than 180 days."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from liaison.orgs.audit import log_action
from liaison.orgs.models import AuditEntry

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def aged(world, days, action="update"):
    # Back-dated at insert time: the trigger never lets a row be changed afterwards.
    return AuditEntry.objects.create(
        created_at=timezone.now() - timedelta(days=days),
        actor_label="director",
        action=action,
        object_repr=f"{days} days old",
    )


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgres_only
def test_raw_sql_cannot_update_or_delete_audit_rows(world):
    entry = log_action(world.office, "update", world.director, {"x": 1})
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"UPDATE {table} SET action = 'tampered' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    # Setting the retention flag by hand does not open recent rows either.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('liaison.audit_prune', 'on', true)")
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "update"


@postgres_only
def test_old_rows_still_refuse_a_raw_delete_without_the_retention_path(world):
    old = aged(world, 400)
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {table} WHERE id = %s", [old.pk])
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_orm_guards_still_stop_ordinary_code(world):
    aged(world, 400)
    before = AuditEntry.objects.count()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(created_at__lt=timezone.now()).delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.count() == before


def test_prune_removes_only_what_is_older_than_the_period(world):
    old = aged(world, 400)
    older = aged(world, 181)
    young = aged(world, 179)
    out = StringIO()
    call_command("prune_audit_log", stdout=out)
    assert "2 entries" in out.getvalue()
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and older.pk not in remaining and young.pk in remaining
    prune = AuditEntry.objects.get(action="audit_prune")
    assert prune.data["deleted"] == 2 and prune.data["days"] == 180
    # A longer period keeps more.
    aged(world, 300)
    call_command("prune_audit_log", "--days", "365", stdout=out)
    assert AuditEntry.objects.filter(object_repr="300 days old").exists()


@pytest.mark.parametrize("days", ["179", "0", "-5"])
def test_a_period_under_180_days_is_refused_and_removes_nothing(world, days):
    aged(world, 400)
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("prune_audit_log", "--days", days)
    assert AuditEntry.objects.count() == before
