"""`manage.py backup_site DIR`: the content database and the media files, restorable."""

import json
import shutil
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from cms.backup.selection import DATA_FILE, backed_up_models


class Command(BaseCommand):
    help = (
        "Write data.exactjson (every content table, pages, revisions, snippets, consent records, "
        "users), media/ (a copy of MEDIA_ROOT) and manifest.json into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="an empty or new directory")

    def handle(self, directory, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty; choose a new directory.")
        target.mkdir(parents=True, exist_ok=True)
        # The dump holds password hashes and consent records: owner-only.
        target.chmod(0o700)

        models = backed_up_models()
        labels = [model._meta.label for model in models]
        data_file = target / DATA_FILE
        call_command(
            "dumpdata",
            *labels,
            format="exactjson",
            natural_foreign=True,
            indent=None,
            output=str(data_file),
            verbosity=0,
        )
        data_file.chmod(0o600)

        media_root = Path(settings.MEDIA_ROOT)
        media_files = 0
        if media_root.is_dir():
            shutil.copytree(media_root, target / "media")
            media_files = sum(1 for path in (target / "media").rglob("*") if path.is_file())

        manifest = {
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": connection.vendor,
            "counts": {model._meta.label: model._base_manager.count() for model in models},
            "media_files": media_files,
        }
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {total} rows and {media_files} media files to {target}")
        )
