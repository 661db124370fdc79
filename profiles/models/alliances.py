"""Local dementia action alliances: groups of members in one town or area."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from profiles.api_serializers import MemberListField, RegionField
from profiles.blocks import RICH_TEXT_FEATURES
from profiles.models.tree import children

# Root, home page, member directory, member.
MEMBER_DEPTH = 4


class LocalAllianceIndexPage(Page):
    # The meta description when the editor leaves the introduction empty.
    default_description = (
        "Local dementia action alliances: organisations in one town or area working "
        "together to make it a better place to live with dementia."
    )
    introduction = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        verbose_name="Introduction",
        help_text="Explain what a local alliance is, in two or three sentences.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [APIField("introduction", writable=True)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["profiles.LocalAlliancePage"]
    max_count = 1

    class Meta:
        verbose_name = "local alliance index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        alliances = list(
            children(LocalAlliancePage, self)
            .live()
            .public()
            .select_related("region")
            .order_by("title")
        )
        counts = live_member_counts([alliance.pk for alliance in alliances])
        for alliance in alliances:
            alliance.member_count = counts.get(alliance.pk, 0)
        context["alliances"] = alliances
        return context


def live_member_counts(alliance_ids):
    """{alliance id: how many live members it has}, counted on the membership table alone.

    Every membership is counted, less those of members whose page is not live: the few
    drafts and unpublished members are found from the directory's index of member pages
    (profiles_member_title_idx, migrations 0004-0006), and every member page sits at
    MEMBER_DEPTH (a profile's only parent type is the directory). Looking up whether each
    member is live instead read 6,500 page rows for 10,000 members (SQLite 4.6 ms, this
    way 1.7); an annotation on the alliances grouped the memberships by every alliance
    column (33 ms on SQLite)."""
    from profiles.models.profile import OrganisationProfilePage

    memberships = OrganisationProfilePage.local_alliances.through.objects
    not_live = Page.objects.filter(depth=MEMBER_DEPTH, live=False).values("pk")
    return dict(
        memberships.filter(localalliancepage_id__in=alliance_ids)
        .values("localalliancepage_id")
        .annotate(
            members=models.Count("pk")
            - models.Count("pk", filter=models.Q(organisationprofilepage_id__in=not_live))
        )
        .values_list("localalliancepage_id", "members")
    )


class LocalAlliancePage(Page):
    short_name = models.CharField(
        max_length=40,
        blank=True,
        verbose_name="Short name",
        help_text="Optional abbreviation people know the alliance by, e.g. WHDAA.",
    )
    introduction = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        verbose_name="About the alliance",
        help_text="Where the alliance works and what it does.",
    )
    region = models.ForeignKey(
        "profiles.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_alliances",
        verbose_name="Region",
        help_text="The region the alliance is in.",
    )
    website = models.URLField(
        blank=True,
        verbose_name="Website",
        help_text="Optional. The alliance's own website.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("introduction"),
        FieldPanel("region"),
        FieldPanel("website"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("introduction"),
    ]
    api_fields = [
        APIField("short_name", writable=True),
        APIField("introduction", writable=True),
        APIField("region", serializer=RegionField()),
        APIField("website", writable=True),
        APIField("members", serializer=MemberListField()),
    ]

    @classmethod
    def api_optimise_queryset(cls, queryset):
        """The one-to-one parts of `api_fields` fetched with the alliances (see cms/api.py);
        their members come from api_prepare()."""
        return queryset.select_related("locale", "region")

    @classmethod
    def api_prepare(cls, alliances):
        """Called by API v2 (cms/api.py) with the alliances of a list or detail: the live,
        public members of them all in one query of (id, slug, title), attached as
        `api_links["members"]` (profiles/api_serializers.py reads it), instead of one query
        for each alliance."""
        from profiles.models.profile import OrganisationProfilePage

        alliances = list(alliances)
        members = {alliance.pk: [] for alliance in alliances}
        rows = (
            OrganisationProfilePage.objects.live()
            .public()
            .filter(local_alliances__in=list(members))
            .order_by("title", "pk")
            .values_list("local_alliances", "pk", "slug", "title")
        )
        for alliance_id, *member in rows:
            members[alliance_id].append(tuple(member))
        for alliance in alliances:
            alliance.api_links = {"members": members[alliance.pk]}

    parent_page_types = ["profiles.LocalAllianceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "local alliance"

    @property
    def default_description(self):
        """The meta description when the editor leaves the introduction empty."""
        where = f" in {self.region.name}" if self.region_id else ""
        return f"{self.display_name}: a local dementia action alliance{where}, and its members."

    @property
    def display_name(self):
        """ "Welwyn Hatfield Dementia Action Alliance (WHDAA)", as the old site wrote it."""
        if self.short_name and self.short_name not in self.title:
            return f"{self.title} ({self.short_name})"
        return self.title

    def get_members(self):
        from profiles.models.profile import OrganisationProfilePage

        members = OrganisationProfilePage.objects.live().public().filter(local_alliances=self)
        return OrganisationProfilePage.for_member_cards(members).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from profiles.models.profile import OrganisationProfilePage

        context["members"] = OrganisationProfilePage.with_card_sectors(self.get_members())
        return context
