"""A site backup restored into an empty database gives back the same content and media."""

import io
import json

import pytest
from django.core import serializers
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision

from cms.backup.selection import backed_up_models
from home.models import StandardPage
from tests.conftest import ensure_site_tree


def snapshot():
    """Every backed-up row (consent records included, whichever apps exist), comparably."""
    rows = {}
    for model in backed_up_models():
        queryset = model._base_manager.order_by("pk")
        rows[model._meta.label] = serializers.serialize(
            "python", queryset, use_natural_foreign_keys=True
        )
    return rows


@pytest.fixture
def site_content(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-abc-123")
    home = ensure_site_tree()
    page = StandardPage(title="Cookie policy", slug="cookies", introduction="How we use cookies")
    home.add_child(instance=page)
    page.save_revision(user=editor).publish()
    page.title = "Cookie policy (updated)"
    page.save_revision(user=editor).publish()
    page.title = "Cookie policy (draft, not yet published)"
    page.save_revision(user=editor)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(title="Logo", file=ImageFile(buffer, name="logo.png"))
    return {"page": page, "image": image}


def test_backup_restores_into_an_empty_database(site_content, tmp_path, settings):
    backup_dir = tmp_path / "backup"
    call_command("backup_site", str(backup_dir), stdout=io.StringIO())
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["counts"]["wagtailcore.Revision"] >= 3
    assert (backup_dir / "data.exactjson").stat().st_mode & 0o077 == 0
    before = snapshot()
    image_name = site_content["image"].file.name

    # Lose everything: the database (as good as new) and the media files.
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not Page.objects.exists()

    out = io.StringIO()
    call_command("restore_site", str(backup_dir), stdout=out)
    assert "Restored" in out.getvalue()

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        for old, new in zip(before[label], after[label], strict=True):
            assert new == old, f"{label} differs after restore: {old} != {new}"

    page = Page.objects.get(pk=site_content["page"].pk).specific
    assert page.live and page.title == "Cookie policy (updated)"
    assert page.get_latest_revision().content["title"] == "Cookie policy (draft, not yet published)"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 3
    assert (settings.MEDIA_ROOT / image_name).is_file()

    # Editing goes on after a restore: new rows get fresh ids (sequences were reset).
    page.get_parent().add_child(instance=StandardPage(title="After restore", slug="after"))
    page.save_revision().publish()


def test_restore_refuses_a_database_that_holds_content(site_content, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup_site", str(backup_dir), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_site", str(backup_dir), stdout=io.StringIO())
    assert Page.objects.filter(pk=site_content["page"].pk).exists()


def test_backup_refuses_a_non_empty_directory(db, tmp_path):
    (tmp_path / "old.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_site", str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / "old.txt").read_text() == "keep me"
