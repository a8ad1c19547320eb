import json
from pathlib import Path

from django.core.management.base import BaseCommand

from partnerships.services import meeting_series_load

DATA = Path(__file__).resolve().parents[2] / "data" / "meeting_series.json"


class Command(BaseCommand):
    help = (
        "Load the liaison meeting series (partnerships/data/meeting_series.json, from the "
        "county's liaison arrangements with the district councils). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA))

    def handle(self, *args, file, **options):
        rows = json.loads(Path(file).read_text(encoding="utf-8"))["series"]
        created, updated = meeting_series_load(rows=rows)
        self.stdout.write(f"Meeting series: {created} added, {updated} updated.")
