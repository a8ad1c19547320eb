"""Recompute every derived value from its records and report any drift: a council's signatory
status, the "latest report" markers, the action plan's reference counter (see ui.integrity).
Exits 1 when anything has drifted, so CI and monitoring notice; ``--fix`` puts it right through
the services' own code. Read only without ``--fix``; a few queries per check at any size."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ui.integrity import integrity_checks


class Command(BaseCommand):
    help = "Check every derived value against its records; exit 1 on drift (--fix to repair)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Recompute and store the values that drifted (each check in one transaction).",
        )
        parser.add_argument(
            "--show", type=int, default=20, help="List at most this many drifts per check."
        )

    def handle(self, *args, fix=False, show=20, **options):
        total = 0
        for check, repair in integrity_checks():
            drift = check()
            name = check.__name__.removesuffix("_drift").replace("_", " ")
            if not drift:
                self.stdout.write(f"{name}: OK")
                continue
            total += len(drift)
            self.stderr.write(f"{name}: {len(drift)} value(s) drifted")
            for d in drift[:show]:
                self.stderr.write(f"  {d}")
            if len(drift) > show:
                self.stderr.write(f"  ... and {len(drift) - show} more")
            if fix:
                with transaction.atomic():
                    repair(drift)
                left = check()
                self.stdout.write(f"{name}: fixed, {len(left)} left")
                total -= len(drift) - len(left)
        if total:
            raise CommandError(f"{total} derived value(s) drifted from their records.")
        self.stdout.write("Every derived value agrees with its records.")
