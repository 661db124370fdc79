"""A member organisation's public profile: who it is, where it works, its action plan."""

from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from profiles import dates, known_snippets
from profiles.api_serializers import (
    LocalAllianceListField,
    LogoField,
    OutcomeListField,
    RegionField,
    SnippetListField,
)
from profiles.blocks import RICH_TEXT_FEATURES, ActionPlanStreamBlock
from profiles.models.links import remembered_links
from profiles.models.tree import PAGE_LINK_FIELDS, children, route_to_child

# Members who joined within this many days carry a "New member" badge.
NEW_MEMBER_DAYS = 365


class OrganisationProfilePage(Page):
    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        verbose_name="About the organisation",
        help_text="Who you are and what you do, in a short paragraph or two.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Logo",
        help_text="Optional. Your organisation's logo, shown beside its name.",
    )
    member_since = models.DateField(
        null=True,
        blank=True,
        verbose_name="Member since",
        help_text="The date the organisation joined the alliance.",
    )
    website = models.URLField(
        blank=True,
        verbose_name="Website",
        help_text="Your organisation's own website, starting with https://",
    )
    region = models.ForeignKey(
        "profiles.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="Region",
        help_text="The region where the organisation mainly works.",
    )
    sectors = ParentalManyToManyField(
        "profiles.Sector",
        blank=True,
        related_name="members",
        verbose_name="Sectors",
        help_text="Tick every kind of work the organisation does.",
    )
    local_alliances = ParentalManyToManyField(
        "profiles.LocalAlliancePage",
        blank=True,
        related_name="members",
        verbose_name="Local alliances",
        help_text="The local dementia action alliances the organisation belongs to.",
    )
    outcomes = ParentalManyToManyField(
        "profiles.DeclarationOutcome",
        blank=True,
        related_name="members",
        verbose_name="Outcomes the organisation works towards",
        help_text="Tick the National Dementia Declaration outcomes your work supports.",
    )
    action_plan = StreamField(
        ActionPlanStreamBlock(),
        blank=True,
        verbose_name="Action plan",
        help_text="Answer each action plan question. Answers are numbered in this order.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("logo"),
        FieldPanel("website"),
    ]
    details_panels = [
        FieldPanel("member_since"),
        FieldPanel("region"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("local_alliances", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("outcomes", widget=forms.CheckboxSelectMultiple)],
            heading="National Dementia Declaration",
        ),
    ]
    action_plan_panels = [FieldPanel("action_plan")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="About"),
            ObjectList(details_panels, heading="Details"),
            ObjectList(action_plan_panels, heading="Action plan"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    # Fields the JSON APIs expose; shapes are described in profiles/api_serializers.py.
    # Writable ones can be changed through API v3 with a token.
    @classmethod
    def api_optimise_queryset(cls, queryset):
        """Fetch the one-to-one parts of what `api_fields` show with the profiles themselves
        (the API asks models for this hook; see cms/api.py). The lists come from
        api_prepare(), for the whole API page at once."""
        return queryset.select_related("locale", "logo", "region")

    api_fields = [
        APIField("introduction", writable=True),
        APIField("logo", serializer=LogoField()),
        APIField("member_since", writable=True),
        APIField("is_new_member"),
        APIField("website", writable=True),
        APIField("region", serializer=RegionField()),
        APIField("sectors", serializer=SnippetListField()),
        APIField("local_alliances", serializer=LocalAllianceListField()),
        APIField("outcomes", serializer=OutcomeListField()),
        APIField("action_plan", writable=True),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("action_plan"),
        index.RelatedFields("region", [index.SearchField("name")]),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("region"),
        index.FilterField("member_since"),
    ]

    parent_page_types = ["profiles.MemberDirectoryPage"]
    subpage_types = ["profiles.ActionPage"]

    class Meta:
        verbose_name = "organisation profile"

    @property
    def is_new_member(self):
        if not self.member_since:
            return False
        return (timezone.localdate() - self.member_since).days <= NEW_MEMBER_DAYS

    @property
    def member_since_display(self):
        return dates.format_date(self.member_since)

    def route(self, request, path_components):
        if path_components:
            from profiles.models.action import ActionPage

            routed = route_to_child(self, ActionPage, request, path_components)
            if routed is not None:
                return routed
        return super().route(request, path_components)

    # What the profile's action cards show, and what a link to an action needs. Reading
    # only these halves the cost of compiling the query, which is most of its cost; a card
    # that started showing another field would cost a query per action (the profile's
    # query budget test fails then).
    ACTION_CARD_FIELDS = (
        *PAGE_LINK_FIELDS,
        "description",
        "status",
        "updates",
        "latest_update_date",
        "first_published_at",
        "last_published_at",
    )

    # What a member card shows (includes/member_card.html), and what a link to it needs.
    # The rest (the introduction, the action plan's JSON...) is not read for a list.
    MEMBER_CARD_FIELDS = (*PAGE_LINK_FIELDS, "member_since", "region", "logo")

    @classmethod
    def for_member_cards(cls, queryset):
        """`queryset` with what its member cards show, with_card_sectors() aside."""
        return queryset.select_related("region", "logo").only(*cls.MEMBER_CARD_FIELDS)

    @classmethod
    def with_card_sectors(cls, members):
        """`members` as a list, each with `card_sectors`, its sectors by name: the ids for
        all of them in one query, the sectors from the remembered list
        (profiles/known_snippets.py), rather than a prefetch that builds every sector of
        every card again."""
        members = list(members)
        links = remembered_links(cls, [member.pk for member in members], ("sectors",))
        for member in members:
            member.card_sectors = links[member.pk]["sectors"]
        return members

    def get_actions(self):
        """Live actions in the editor's order (the profile shows no action's outcomes)."""
        from profiles.models.action import ActionPage

        return (
            children(ActionPage, self)
            .live()
            .public()
            .order_by("path")
            .only(*self.ACTION_CARD_FIELDS)
        )

    def get_structured_data(self, request=None):
        """schema.org Organization JSON-LD; base.html embeds it in the page's head."""
        from profiles.structured_data import organisation

        # get_context (which runs first when the page is served) already has the alliances.
        return organisation(self, request, local_alliances=getattr(self, "_live_alliances", None))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        actions = list(self.get_actions())
        # The profile was last updated when it, or any of its actions, last changed.
        stamps = [a.last_updated for a in actions if a.last_updated]
        own = self.last_published_at or self.first_published_at
        if own:
            stamps.append(timezone.localdate(own))
        sectors, self._live_alliances, outcomes = self.linked_snippets()
        context.update(
            actions=actions,
            last_updated=dates.format_date(max(stamps)) if stamps else "",
            sectors=sectors,
            local_alliances=self._live_alliances,
            outcomes=outcomes,
        )
        return context

    def linked_snippets(self):
        """(sectors, live public local alliances, outcomes) the profile links to, each in
        its list's order. Serving the live page, only the ids are read, in one small query
        (profiles/models/links.py; the lists themselves are remembered); a preview keeps
        its unsaved choices in memory, so it asks the relations themselves."""
        if not known_snippets.serving_public_page():
            return (
                list(self.sectors.all()),
                list(self.local_alliances.live().public().order_by("title")),
                list(self.outcomes.select_related("framework")),
            )
        links = remembered_links(type(self), [self.pk])[self.pk]
        return links["sectors"], links["local_alliances"], links["outcomes"]

    @classmethod
    def api_prepare(cls, profiles):
        """Called by API v2 (cms/api.py) with the profiles of a list or detail, before their
        fields are written: their sectors, alliances and outcomes as `api_links`, from the
        remembered lists in one query (profiles/api_serializers.py reads them), rather
        than a prefetch that builds every item of every profile again."""
        profiles = list(profiles)
        links = remembered_links(cls, [profile.pk for profile in profiles])
        for profile in profiles:
            profile.api_links = links[profile.pk]
