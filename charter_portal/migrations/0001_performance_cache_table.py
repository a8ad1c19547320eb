# Performance (issue 8): the shared cache's table (settings CACHES, "db://" by default), made by
# every `migrate`, so that no set-up (local, CI, the benchmark, production) can miss it.
# `manage.py createcachetable` (also run by `bootstrap`) does the same after a change of CACHES.

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
