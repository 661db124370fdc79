"""Signed webhooks on publish, delivered to a real local HTTP receiver."""

import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from cms.publishing.webhooks.delivery import (
    backoff,
    claim_due,
    deliver_due_job,
    deliver_due_webhooks,
    send,
)
from cms.publishing.webhooks.models import (
    PAGE_EXPIRED,
    PAGE_PUBLISHED,
    PAGE_SCHEDULED_PUBLISH,
    PAGE_UNPUBLISHED,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from home.models import StandardPage

ALL_PAGE_EVENTS = [PAGE_PUBLISHED, PAGE_UNPUBLISHED, PAGE_SCHEDULED_PUBLISH, PAGE_EXPIRED]


def verify(secret, headers, body):
    """What a subscriber does, as shown in README.md."""
    timestamp = headers["X-Alliance-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["X-Alliance-Signature"])


@pytest.fixture
def subscription(db, webhook_receiver):
    return WebhookSubscription.objects.create(
        name="Partner app", target_url=webhook_receiver.url, events=ALL_PAGE_EVENTS
    )


@pytest.fixture
def draft_page(home_page):
    page = home_page.add_child(
        instance=StandardPage(title="About the alliance", slug="about", live=False)
    )
    page.save_revision()
    return page


def received(receiver, secret):
    """The JSON bodies received, after checking every signature verifies."""
    bodies = []
    for headers, body in receiver.requests:
        assert verify(secret, headers, body), "signature does not verify"
        payload = json.loads(body)
        assert headers["X-Alliance-Event"] == payload["type"]
        bodies.append(payload)
    return bodies


def test_publishing_delivers_one_signed_post(subscription, draft_page, webhook_receiver):
    revision = draft_page.get_latest_revision()
    revision.publish()

    deliver_due_webhooks()
    deliver_due_webhooks()  # nothing left to send

    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == PAGE_PUBLISHED
    assert payload["page_id"] == draft_page.pk
    assert payload["title"] == "About the alliance"
    assert payload["url"] == "http://localhost/about/"
    assert payload["api_url"] == f"http://localhost/api/v2/pages/{draft_page.pk}/"
    assert payload["revision_id"] == revision.pk
    assert payload["event_id"] == str(WebhookEvent.objects.get().id)
    assert timezone.datetime.fromisoformat(payload["occurred_at"]).tzinfo is not None
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.last_response_ms is not None


def test_tampered_body_does_not_verify(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    deliver_due_webhooks()
    [(headers, body)] = webhook_receiver.requests
    assert not verify(subscription.secret, headers, body.replace(b"About", b"Abort"))
    assert not verify("another-secret", headers, body)


def test_scheduler_publishing_delivers_scheduled_publish_event(
    subscription, draft_page, webhook_receiver
):
    draft_page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = draft_page.save_revision()
    revision.publish()  # an editor schedules it: not live yet, nothing to announce
    assert not Page.objects.get(pk=draft_page.pk).live
    assert not WebhookEvent.objects.exists()

    # An hour passes: the schedule is now due.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    StandardPage.objects.filter(pk=draft_page.pk).update(go_live_at=past)
    call_command("publish_scheduled")

    assert Page.objects.get(pk=draft_page.pk).live
    deliver_due_webhooks()
    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == PAGE_SCHEDULED_PUBLISH
    assert payload["page_id"] == draft_page.pk
    assert payload["revision_id"] == revision.pk


def test_scheduler_action_without_user_is_a_scheduled_publish(
    subscription, draft_page, webhook_receiver
):
    # What the scheduler worker does for a due revision.
    past = timezone.now() - timedelta(seconds=5)
    revision = draft_page.get_latest_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    revision.refresh_from_db()
    PublishRevisionAction(revision, user=None, log_action="wagtail.publish.scheduled").execute()

    deliver_due_webhooks()
    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == PAGE_SCHEDULED_PUBLISH


def test_expiry_delivers_expired_event(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    deliver_due_webhooks()
    webhook_receiver.requests.clear()

    StandardPage.objects.filter(pk=draft_page.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled")

    page = Page.objects.get(pk=draft_page.pk)
    assert not page.live and page.expired
    deliver_due_webhooks()
    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == PAGE_EXPIRED
    assert payload["page_id"] == draft_page.pk


def test_unpublish_delivers_unpublished_event(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    Page.objects.get(pk=draft_page.pk).specific.unpublish()
    deliver_due_webhooks()
    types = [p["type"] for p in received(webhook_receiver, subscription.secret)]
    assert sorted(types) == [PAGE_PUBLISHED, PAGE_UNPUBLISHED]


def test_receiver_failing_then_succeeding_gets_it_once_on_retry(
    subscription, draft_page, webhook_receiver
):
    webhook_receiver.responses = [500]
    draft_page.get_latest_revision().publish()

    start = timezone.now()
    deliver_due_webhooks(now=start)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.RETRYING
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at == start + timedelta(seconds=30)

    # Not due yet: nothing is sent before the backoff delay.
    deliver_due_webhooks(now=start + timedelta(seconds=10))
    assert len(webhook_receiver.requests) == 1

    deliver_due_webhooks(now=start + timedelta(seconds=31))
    deliver_due_webhooks(now=start + timedelta(hours=2))
    bodies = received(webhook_receiver, subscription.secret)
    assert len(bodies) == 2  # the failed try and the successful retry
    assert bodies[0]["event_id"] == bodies[1]["event_id"]
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log.order_by("attempted_at")] == [500, 200]


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)


def test_keeps_retrying_for_24_hours_then_gives_up(subscription, draft_page, webhook_receiver):
    webhook_receiver.responses = [503] * 100
    draft_page.get_latest_revision().publish()
    start = timezone.now()
    now = start
    while now - start < timedelta(hours=24):
        deliver_due_webhooks(now=now)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == WebhookDelivery.RETRYING
        now = delivery.next_attempt_at
    deliver_due_webhooks(now=now)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.GAVE_UP
    attempts = len(webhook_receiver.requests)
    deliver_due_webhooks(now=now + timedelta(days=1))
    assert len(webhook_receiver.requests) == attempts


def test_two_workers_never_send_the_same_delivery(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    now = timezone.now()

    # Worker A claims the delivery and is still sending when worker B looks.
    claimed_by_a = claim_due(now, limit=10)
    assert len(claimed_by_a) == 1
    assert claim_due(now, limit=10) == []
    assert deliver_due_webhooks(now=now) == []
    assert webhook_receiver.requests == []

    # A finishes; afterwards nobody sends it again, however often they run.
    send(WebhookDelivery.objects.get(pk=claimed_by_a[0]), now)
    for later in (now, now + timedelta(minutes=10), now + timedelta(days=2)):
        deliver_due_webhooks(now=later)
    assert len(received(webhook_receiver, subscription.secret)) == 1


def test_claim_of_a_dead_worker_is_released(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    now = timezone.now()
    claim_due(now, limit=10)  # this worker dies before sending
    deliver_due_webhooks(now=now + timedelta(minutes=1))
    assert webhook_receiver.requests == []
    deliver_due_webhooks(now=now + timedelta(minutes=6))
    assert len(received(webhook_receiver, subscription.secret)) == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED


def test_inactive_or_uninterested_subscriptions_get_nothing(db, draft_page, webhook_receiver):
    WebhookSubscription.objects.create(
        name="Off", target_url=webhook_receiver.url, events=[PAGE_PUBLISHED], active=False
    )
    WebhookSubscription.objects.create(
        name="Expiry only", target_url=webhook_receiver.url, events=[PAGE_EXPIRED]
    )
    draft_page.get_latest_revision().publish()
    assert WebhookEvent.objects.count() == 1
    assert not WebhookDelivery.objects.exists()


def test_event_commits_with_the_publish_and_rolls_back_with_it(subscription, draft_page):
    def fail_after_recording(sender, **kwargs):
        raise RuntimeError("search index down")

    # Connected after ours, so it runs once the event is already recorded.
    page_published.connect(fail_after_recording)
    try:
        with pytest.raises(RuntimeError):
            draft_page.get_latest_revision().publish()
    finally:
        page_published.disconnect(fail_after_recording)

    assert not Page.objects.get(pk=draft_page.pk).live
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_publish_rolled_back_by_caller_leaves_no_event(subscription, draft_page):
    with pytest.raises(RuntimeError), transaction.atomic():
        draft_page.get_latest_revision().publish()
        raise RuntimeError("editor's request failed later")
    assert not WebhookEvent.objects.exists()


def test_consent_policy_publication_is_an_event(db, settings, draft_page, webhook_receiver):
    # Any draftable model can be the consent policy; the setting names it.
    settings.WEBHOOK_CONSENT_MODEL = "home.StandardPage"
    subscription = WebhookSubscription.objects.create(
        name="Front end", target_url=webhook_receiver.url, events=["consent.policy_published"]
    )
    revision = draft_page.get_latest_revision()
    revision.publish()
    deliver_due_webhooks()
    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == "consent.policy_published"
    assert payload["model"] == "home.StandardPage"
    assert payload["object_id"] == draft_page.pk
    assert payload["revision_id"] == revision.pk
    assert payload["api_url"] == "http://localhost/api/v2/consent/"


def test_non_http_target_is_refused(db):
    from django.core.exceptions import ValidationError

    sub = WebhookSubscription(name="x", target_url="ftp://example.org/in", events=[PAGE_PUBLISHED])
    with pytest.raises(ValidationError) as error:
        sub.full_clean()
    assert "target_url" in error.value.message_dict


def test_deliver_webhooks_command_reports_progress(subscription, draft_page, capsys):
    draft_page.get_latest_revision().publish()
    call_command("deliver_webhooks")
    out = capsys.readouterr().out
    assert "page.published" in out and "Delivered" in out
    assert "1 deliveries attempted." in out


def test_readme_verification_code_verifies_a_real_delivery(
    subscription, draft_page, webhook_receiver
):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own README, to keep it honest
    verify_alliance_webhook = namespace["verify_alliance_webhook"]

    draft_page.get_latest_revision().publish()
    deliver_due_webhooks()
    [(headers, body)] = webhook_receiver.requests
    assert verify_alliance_webhook(subscription.secret, headers, body)
    assert not verify_alliance_webhook(subscription.secret, headers, body + b" ")


def test_worker_is_asked_to_deliver_as_soon_as_the_publish_commits(
    subscription, draft_page, webhook_receiver, django_capture_on_commit_callbacks
):
    # The test settings run tasks inline, as the worker would run them.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draft_page.get_latest_revision().publish()
        assert webhook_receiver.requests == []
    for callback in callbacks:
        callback()
    [payload] = received(webhook_receiver, subscription.secret)
    assert payload["type"] == PAGE_PUBLISHED


def test_worker_periodic_job_reports_how_many_it_sent(subscription, draft_page, webhook_receiver):
    draft_page.get_latest_revision().publish()
    assert deliver_due_job() == 1
    assert deliver_due_job() == 0
    assert len(received(webhook_receiver, subscription.secret)) == 1
