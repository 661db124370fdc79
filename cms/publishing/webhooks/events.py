"""Recording webhook events: the payload, and one delivery per interested subscriber."""

from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription


def site_root_url(page=None):
    """The page's site (or the default site) as a base URL, ending in a slash."""
    if page is not None:
        site = page.get_site()
    else:
        site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + "/"


def page_payload(page, revision=None):
    root = site_root_url(page)
    payload = {
        "page_id": page.pk,
        "title": page.title,
        "page_type": page.specific_class._meta.label if page.specific_class else None,
        "url": page.get_full_url(),
        "api_url": urljoin(root, f"api/v2/pages/{page.pk}/"),
        "revision_id": revision.pk if revision else page.live_revision_id,
        "restricted": False,
    }
    # A private page (password, sign-in or group restriction, on it or an ancestor) is
    # not public text: subscribers learn that it changed, never its title or address
    # (the slug is usually the title). They can read it through the API with a token.
    if page.get_view_restrictions().exists():
        payload.update(title=None, url=None, restricted=True)
    return payload


def consent_payload(instance, revision=None):
    payload = {
        "object_id": instance.pk,
        "model": instance._meta.label,
        "title": str(instance),
        "api_url": urljoin(site_root_url(), "api/v2/consent/"),
        "revision_id": revision.pk if revision else getattr(instance, "live_revision_id", None),
    }
    # A new policy version means every visitor is asked again; front ends need to know.
    if isinstance(getattr(instance, "version", None), int):
        payload["version"] = instance.version
    return payload


def record_event(event_type, payload):
    """
    Store the event and queue it for every active subscription that wants it.

    Called from signal receivers inside the publish transaction, so nothing is
    sent here: the worker delivers after commit.
    """
    now = timezone.now()
    event = WebhookEvent(type=event_type, created_at=now)
    event.payload = {
        "event_id": str(event.id),
        "type": event_type,
        **payload,
        "occurred_at": now.isoformat(),
    }
    event.save()
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if s.wants(event_type)
    ]
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, subscription=s, next_attempt_at=now, created_at=now)
        for s in subscriptions
    )
    if subscriptions:
        # Ask the worker to send now rather than at its next periodic pass. Only
        # after commit: before it, the worker could not see the deliveries.
        transaction.on_commit(_enqueue_delivery)
    return event


def _enqueue_delivery():
    from .tasks import deliver_webhooks_task

    deliver_webhooks_task.enqueue()
