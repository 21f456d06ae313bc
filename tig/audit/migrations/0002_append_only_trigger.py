"""On PostgreSQL (production), the database itself refuses to alter the audit log or to
delete entries younger than three years, whatever the code does.

SQLite (development) relies on the model's own guard: a trigger there would also block
the table flushes of the test suite, which PostgreSQL does with TRUNCATE."""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_entry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit log entries cannot be modified';
    END IF;
    IF OLD.at > now() - interval '3 years' THEN
        RAISE EXCEPTION 'audit log entries are kept three years';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_guard();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
