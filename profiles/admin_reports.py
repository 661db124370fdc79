"""Two of Wagtail's reports with user filters that do not grow with the alliance.

With an editor for each of 10,000 members, Wagtail's filters listed every one of them:

- Reports -> Site history's "User" filter, everyone who ever logged a change: 10,000
  checkboxes, 1.4 MB and 1.4 s a visit. It offers the staff and the person looking, as the
  page listings' filters do (profiles/admin_listings.py); a member editor's changes are in
  the history of that member's pages.
- Reports -> Workflows' "Requested by", everyone who ever submitted a change for moderation,
  member editors above all: with 6,000 of them the menu made the report 370 KB and half a
  second, and it showed every member editor's username to anyone who may open the report,
  member editors too. It is a text box: part of a username, email address or name.

cms/urls.py routes the reports' addresses here, ahead of Wagtail's own, so every link and
URL name Wagtail uses reaches these views.
"""

import django_filters
from django.db.models import Q
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView

from profiles.admin_listings import staff_and_me


class SiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        return staff_and_me(self.request, super().get_users_queryset().values("pk"))


class SiteHistoryView(LogEntriesView):
    filterset_class = SiteHistoryFilterSet


class WorkflowsFilterSet(WorkflowReportFilterSet):
    requested_by = django_filters.CharFilter(
        label="Requested by",
        method="filter_requested_by",
        help_text="Part of the person's username, email address or name.",
    )

    def filter_requested_by(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(requested_by__username__icontains=value)
            | Q(requested_by__email__icontains=value)
            | Q(requested_by__first_name__icontains=value)
            | Q(requested_by__last_name__icontains=value)
        )


class WorkflowsView(WorkflowView):
    filterset_class = WorkflowsFilterSet


# Under admin/reports/, with Wagtail's own paths.
urlpatterns = [
    path("site-history/", require_admin_access(SiteHistoryView.as_view())),
    path(
        "site-history/results/",
        require_admin_access(SiteHistoryView.as_view(results_only=True)),
    ),
    path("workflow/", require_admin_access(WorkflowsView.as_view())),
    path(
        "workflow/results/",
        require_admin_access(WorkflowsView.as_view(results_only=True)),
    ),
]
