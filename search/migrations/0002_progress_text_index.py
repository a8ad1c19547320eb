"""A GIN index of what each progress report says the council did, as the site search's
``search.text.matching`` reads it (the same expression, so that PostgreSQL uses the index
instead of reading the text of every report: 221,760 at England's size). PostgreSQL only."""

from django.db import migrations

INDEX = "search_progress_what_we_did"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON councils_progressreport USING gin (
  setweight(to_tsvector('portal_search'::regconfig, COALESCE(what_we_did, '')), 'A')
);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_portal_search_configuration"),
        ("councils", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
