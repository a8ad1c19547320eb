"""The text search configuration of the site search on PostgreSQL: English stemming after
``unaccent``, so that "cafe" finds "café" and "Ducklington" finds "Ducklington's". Nothing on
SQLite (the search falls back to ``icontains`` there). The extension needs a role that may
create it (the database's owner on PostgreSQL 13+, where ``unaccent`` is trusted)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_search') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_search (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION portal_search
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_search;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
