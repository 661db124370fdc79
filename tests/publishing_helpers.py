"""Shared helpers for the scheduling tests: a patched clock and scheduled changes."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.utils.text import slugify

from home.models import StandardPage

BASE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class Clock:
    """What timezone.now() returns, for Wagtail's code and ours alike."""

    def __init__(self, now):
        self.now = now

    def set(self, value):
        self.now = value

    def advance(self, **delta):
        self.now += timedelta(**delta)


@contextmanager
def patched_clock(start=BASE):
    """Patch timezone.now() (used by Wagtail's publishing code and ours) to a settable clock."""
    clock = Clock(start)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield clock


def make_live_page(parent, title, introduction="Old text", **fields):
    page = parent.add_child(
        instance=StandardPage(title=title, slug=slugify(title), introduction=introduction, **fields)
    )
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def schedule_change(page, introduction, go_live_at, user=None, expire_at=None):
    """What an editor does: change the text, set "go live at", press Publish."""
    page = StandardPage.objects.get(pk=page.pk)
    page.introduction = introduction
    page.go_live_at = go_live_at
    if expire_at is not None:
        page.expire_at = expire_at
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return revision


def set_expiry(page, expire_at, user=None):
    """Publish the page now with an "expire at" time."""
    page = StandardPage.objects.get(pk=page.pk)
    page.expire_at = expire_at
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return StandardPage.objects.get(pk=page.pk)
