"""Create synthetic members in bulk for benchmarks. See profiles/bulk.py for how."""

import time

from django.core.management.base import BaseCommand, CommandError

from profiles import bulk


class Command(BaseCommand):
    help = (
        "Create N realistic synthetic members (about 5 actions of about 4 updates each), "
        "live and searchable, using bulk inserts. For benchmarks, not for production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="How many members.")
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed (same seed, same content)."
        )
        parser.add_argument(
            "--clear", action="store_true", help="First delete members made by this command."
        )

    def handle(self, *args, members, seed, clear, **options):
        if members < 0:
            raise CommandError("--members must be 0 or more.")
        started = time.monotonic()
        if clear:
            bulk.clear_bulk_content(log=self.stdout.write)
        counts = bulk.generate(members, seed=seed, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['members']} members, {counts['actions']} actions and "
                f"{counts['updates']} updates in {time.monotonic() - started:.1f} s."
            )
        )
