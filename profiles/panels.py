"""The member editor's dashboard panel: their actions, latest update, and which are due one."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from profiles.reporting import editor_actions, quarter_name


class MemberActionsPanel(Component):
    name = "member_actions"
    template_name = "profiles/admin/member_actions_panel.html"
    order = 50  # first thing a member editor sees: what needs doing

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["members"] = self.rows
        context["quarter"] = quarter_name(timezone.localdate())
        return context


def member_actions_panel(user):
    """The panel, or None for users who edit no member's pages."""
    rows = editor_actions(user)
    return MemberActionsPanel(rows) if rows else None
