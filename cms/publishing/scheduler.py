"""
Publish what is due and unpublish what has expired: the job behind "scheduling without cron".

It does what Wagtail's `publish_scheduled` command does, through the same model methods
(so Wagtail's PublishRevisionAction / UnpublishAction write the audit log entries
`wagtail.publish.scheduled` and `wagtail.unpublish.scheduled` and send the usual signals),
but one item per transaction with a row lock, so that several workers running at once never
publish the same revision twice, and one broken item never stops the others.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)


def draft_state_models():
    """Page plus every concrete snippet model that can be published and expired."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin)
        and not issubclass(model, Page)
        and not model._meta.proxy
    ]


def _publish_revision(revision_id, now):
    with transaction.atomic():
        # skip_locked: another worker holds this revision and is publishing it. The filter is
        # re-checked under the lock: once published, approved_go_live_at is cleared. On SQLite
        # select_for_update is a no-op; the IMMEDIATE transaction serialises writers instead.
        revision = (
            Revision.objects.select_for_update(skip_locked=True)
            .filter(pk=revision_id, approved_go_live_at__lte=now)
            .first()
        )
        if revision is None:
            return 0
        revision.publish(log_action="wagtail.publish.scheduled")
        logger.info("Published scheduled revision %s of %s", revision.pk, revision.object_str)
        return 1


def _unpublish_expired(model, pk, now):
    with transaction.atomic():
        obj = (
            model._default_manager.select_for_update(skip_locked=True)
            .filter(pk=pk, live=True, expire_at__lte=now)
            .first()
        )
        if obj is None:
            return 0
        if isinstance(obj, Page):
            obj = obj.specific
        obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        logger.info("Unpublished expired %s %s", model._meta.verbose_name, obj)
        return 1


def _run_one(func, *args):
    try:
        return func(*args)
    except Exception:
        # One broken page must not hold up everything else; it is retried on the next pass.
        logger.exception("Scheduled publishing failed for %s%r", func.__name__, args[:-1])
        return 0


def publish_due(now=None):
    """
    Publish every revision whose go-live time has passed and unpublish every live page or
    snippet whose expiry time has passed, however long ago (catch-up after downtime).

    Returns how many items were published or unpublished by this call.
    """
    now = now or timezone.now()
    done = 0
    # Publish first, then expire: an item whose go-live and expiry both passed while the
    # worker was down ends up expired in this same pass rather than live until the next.
    due_revisions = (
        Revision.objects.filter(approved_go_live_at__lte=now)
        .order_by("approved_go_live_at", "pk")
        .values_list("pk", flat=True)
    )
    for revision_id in list(due_revisions):
        done += _run_one(_publish_revision, revision_id, now)
    for model in draft_state_models():
        expired = (
            model._default_manager.filter(live=True, expire_at__lte=now)
            .order_by("expire_at", "pk")
            .values_list("pk", flat=True)
        )
        for pk in list(expired):
            done += _run_one(_unpublish_expired, model, pk, now)
    return done
