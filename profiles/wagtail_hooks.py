"""Admin for the reference lists members pick from, grouped under one menu item."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from profiles import editors_admin
from profiles.admin_listings import site_page_viewset
from profiles.models import (
    ActionPlanQuestion,
    DeclarationOutcome,
    OutcomeFramework,
    Region,
    Sector,
)
from profiles.users_admin import AssignSiteRoleBulkAction


class ReferenceListViewSet(SnippetViewSet):
    # These lists are short and partly created by data migrations, which never reach
    # the search index, so search them with plain database queries instead.
    search_backend_name = None


class RegionViewSet(ReferenceListViewSet):
    model = Region
    icon = "site"
    menu_label = "Regions"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class SectorViewSet(ReferenceListViewSet):
    model = Sector
    icon = "tag"
    menu_label = "Sectors"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class OutcomeFrameworkViewSet(ReferenceListViewSet):
    model = OutcomeFramework
    icon = "list-ol"
    menu_label = "Outcome frameworks"
    list_display = ["name", "year", "slug"]
    search_fields = ["name"]


class DeclarationOutcomeViewSet(ReferenceListViewSet):
    model = DeclarationOutcome
    icon = "list-ol"
    menu_label = "Declaration outcomes"
    list_display = ["number", "text", "framework"]
    list_filter = ["framework"]
    search_fields = ["text"]


class ActionPlanQuestionViewSet(ReferenceListViewSet):
    model = ActionPlanQuestion
    icon = "help"
    menu_label = "Action plan questions"
    list_display = ["text", "sort_order"]
    search_fields = ["text"]


class ProfileListsGroup(SnippetViewSetGroup):
    menu_label = "Member lists"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        RegionViewSet,
        SectorViewSet,
        OutcomeFrameworkViewSet,
        DeclarationOutcomeViewSet,
        ActionPlanQuestionViewSet,
    )


register_snippet(ProfileListsGroup)


@hooks.register("construct_homepage_panels")
def add_member_actions_panel(request, panels):
    from profiles.panels import member_actions_panel

    panel = member_actions_panel(request.user)
    if panel:
        panels.append(panel)


@hooks.register("register_admin_viewset")
def register_site_page_viewset():
    """Wagtail's page views with listings that stay small (profiles/admin_listings.py);
    registered after Wagtail's default page viewset, which it replaces."""
    return site_page_viewset


# --- Editors of a member (profiles/editors_admin.py) ----------------------------------


@hooks.register("register_admin_urls")
def register_member_editors_urls():
    return editors_admin.urlpatterns


@hooks.register("register_page_header_buttons")
def member_editors_header_button(page, user, view_name, next_url=None):
    yield editors_admin.editors_menu_item(page, priority=68)


@hooks.register("register_page_listing_more_buttons")
def member_editors_listing_button(page, user, next_url=None):
    yield editors_admin.editors_menu_item(page, priority=55)


@hooks.register("register_log_actions")
def register_member_editor_log_actions(actions):
    editors_admin.register_actions(actions)


# Wagtail's users app registers its "Assign role" at the default order; this one, of the
# same action type, comes after it and so replaces it (profiles/users_admin.py).
hooks.register("register_bulk_action", AssignSiteRoleBulkAction, order=1)
