"""The admin dashboard panel: what goes live or expires next, and whether the worker runs."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from cms.publishing.scheduler import draft_state_models
from cms.publishing.status import worker_status

LIMIT = 15


def _can_see(user, obj):
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def _scheduled_by(revision_ids, action):
    """Who scheduled each revision, from the audit log; revision id -> user."""
    users = {}
    for log_model in (PageLogEntry, ModelLogEntry):
        entries = (
            log_model.objects.filter(revision_id__in=revision_ids, action=action)
            .select_related("user")
            .order_by("timestamp")
        )
        for entry in entries:
            users[entry.revision_id] = entry.user
    return users


def upcoming_items(user, now=None, limit=LIMIT):
    """Scheduled go-lives and expiries in time order, limited to what `user` may edit."""
    now = now or timezone.now()
    items = []

    revisions = list(
        Revision.objects.filter(approved_go_live_at__gt=now)
        .select_related("user", "content_type")
        .order_by("approved_go_live_at")[: limit * 4]
    )
    schedulers = _scheduled_by([r.pk for r in revisions], "wagtail.publish.schedule")
    for revision in revisions:
        obj = revision.content_object
        if obj is None or not _can_see(user, obj):
            continue
        items.append(
            {
                "kind": "Goes live",
                "title": revision.object_str,
                "type": revision.content_type.name,
                "at": revision.approved_go_live_at,
                "by": schedulers.get(revision.pk) or revision.user,
                "object": obj,
            }
        )

    for model in draft_state_models():
        expiring = model._default_manager.filter(live=True, expire_at__gt=now).order_by(
            "expire_at"
        )[: limit * 4]
        for obj in expiring:
            if isinstance(obj, Page):
                obj = obj.specific_deferred
            if not _can_see(user, obj):
                continue
            publisher = _scheduled_by([obj.live_revision_id], "wagtail.publish").get(
                obj.live_revision_id
            )
            items.append(
                {
                    "kind": "Expires",
                    "title": str(obj),
                    "type": ContentType.objects.get_for_model(obj).name,
                    "at": obj.expire_at,
                    "by": publisher,
                    "object": obj,
                }
            )

    items.sort(key=lambda item: item["at"])
    finder = AdminURLFinder(user)
    for item in items[:limit]:
        item["edit_url"] = finder.get_edit_url(item["object"])
    return items[:limit]


class ScheduledPublishingPanel(Component):
    name = "scheduled_publishing"
    template_name = "publishing/scheduled_panel.html"
    order = 90  # above Wagtail's own panels: missed schedules are urgent

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["items"] = upcoming_items(user)
        context["worker"] = worker_status()
        return context
