"""The member directory at /members/: every live profile, filterable and paged."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from profiles.blocks import RICH_TEXT_FEATURES
from profiles.filters import DirectoryFilters, InvalidFilter
from profiles.models.tree import route_to_child

MEMBERS_PER_PAGE = 20


class DirectoryPermissionTester(PagePermissionTester):
    def can_reorder_children(self):
        # The site lists members by name, so a hand-made order would show nowhere; and
        # sorting by hand draws every member on one admin page (profiles/admin_listings.py).
        return False


class MemberDirectoryPage(Page):
    # The meta description when the editor leaves the introduction empty.
    default_description = (
        "Every member organisation of the alliance: where it works, its sectors and local "
        "alliances, and the actions it has pledged."
    )
    introduction = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        verbose_name="Introduction",
        help_text="A sentence or two shown above the list of members.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [APIField("introduction", writable=True)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["profiles.OrganisationProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = "member directory"

    def get_members(self, filters):
        from profiles.models.profile import OrganisationProfilePage

        members = OrganisationProfilePage.objects.child_of(self).live().public()
        return OrganisationProfilePage.for_member_cards(filters.apply(members)).order_by("title")

    def count_members(self, filters, members):
        """How many members the list holds. Unfiltered, said on the page table alone (live
        pages of the member type under the directory), which its index answers without
        reading the members' own table (profiles/migrations/0006): same number."""
        if filters.active:
            return members.count()
        from profiles.models.profile import OrganisationProfilePage

        member_type = ContentType.objects.get_for_model(OrganisationProfilePage)
        return (
            Page.objects.child_of(self)
            .live()
            .public()
            # "+ 0" keeps SQLite (no statistics) off the content-type index, which would
            # make it look up all 10,000 pages; the directory's own index covers it all.
            .alias(content_type_number=F("content_type_id") + 0)
            .filter(content_type_number=member_type.pk)
            .count()
        )

    def permissions_for_user(self, user):
        return DirectoryPermissionTester(user, self)

    def route(self, request, path_components):
        if path_components:
            from profiles.models.profile import OrganisationProfilePage

            routed = route_to_child(
                self,
                OrganisationProfilePage,
                request,
                path_components,
                # The profile shows both (and its JSON-LD reads both first).
                select_related=("region", "logo"),
            )
            if routed is not None:
                return routed
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        try:
            filters = DirectoryFilters.from_querydict(request.GET)
        except InvalidFilter as error:
            # A hand-edited address: say what is wrong instead of failing.
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        request.directory_filters = filters
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from profiles.models.profile import OrganisationProfilePage

        context = super().get_context(request, *args, **kwargs)
        filters = getattr(request, "directory_filters", None) or DirectoryFilters()
        members = self.get_members(filters)
        paginator = CountedPaginator(
            members, MEMBERS_PER_PAGE, count=lambda: self.count_members(filters, members)
        )
        page_obj = paginator.get_page(filters.page)
        context.update(
            filters=filters,
            filter_options=filters.options(),
            paginator=paginator,
            page_obj=page_obj,
            members=OrganisationProfilePage.with_card_sectors(page_obj.object_list),
            filter_querystring=filters.querystring(),
        )
        return context


class CountedPaginator(Paginator):
    """Django's Paginator, told how to count its list by a cheaper query."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count()
