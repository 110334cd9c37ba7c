"""The audit log is append-only at the database level where the database allows it.

On PostgreSQL a trigger refuses every UPDATE of orgs_auditentry, and every DELETE except the
retention path: the transaction must have set `liaison.audit_prune = on` (SET LOCAL, which
only orgs.services.prune_audit_log does) AND the row must be older than 180 days. So even a
hand-written DELETE that sets the flag cannot shorten the retention of 等保2.0 (≥ 180 days).
SQLite has no such protection; there the ORM guards of AuditQuerySet are what stands.
TRUNCATE is not caught here (Django's test flush uses it); the deployment's database role
should not own the table (see docs/security.md).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION liaison_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('liaison.audit_prune', true) = 'on'
       AND OLD.created_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused on orgs_auditentry', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS liaison_audit_append_only ON orgs_auditentry;
CREATE TRIGGER liaison_audit_append_only
    BEFORE UPDATE OR DELETE ON orgs_auditentry
    FOR EACH ROW EXECUTE FUNCTION liaison_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS liaison_audit_append_only ON orgs_auditentry;
DROP FUNCTION IF EXISTS liaison_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_separated_duties")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
