"""publish_due with the clock patched: due, not yet due, expired, overdue, snippets, audit log."""

from datetime import timedelta
from unittest import mock

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from cms.publishing.scheduler import publish_due
from home.models import StandardPage
from tests.publishing_helpers import (
    BASE,
    make_live_page,
    patched_clock,
    schedule_change,
    set_expiry,
)
from tests.scheduling_app.models import Notice


@pytest.fixture
def clock():
    with patched_clock() as clock:
        yield clock


def scheduled_logs(obj_id, action):
    return PageLogEntry.objects.filter(page_id=obj_id, action=action)


def test_due_revision_is_published_and_shown_to_visitors(home_page, clock, client):
    page = make_live_page(home_page, "Opening hours")
    revision = schedule_change(page, "New text", go_live_at=BASE + timedelta(hours=1))
    # Publishing with a future go-live time keeps the live page as it was.
    assert "Old text" in client.get(page.url).content.decode()

    clock.set(BASE + timedelta(hours=1, seconds=5))
    assert publish_due() == 1

    page.refresh_from_db()
    assert page.live_revision_id == revision.pk
    assert page.introduction == "New text"
    body = client.get(page.url).content.decode()
    assert "New text" in body and "Old text" not in body
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_future_revision_is_not_published(home_page, clock, client):
    page = make_live_page(home_page, "Opening hours")
    revision = schedule_change(page, "New text", go_live_at=BASE + timedelta(hours=1))

    clock.set(BASE + timedelta(minutes=59))
    assert publish_due() == 0

    page.refresh_from_db()
    assert page.introduction == "Old text"
    assert "Old text" in client.get(page.url).content.decode()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == BASE + timedelta(hours=1)


def test_new_page_scheduled_ahead_is_not_visible_until_due(home_page, clock, client):
    page = home_page.add_child(
        instance=StandardPage(title="Launch", slug="launch", introduction="Hello", live=False)
    )
    page.go_live_at = BASE + timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert client.get("/launch/").status_code == 404

    clock.set(BASE + timedelta(days=1, seconds=1))
    assert publish_due() == 1
    assert client.get("/launch/").status_code == 200


def test_expired_page_is_unpublished(home_page, clock, client):
    page = make_live_page(home_page, "Winter appeal")
    page = set_expiry(page, BASE + timedelta(hours=2))
    assert client.get(page.url).status_code == 200

    clock.set(BASE + timedelta(hours=1))
    assert publish_due() == 0
    assert client.get(page.url).status_code == 200

    clock.set(BASE + timedelta(hours=2, seconds=1))
    assert publish_due() == 1
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get("/winter-appeal/").status_code == 404


def test_overdue_items_are_caught_up_after_downtime(home_page, clock, client):
    pages = [make_live_page(home_page, f"Action {n}") for n in range(3)]
    for n, page in enumerate(pages):
        schedule_change(page, f"Update {n}", go_live_at=BASE + timedelta(hours=n + 1))
    expiring = set_expiry(make_live_page(home_page, "Old news"), BASE + timedelta(hours=2))

    # The worker was down for three days; the first pass afterwards does everything.
    clock.set(BASE + timedelta(days=3))
    assert publish_due() == 4
    for n, page in enumerate(pages):
        assert f"Update {n}" in client.get(page.url).content.decode()
    assert client.get(expiring.url).status_code == 404

    # Nothing is done twice.
    assert publish_due() == 0
    assert PageLogEntry.objects.filter(action="wagtail.publish.scheduled").count() == 3


def test_go_live_and_expiry_both_missed_ends_expired(home_page, clock, client):
    page = make_live_page(home_page, "Pop-up event")
    schedule_change(
        page,
        "Today only",
        go_live_at=BASE + timedelta(hours=1),
        expire_at=BASE + timedelta(hours=2),
    )
    clock.set(BASE + timedelta(days=1))
    assert publish_due() == 2
    page.refresh_from_db()
    assert not page.live and page.expired


def test_audit_log_records_scheduled_publish_and_expiry(home_page, clock, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", password="x", first_name="Edna")
    page = make_live_page(home_page, "Opening hours")
    revision = schedule_change(page, "New", go_live_at=BASE + timedelta(hours=1), user=editor)
    schedule_entry = scheduled_logs(page.pk, "wagtail.publish.schedule").get()
    assert schedule_entry.user == editor
    assert schedule_entry.revision_id == revision.pk

    clock.set(BASE + timedelta(hours=1))
    publish_due()
    published = scheduled_logs(page.pk, "wagtail.publish.scheduled").get()
    assert published.revision_id == revision.pk
    assert published.timestamp == BASE + timedelta(hours=1)
    assert published.user is None  # done by the system, not a person

    set_expiry(page, BASE + timedelta(hours=3))
    clock.set(BASE + timedelta(hours=3))
    publish_due()
    expired = scheduled_logs(page.pk, "wagtail.unpublish.scheduled").get()
    assert expired.timestamp == BASE + timedelta(hours=3)


def test_draft_state_snippet_is_published_and_expired_on_time(db, clock):
    notice = Notice(title="Closed for the holidays", live=False)
    notice.save()
    notice.go_live_at = BASE + timedelta(hours=1)
    notice.expire_at = BASE + timedelta(hours=5)
    revision = notice.save_revision()
    revision.publish()
    notice.refresh_from_db()
    assert not notice.live

    clock.set(BASE + timedelta(hours=1))
    assert publish_due() == 1
    notice.refresh_from_db()
    assert notice.live and notice.live_revision_id == revision.pk
    assert ModelLogEntry.objects.filter(action="wagtail.publish.scheduled").count() == 1

    clock.set(BASE + timedelta(hours=4))
    assert publish_due() == 0
    clock.set(BASE + timedelta(hours=5, minutes=1))
    assert publish_due() == 1
    notice.refresh_from_db()
    assert not notice.live and notice.expired
    assert ModelLogEntry.objects.filter(action="wagtail.unpublish.scheduled").count() == 1


def test_one_failing_item_does_not_stop_the_others(home_page, clock, client):
    broken = make_live_page(home_page, "Broken")
    fine = make_live_page(home_page, "Fine")
    broken_revision = schedule_change(broken, "Never", go_live_at=BASE + timedelta(hours=1))
    schedule_change(fine, "Published anyway", go_live_at=BASE + timedelta(hours=2))
    real_publish = Revision.publish

    def publish(self, *args, **kwargs):
        if self.pk == broken_revision.pk:
            raise RuntimeError("simulated failure")
        return real_publish(self, *args, **kwargs)

    clock.set(BASE + timedelta(hours=3))
    with mock.patch.object(Revision, "publish", publish):
        assert publish_due() == 1
    assert "Published anyway" in client.get(fine.url).content.decode()
    # The broken one is still scheduled, so the next pass retries it.
    broken_revision.refresh_from_db()
    assert broken_revision.approved_go_live_at == BASE + timedelta(hours=1)
    assert publish_due() == 1
    assert "Never" in client.get(broken.url).content.decode()
