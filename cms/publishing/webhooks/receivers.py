"""Turn Wagtail's publish signals into webhook events."""

from django.conf import settings
from wagtail.signals import page_published, page_unpublished, published

from . import models as m
from .events import page_payload, record_event, snippet_payload

SCHEDULED_PUBLISH_LOG_ACTION = "wagtail.publish.scheduled"


def on_page_published(sender, instance, revision=None, **kwargs):
    # Wagtail also sends page_published when a never-published page is merely
    # scheduled (it stays not live); that is not a publication yet.
    if not instance.live:
        return
    # A scheduled revision still carries approved_go_live_at in memory while the
    # scheduler publishes it (Wagtail clears it in the database just before).
    scheduled = revision is not None and revision.approved_go_live_at is not None
    event_type = m.PAGE_SCHEDULED_PUBLISH if scheduled else m.PAGE_PUBLISHED
    record_event(event_type, page_payload(instance, revision))


def on_page_unpublished(sender, instance, **kwargs):
    event_type = m.PAGE_EXPIRED if instance.expired else m.PAGE_UNPUBLISHED
    record_event(event_type, page_payload(instance))


def on_object_published(sender, instance, revision=None, **kwargs):
    # Generic so cms.publishing never imports the consent app: the model is named
    # by a setting.
    label = getattr(settings, "WEBHOOK_CONSENT_MODEL", "consent.ConsentPolicy")
    if sender._meta.label_lower == label.lower():
        record_event(m.CONSENT_POLICY_PUBLISHED, snippet_payload(instance, revision))


def connect():
    page_published.connect(on_page_published, dispatch_uid="webhooks.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="webhooks.page_unpublished")
    published.connect(on_object_published, dispatch_uid="webhooks.object_published")
