# The security store's table (settings CACHES "default", `portal_security_cache` with "db://"):
# the log-in lock-out and rate limits, apart from the public pages' table so that page traffic
# can never push them out. `createcachetable` makes every missing table and leaves the others.

from django.core.management import call_command
from django.db import migrations


def cache_tables_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("charter_portal", "0001_performance_cache_table")]

    operations = [migrations.RunPython(cache_tables_create, migrations.RunPython.noop)]
