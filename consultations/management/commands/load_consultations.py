import json
from pathlib import Path

from django.core.management.base import BaseCommand

from consultations.services import consultation_record_load

DATA = Path(__file__).resolve().parents[2] / "data" / "consultation-2024.json"


class Command(BaseCommand):
    help = (
        "Load the 2023-24 consultation on version 1 of the charter from its published results "
        "(consultations/data/consultation-2024.json, sources S1-S6 in the file). Safe to run "
        "again: a 'We did' entered in the portal since is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA))

    def handle(self, *args, file, **options):
        record = json.loads(Path(file).read_text(encoding="utf-8"))
        consultation, created = consultation_record_load(record=record)
        self.stdout.write(
            f"Consultation {consultation.title}: {'added' if created else 'updated'}."
        )
