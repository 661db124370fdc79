"""The admin's page listings, drawn at a cost that does not grow with the alliance (10,000
members, each with its own editors).

Wagtail's page views come from a page viewset; this one replaces its default for every page
type (registered after Wagtail's own, `register_admin_viewset` in wagtail_hooks.py), with
the same views except the listing and the privacy dialog (which offers the roles, not a
group per member: profiles/users_admin.py):

- No "Sort menu order" where the children cannot be reordered (the directory, whose members
  the site lists by name: MemberDirectoryPage.permissions_for_user). Sorting by menu order
  turns pagination off so every row can be dragged: 10,000 members drawn on one page took
  30-50 s and 54 MB of HTML, longer than the server waits for a request.
- The "Owner" and "Edited by" filters offer the staff (everyone outside the member editors'
  group) and the person looking, not every member editor who ever saved a page: with an
  editor for each of 10,000 members that was 10,000 checkboxes, 1.5 MB and over a second on
  every listing. A member's own pages are found by opening that member.

Two of Wagtail's reports get the same treatment in profiles/admin_reports.py.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import (
    EditedByFilter,
    ExplorableIndexView,
    GenericPageFilterSet,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry

from profiles.roles import BASE_GROUP_NAME
from profiles.users_admin import RoleGroupsPrivacyView


def staff_and_me(request, user_ids):
    """The users among `user_ids` (a queryset of ids) who are not member editors, and the
    person asking."""
    User = get_user_model()
    member_editors = User.objects.filter(groups__name=BASE_GROUP_NAME).values("pk")
    return User.objects.filter(pk__in=user_ids).filter(
        ~Q(pk__in=member_editors) | Q(pk=request.user.pk)
    )


def page_owners(request):
    return staff_and_me(request, Page.objects.order_by().values("owner_id").distinct())


def page_editors(request):
    edits = PageLogEntry.objects.filter(action="wagtail.edit").order_by()
    return staff_and_me(request, edits.values("user_id").distinct())


class SitePageFilterSet(GenericPageFilterSet):
    owner = MultipleUserFilter(label="Owner", queryset=page_owners, widget=CheckboxSelectMultiple)
    edited_by = EditedByFilter(
        label="Edited by", queryset=page_editors, widget=CheckboxSelectMultiple
    )


class SitePageIndexView(ExplorableIndexView):
    base_filterset_class = SitePageFilterSet

    def get_valid_orderings(self):
        orderings = super().get_valid_orderings()
        if not self.permissions.can_reorder_children():
            orderings = [o for o in orderings if o.lstrip("-") != self.sort_order_field]
        return orderings


class SitePageViewSet(PageViewSet):
    index_view_class = SitePageIndexView
    filterset_class = SitePageFilterSet
    # Offers the roles, not a group per member (profiles/users_admin.py).
    set_privacy_view_class = RoleGroupsPrivacyView


site_page_viewset = SitePageViewSet()
