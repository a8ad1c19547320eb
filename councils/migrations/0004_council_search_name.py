"""Council.search_name: each council's name as the directory's search compares it."""

import re
import unicodedata

from django.db import migrations, models


def _search_key(text):
    # A copy of councils.models.register.search_key as it was when this migration was written.
    text = unicodedata.normalize("NFKD", str(text or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’‘`´")
    text = text.replace("æ", "ae").replace("ø", "o").replace("œ", "oe")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def fill(apps, schema_editor):
    Council = apps.get_model("councils", "Council")
    councils = list(Council.objects.only("pk", "name"))
    for council in councils:
        council.search_name = _search_key(council.name)
    Council.objects.bulk_update(councils, ["search_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_performance_progress_latest"),
    ]

    operations = [
        migrations.AddField(
            model_name="council",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=400),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
