# One email address per account (settings ACCOUNT_CHANGE_EMAIL): the addresses an account had
# besides its own (User.email) are removed. Before, anyone who held the link sent to an added
# address could confirm it, signed in or not (a mistyped address's owner, say), and then reset
# the account's password through it; such an address may be "verified" without its account's
# owner ever having proved it. A person who wants another address asks for the change again and
# confirms it signed in.

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower


def other_addresses_remove(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.exclude(email=Lower(F("user__email"))).exclude(
        email=F("user__email")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_full_name_one_line"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(other_addresses_remove, migrations.RunPython.noop)]
