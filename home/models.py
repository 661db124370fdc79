from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import StandardStreamBlock

INTRODUCTION_FEATURES = ["bold", "link", "ol", "ul"]


class HomePage(Page):
    """The site's front page: an introduction, then what members have been doing."""

    introduction = RichTextField(
        blank=True,
        features=INTRODUCTION_FEATURES,
        verbose_name="Introduction",
        help_text="A short welcome shown at the top of the home page. Two or three sentences.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [APIField("introduction", writable=True)]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "profiles.MemberDirectoryPage",
        "profiles.LocalAllianceIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Home page"

    # How many recent progress updates the home page lists.
    LATEST_UPDATES = 6

    def route(self, request, path_components):
        # Wagtail reads the child as a plain page, then again as its own type; with the
        # type remembered (profiles/models/tree.py) it is read once, as that type.
        if path_components:
            from profiles.models.tree import (
                remembered_child_model,
                remembered_section,
                route_to_child,
            )

            if len(path_components) > 1:
                # On the way to a page further down, the section itself is remembered.
                section = remembered_section(self, path_components[0])
                if section is not None:
                    section._cached_parent_obj = self
                    return section.route(request, path_components[1:])
            model = remembered_child_model(self, path_components[0])
            if model is not None:
                routed = route_to_child(self, model, request, path_components)
                if routed is not None:
                    return routed
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from profiles.home import home_page_summary

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_summary(limit=self.LATEST_UPDATES))
        return context


class StandardPage(Page):
    """A plain content page, such as the cookie policy or 'About the alliance'."""

    introduction = models.TextField(
        blank=True,
        verbose_name="Summary",
        help_text="One or two sentences shown under the title and in search results.",
    )
    body = StreamField(
        StandardStreamBlock(),
        blank=True,
        verbose_name="Page content",
        help_text="The main text of the page, made of headings and paragraphs.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction", writable=True), APIField("body", writable=True)]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "Standard page"
