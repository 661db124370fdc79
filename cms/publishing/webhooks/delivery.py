"""
Deliver recorded webhook events.

`deliver_due_webhooks()` is one pass: the worker calls it periodically, and
`manage.py deliver_webhooks` runs it by hand. It must run outside any
transaction: each claim commits before the HTTP request, so a slow subscriber
never holds a lock, and two workers never send the same delivery.
"""

import json
import logging
import time
from datetime import timedelta

import requests
from django.db import transaction
from django.utils import timezone

from .models import DeliveryAttempt, WebhookDelivery
from .signing import sign

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
# Keep retrying for at least this long after the first attempt.
RETRY_FOR = timedelta(hours=24)
# How long a claimed delivery stays ours; longer than any request can take.
CLAIM_FOR = timedelta(minutes=5)
TIMEOUT = (3.05, 10)  # connect, read (seconds)
USER_AGENT = "AllianceCMS-Webhooks/1.0"


def backoff(attempts):
    """Delay before the next try after `attempts` failed tries: 30 s doubling, capped at 1 h."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


# Waiting deliveries, plus claims whose worker died (their claim has run out).
DUE_STATUSES = [WebhookDelivery.PENDING, WebhookDelivery.RETRYING, WebhookDelivery.SENDING]


def claim_due(now, limit):
    """Claim up to `limit` due deliveries; each claim is committed on return."""
    claimed = []
    with transaction.atomic():
        candidates = list(
            WebhookDelivery.objects.filter(status__in=DUE_STATUSES, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", "status", "next_attempt_at")[:limit]
        )
        for pk, status, next_attempt_at in candidates:
            # Compare-and-set: only one worker's update matches the old state,
            # which also protects SQLite where select_for_update is a no-op.
            won = WebhookDelivery.objects.filter(
                pk=pk, status=status, next_attempt_at=next_attempt_at
            ).update(status=WebhookDelivery.SENDING, next_attempt_at=now + CLAIM_FOR)
            if won:
                claimed.append(pk)
    return claimed


def build_request(delivery, timestamp=None):
    event = delivery.event
    body = json.dumps(event.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = timestamp or str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Alliance-Event": event.type,
        "X-Alliance-Event-Id": str(event.id),
        "X-Alliance-Delivery": str(delivery.pk),
        "X-Alliance-Timestamp": timestamp,
        "X-Alliance-Signature": sign(delivery.subscription.secret, timestamp, body),
    }
    return body, headers


def send(delivery, now):
    """POST one claimed delivery and record the outcome."""
    body, headers = build_request(delivery)
    status_code = None
    error = ""
    started = time.monotonic()
    try:
        # No redirects: a subscriber must name its real address, and following
        # one could send signed content somewhere the admin never approved.
        response = requests.post(
            delivery.subscription.target_url,
            data=body,
            headers=headers,
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:200]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    elapsed_ms = int((time.monotonic() - started) * 1000)

    ok = status_code is not None and 200 <= status_code < 300
    attempts = delivery.attempts + 1
    first_attempt_at = delivery.first_attempt_at or now
    fields = {
        "attempts": attempts,
        "first_attempt_at": first_attempt_at,
        "last_status_code": status_code,
        "last_response_ms": elapsed_ms,
        "last_error": error,
    }
    if ok:
        fields.update(status=WebhookDelivery.DELIVERED, delivered_at=timezone.now())
    elif now - first_attempt_at >= RETRY_FOR:
        fields.update(status=WebhookDelivery.GAVE_UP)
    else:
        fields.update(status=WebhookDelivery.RETRYING, next_attempt_at=now + backoff(attempts))
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            attempted_at=now,
            status_code=status_code,
            response_ms=elapsed_ms,
            error=error,
        )
        # Only while our claim holds: never overwrite a DELIVERED set by anyone else.
        WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.SENDING).update(
            **fields
        )
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery


def deliver_due_webhooks(now=None, limit=100, progress=None):
    """
    Send every due delivery once. Returns the deliveries attempted.

    `now` lets tests (and catch-up runs) move time forward; `progress` is called
    with each delivery after its attempt.
    """
    now = now or timezone.now()
    done = []
    for pk in claim_due(now, limit):
        delivery = WebhookDelivery.objects.select_related("event", "subscription").get(pk=pk)
        send(delivery, now)
        done.append(delivery)
        if progress:
            progress(delivery)
    return done


def resend(delivery):
    """Queue the same event for the same subscriber again, as a new delivery."""
    from .tasks import deliver_webhooks_task

    new = WebhookDelivery.objects.create(
        event=delivery.event, subscription=delivery.subscription, next_attempt_at=timezone.now()
    )
    transaction.on_commit(deliver_webhooks_task.enqueue)
    return new


def deliver_due_job():
    """Entry for the worker's WORKER_PERIODIC_JOBS: one pass, returning how many were sent."""
    return len(deliver_due_webhooks())
