"""`manage.py restore_site DIR`: load a backup_site directory into an empty database."""

import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.backup.selection import DATA_FILE, backed_up_models

# What `migrate` alone creates: Wagtail's root and welcome pages. More means real content.
FRESH_DATABASE_MAX_PAGES = 2


class Command(BaseCommand):
    help = (
        "Migrate, then replace the (empty) database's rows with DIR/data.exactjson, copy DIR/media "
        "into MEDIA_ROOT and rebuild the search and reference indexes."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory written by backup_site")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though the database already holds users or pages (they are lost)",
        )

    def handle(self, directory, force=False, **options):
        source = Path(directory)
        data_file = source / DATA_FILE
        if not data_file.is_file():
            raise CommandError(f"{data_file} not found: is {source} a backup_site directory?")
        manifest = json.loads((source / "manifest.json").read_text())

        call_command("migrate", interactive=False, verbosity=0)
        if not force:
            self._refuse_unless_empty()

        # Clear what migrations created (root page, default groups, ...): the backup has
        # its own copies with the same primary keys. flush re-creates content types and
        # permissions, which the dump refers to by natural key.
        call_command("flush", interactive=False, verbosity=0)
        # flush runs the post-migrate hooks again, and some of ours make rows (the editorial
        # role groups); the backup holds those rows too, so drop the fresh copies first.
        for model in reversed(backed_up_models()):
            model._base_manager.all().delete()
        call_command("loaddata", str(data_file), verbosity=0)

        media_source = source / "media"
        if media_source.is_dir():
            shutil.copytree(media_source, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)

        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        call_command("rebuild_searchable_pages", verbosity=0)

        restored = {model._meta.label: model._base_manager.count() for model in backed_up_models()}
        missing = {
            label: (count, restored.get(label))
            for label, count in manifest["counts"].items()
            if restored.get(label) != count
        }
        if missing:
            raise CommandError(f"Row counts differ after restore (backup, now): {missing}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(restored.values())} rows from {source} "
                f"(backup made {manifest['created']})"
            )
        )

    def _refuse_unless_empty(self):
        from django.contrib.auth import get_user_model
        from wagtail.models import Page

        users = get_user_model().objects.count()
        pages = Page.objects.count()
        if users or pages > FRESH_DATABASE_MAX_PAGES:
            raise CommandError(
                f"The database is not empty ({users} users, {pages} pages). Restore into a new "
                "database, or pass --force to replace everything in this one."
            )
