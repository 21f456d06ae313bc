from django.db import migrations


def unlogged(apps, schema_editor):
    # On PostgreSQL the counter skips the write-ahead log: its commit waits for no disk (a crash
    # forgets the current minute's counts, which costs nothing). SQLite has no such thing.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_requestcount SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_requestcount SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(unlogged, logged)]
