from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councils.services.register import RegisterImportError, council_register_import


class Command(BaseCommand):
    help = (
        "Bring the council register to the edition in a CSV keyed by GSS code (see "
        "councils/data/SOURCES.md). Idempotent and all-or-nothing; lists every change it makes "
        "(renames, kinds, websites, codes that move, councils removed) and every value it left "
        "alone because the policy team corrected it; --dry-run lists them and saves nothing."
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
        if options["verbosity"] >= 1:
            for line in result.lines():
                self.stdout.write(line)
        summary = (
            f"{path}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.moved_codes)} codes moved, {len(result.removed)} removed, "
            f"{result.unchanged} unchanged, {len(result.kept)} corrections kept"
        )
        self.stdout.write(summary + (" (dry run: nothing saved)" if dry_run else ""))
