"""The dashboard's "Awaiting your review" when the queue is long.

Wagtail's panel lists every task waiting for the moderator, each with its workflow's tasks
and actions worked out one by one: with 300 changes waiting (a quarter's updates from a few
hundred of the alliance's 10,000 members) the dashboard took 0.9 s and 325 queries, and it
grows with the queue. Up to REVIEW_PANEL_LIMIT waiting, Wagtail's panel is shown as it is;
beyond, this one: how many are waiting, the newest few with links to review them, and the
workflow tasks report, which pages through them all.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

WAGTAILS_PANEL = "workflow_objects_to_moderate"


class LongReviewQueuePanel(Component):
    name = WAGTAILS_PANEL
    template_name = "publishing/review_queue_panel.html"
    order = 220  # where Wagtail's panel stands

    def __init__(self, waiting, newest):
        self.waiting = waiting
        self.newest = newest

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        finder = AdminURLFinder(parent_context["request"].user)
        context["waiting"] = self.waiting
        context["items"] = [
            {
                "object": state.revision.content_object,
                "edit_url": finder.get_edit_url(state.revision.content_object),
                "submitted_by": state.workflow_state.requested_by,
                "started_at": state.started_at,
                "task": state.task.name,
            }
            for state in self.newest
            if state.revision.content_object is not None
        ]
        context["report_url"] = reverse("wagtailadmin_reports:workflow_tasks")
        return context


def shorten_long_review_queue(request, panels):
    """construct_homepage_panels: swap Wagtail's panel for the short one when the queue is
    longer than REVIEW_PANEL_LIMIT."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return
    states = TaskState.objects.reviewable_by(request.user)
    waiting = states.count()
    if waiting <= settings.REVIEW_PANEL_LIMIT:
        return
    newest = list(
        states.select_related("revision", "task", "workflow_state__requested_by").order_by(
            "-started_at"
        )[: settings.REVIEW_PANEL_LIMIT]
    )
    panels[:] = [
        LongReviewQueuePanel(waiting, newest) if panel.name == WAGTAILS_PANEL else panel
        for panel in panels
    ]
