"""The portal's Site: its name and address from the settings, not Django's "example.com"."""

from django.db import migrations


def forwards(apps, schema_editor):
    from charter_portal.site import site_sync

    site_sync(apps.get_model("sites", "Site"))


class Migration(migrations.Migration):
    dependencies = [
        ("charter_portal", "0001_performance_cache_table"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
