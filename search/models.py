"""What the site search can find, one row per page, with what its filters need."""

from django.db import models
from wagtail.models import Page


class SearchablePage(models.Model):
    """A live, public organisation profile or action, filed under its organisation.

    Kept in step with publishing by search/searchable.py. Facet counts and filters read
    this small table instead of walking the page tree for every result, so a search
    matching most of the site still counts its facets in one pass.
    """

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # The organisation a result is filed under: itself, or an action's parent.
    member_id = models.IntegerField(db_index=True)
    # The organisation's region, copied here so counting by region needs no join.
    region_id = models.IntegerField(null=True, blank=True)
    # An action's own status ("" = none given); NULL for an organisation.
    status = models.CharField(max_length=30, null=True, blank=True)
    # On an organisation's row: the statuses of its live actions, as "|planned|completed|",
    # so the status filter can keep organisations with an action in that status.
    member_statuses = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "searchable page"

    def __str__(self):
        return f"Page {self.page_id} (organisation {self.member_id})"
