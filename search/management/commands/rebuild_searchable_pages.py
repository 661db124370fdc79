"""Rewrite search.SearchablePage from the pages (after a restore or a bulk import)."""

from django.core.management.base import BaseCommand

from search import searchable
from search.models import SearchablePage


class Command(BaseCommand):
    help = (
        "Rebuild the table of what the site search can find (live, public organisations "
        "and actions). Publishing keeps it up to date; run this after loading data by hand."
    )

    def handle(self, *args, **options):
        searchable.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{SearchablePage.objects.count()} searchable pages.")
