from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councils.services.register import RegisterImportError, council_register_import


class Command(BaseCommand):
    help = (
        "Import the council register from a CSV keyed by GSS code (see councils/data/SOURCES.md)."
        " Idempotent and all-or-nothing; --dry-run lists what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(settings.COUNCIL_REGISTER_CSV), help="the CSV file"
        )
        parser.add_argument("--dry-run", action="store_true", help="change nothing; list changes")

    def handle(self, *args, path, dry_run, **options):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"Cannot read {path}: {e}") from e
        try:
            result = council_register_import(text=text, dry_run=dry_run)
        except RegisterImportError as e:
            raise CommandError(
                f"{path}: nothing imported, {len(e.errors)} problem(s):\n" + "\n".join(e.errors)
            ) from e
        if dry_run or options["verbosity"] >= 2:
            for line in result.lines():
                self.stdout.write(line)
        summary = (
            f"{path}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{result.unchanged} unchanged, {len(result.kept_corrections)} corrections kept"
        )
        self.stdout.write(summary + (" (dry run: nothing saved)" if dry_run else ""))
