"""An action a member has pledged, with its running log of progress updates."""

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from profiles import dates
from profiles.api_serializers import OutcomeListField, StatusField
from profiles.blocks import RICH_TEXT_FEATURES, UpdateStreamBlock
from profiles.models.links import remembered_links
from profiles.status import ActionStatus

# An action whose newest update is older than this shows a notice to visitors.
STALE_AFTER = datetime.timedelta(days=365)


class ActionPage(Page):
    description = RichTextField(
        features=RICH_TEXT_FEATURES,
        verbose_name="What the action is",
        help_text="Describe what you plan to do and why, in a few sentences.",
    )
    status = models.CharField(
        max_length=30,
        choices=ActionStatus.choices,
        blank=True,
        default=ActionStatus.NONE_GIVEN,
        verbose_name="Status",
        help_text="How far the action has got. Leave as 'None given' if you are not sure.",
    )
    outcomes = ParentalManyToManyField(
        "profiles.DeclarationOutcome",
        blank=True,
        related_name="actions",
        verbose_name="Outcomes this action works towards",
        help_text="Tick the National Dementia Declaration outcomes this action supports.",
    )
    updates = StreamField(
        UpdateStreamBlock(),
        blank=True,
        verbose_name="Progress updates",
        help_text=(
            "Add an update each time there is news. Visitors see the newest first, "
            "whatever order you add them in."
        ),
    )
    # Computed on save from `updates`, so lists and the home page can sort and flag
    # stale actions with a plain database query instead of parsing every StreamField.
    latest_update_date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The date of the newest update (a quarter counts as its last day).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("outcomes", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Status and outcomes",
        ),
        FieldPanel("updates"),
    ]

    # Fields the JSON APIs expose; shapes are described in profiles/api_serializers.py.
    # Writable ones can be changed through API v3 with a token.
    api_fields = [
        APIField("description", writable=True),
        APIField("status", serializer=StatusField()),
        APIField("outcomes", serializer=OutcomeListField()),
        APIField("updates", writable=True),
        APIField("latest_update_date"),
    ]

    @classmethod
    def api_optimise_queryset(cls, queryset):
        """The locale fetched with the actions (see cms/api.py); outcomes from api_prepare()."""
        return queryset.select_related("locale")

    @classmethod
    def api_prepare(cls, actions):
        """Called by API v2 (cms/api.py) with the actions of a list or detail: their
        outcomes from the remembered list, the ids of all of them in one query
        (profiles/models/links.py), as a profile's are, instead of a query per action."""
        actions = list(actions)
        links = remembered_links(cls, [action.pk for action in actions], ("outcomes",))
        for action in actions:
            action.api_links = links[action.pk]

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("updates"),
        index.FilterField("status"),
        index.FilterField("latest_update_date"),
    ]

    parent_page_types = ["profiles.OrganisationProfilePage"]
    subpage_types = []

    class Meta:
        verbose_name = "action"
        indexes = [
            # The directory's and the API's ?status= filter reads the actions in one
            # status from this index alone, instead of every action's row with its updates
            # (profiles/models/tree.py: parent_paths).
            models.Index(fields=["status", "page_ptr"], name="profiles_action_status_idx"),
        ]

    def save(self, *args, **kwargs):
        self.latest_update_date = self.compute_latest_update_date()
        return super().save(*args, **kwargs)

    def compute_latest_update_date(self):
        found = [child.value.sort_date for child in self.updates]
        found = [d for d in found if d]
        return max(found) if found else None

    @property
    def updates_newest_first(self):
        """Updates by date, newest first; equal dates keep the editor's order."""
        children = list(self.updates)
        return sorted(
            children,
            key=lambda child: child.value.sort_date or datetime.date.min,
            reverse=True,
        )

    @property
    def latest_update(self):
        """The newest update (of equal dates, the first given), as `updates_newest_first`
        would put first. The profile's cards and the home page show only this one, so it
        is found from the stored JSON and only it is converted to Python values (each
        conversion builds rich text and choice values: about 0.1 ms an update)."""
        stream = self.updates
        if not stream.is_lazy:
            # Built in Python (an unsaved preview): already converted.
            ordered = self.updates_newest_first
            return ordered[0] if ordered else None
        newest, newest_date = None, None
        for raw in stream.raw_data:
            sort_date = dates.update_sort_date(dates.stored_update(raw["value"]))
            sort_date = sort_date or datetime.date.min
            if newest is None or sort_date > newest_date:
                newest, newest_date = raw, sort_date
        if newest is None:
            return None
        block = stream.stream_block.child_blocks[newest["type"]]
        return StreamValue.StreamChild(block, block.to_python(newest["value"]), id=newest.get("id"))

    @property
    def status_label(self):
        return ActionStatus(self.status).label if self.status in ActionStatus.values else ""

    @property
    def last_updated(self):
        """Newest progress update, else when the page was last published."""
        if self.latest_update_date:
            return self.latest_update_date
        stamp = self.last_published_at or self.first_published_at
        return timezone.localdate(stamp) if stamp else None

    @property
    def last_updated_display(self):
        return dates.format_date(self.last_updated)

    @property
    def is_stale(self):
        """No update for over a year: visitors are told the information may be out of date."""
        last = self.last_updated
        return bool(last) and timezone.localdate() - last > STALE_AFTER
