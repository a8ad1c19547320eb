# Performance (issue 8): a stored marker of each council's latest report on each commitment.

from django.db import migrations, models


def mark_latest(apps, schema_editor):
    """Mark each council's latest report on each commitment key (across charter versions)."""
    ProgressReport = apps.get_model("councils", "ProgressReport")
    newest = {}
    rows = ProgressReport.objects.values_list(
        "pk", "council_id", "commitment__key", "period_year", "period_quarter"
    )
    for pk, council_id, key, year, quarter in rows.iterator(chunk_size=5000):
        group = (council_id, key)
        if group not in newest or newest[group] < (year, quarter, pk):
            newest[group] = (year, quarter, pk)
    latest = sorted(pk for *_, pk in newest.values())
    for start in range(0, len(latest), 5000):
        ProgressReport.objects.filter(pk__in=latest[start : start + 5000]).update(is_latest=True)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("councils", "0002_reliability_outgoing_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="is_latest",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_latest, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["commitment", "-period_year", "-period_quarter", "-updated_at"],
                name="progress_latest_idx",
            ),
        ),
    ]
