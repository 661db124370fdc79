"""Webhook subscriptions, the events recorded on publish, and their deliveries."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_SCHEDULED_PUBLISH = "page.scheduled_publish"
PAGE_EXPIRED = "page.expired"
CONSENT_POLICY_PUBLISHED = "consent.policy_published"

EVENT_CHOICES = [
    (PAGE_PUBLISHED, "Page published"),
    (PAGE_UNPUBLISHED, "Page unpublished"),
    (PAGE_SCHEDULED_PUBLISH, "Page published on schedule"),
    (PAGE_EXPIRED, "Page expired"),
    (CONSENT_POLICY_PUBLISHED, "Consent policy published"),
]


def generate_secret():
    return secrets.token_urlsafe(32)


def validate_http_url(value):
    # Subscribers are told about changes over HTTP(S) only: other schemes
    # (file:, ftp:, gopher:...) could make the worker read local resources.
    scheme = value.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise ValidationError("Enter an http:// or https:// address.", code="scheme")


class WebhookSubscription(models.Model):
    name = models.CharField(
        max_length=255, help_text="Who receives these notifications, e.g. 'Partner app'."
    )
    target_url = models.URLField(
        "target URL",
        max_length=500,
        validators=[validate_http_url],
        help_text="The http:// or https:// address that receives a JSON POST for each event.",
    )
    secret = models.CharField(
        max_length=128,
        default=generate_secret,
        help_text="Shared secret used to sign each request (HMAC-SHA256). Generated for you.",
    )
    events = models.JSONField(
        default=list,
        help_text="Which events to send to this address.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop sending new events without deleting."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook subscription"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def masked_secret(self):
        return "•" * 8 + self.secret[-4:]

    def wants(self, event_type):
        return self.active and event_type in (self.events or [])

    def get_events_display(self):
        labels = dict(EVENT_CHOICES)
        return ", ".join(labels.get(e, e) for e in self.events or []) or "-"


class WebhookEvent(models.Model):
    """One thing that happened, recorded in the same transaction as the change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=64, choices=EVENT_CHOICES)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "webhook event"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.payload.get('title', '')}".strip()


class WebhookDelivery(models.Model):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    RETRYING = "retrying"
    GAVE_UP = "gave_up"
    STATUS_CHOICES = [
        (PENDING, "Pending"),
        (SENDING, "Sending"),
        (DELIVERED, "Delivered"),
        (RETRYING, "Failed, retrying"),
        (GAVE_UP, "Gave up"),
    ]

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # For SENDING this is the end of the claim: a worker that died mid-send
    # releases the delivery when it passes.
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField("last response time (ms)", null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event.type} → {self.subscription}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error or '-'}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
