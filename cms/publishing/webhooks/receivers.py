"""
Turn Wagtail's publish signals into webhook events.

We listen to the generic `published` / `unpublished` signals, which every
publish action sends for pages and snippets alike (`page_published` is sent only
by the page-specific actions, and a scheduler may use the generic ones).
"""

from django.conf import settings
from wagtail.models import Page
from wagtail.signals import published, unpublished

from . import models as m
from .events import consent_payload, page_payload, record_event


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


def is_consent_model(model):
    # Named by a setting so cms.publishing never imports the consent app.
    label = getattr(settings, "WEBHOOK_CONSENT_MODEL", "consent.ConsentPolicy")
    return model._meta.label_lower == label.lower()


def on_published(sender, instance, revision=None, **kwargs):
    if is_consent_model(type(instance)):
        record_event(m.CONSENT_POLICY_PUBLISHED, consent_payload(instance, revision))
    elif isinstance(instance, Page):
        on_page_published(sender, instance, revision=revision)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, Page):
        on_page_unpublished(sender, instance)


def connect():
    published.connect(on_published, dispatch_uid="webhooks.published")
    unpublished.connect(on_unpublished, dispatch_uid="webhooks.unpublished")
