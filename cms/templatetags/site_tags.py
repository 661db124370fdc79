"""
Template tags for every public page: metadata (description, canonical link, Open Graph,
JSON-LD) and the house date format. Load with `{% load site_tags %}`.

For pagination links keep using Django's built-in `{% querystring page=n %}` (Django 5.1+),
which keeps the filters already in the address; includes/pagination.html shows how.
"""

import datetime
import json

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

DESCRIPTION_LENGTH = 160  # what search engines show before cutting the text off

# Fields tried, in order, when a page has no search_description of its own.
DESCRIPTION_FIELDS = ("introduction", "summary", "intro", "lead")
# StreamFields searched for the first piece of text.
DESCRIPTION_STREAMS = ("body", "content", "updates", "action_plan")


def _plain(text):
    return " ".join(strip_tags(str(text)).split())


def _first_stream_text(stream):
    for block in stream:
        if "heading" in block.block_type:
            continue  # a heading names a section; it does not describe the page
        value = block.value
        source = getattr(value, "source", None)  # RichText
        if source is None and isinstance(value, str):
            source = value
        if source is None and hasattr(value, "get"):
            for key in ("body", "text", "answer", "paragraph"):
                inner = value.get(key)
                if inner:
                    source = getattr(inner, "source", inner)
                    break
        text = _plain(source) if source else ""
        # Headings are too short to describe a page; look for a sentence.
        if len(text.split()) >= 5:
            return text
    return ""


def derive_description(page):
    """
    search_description, else the introduction, else the first paragraph of the body, else
    the page type's own `default_description` (a class attribute, for listing pages whose
    introduction is optional), else the title: every page gets a description.
    """
    if page is None:
        return ""
    specific = getattr(page, "specific", page)
    text = _plain(getattr(page, "search_description", "") or "")
    for name in DESCRIPTION_FIELDS:
        if text:
            break
        text = _plain(getattr(specific, name, "") or "")
    for name in DESCRIPTION_STREAMS:
        if text:
            break
        stream = getattr(specific, name, None)
        text = _first_stream_text(stream) if stream else ""
    if not text:
        text = _plain(getattr(specific, "default_description", "") or "")
    if not text:
        text = _plain(getattr(page, "title", "") or "")
    return Truncator(text).chars(DESCRIPTION_LENGTH, truncate="…")


@register.simple_tag(takes_context=True)
def page_meta_description(context, page=None):
    """The page's meta description as plain text (empty only outside a page)."""
    page = page if page is not None else context.get("page")
    return derive_description(page)


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    """The absolute address of this page without any query string."""
    page = page if page is not None else context.get("page")
    request = context.get("request")
    if page is not None and getattr(page, "pk", None):
        url = page.get_full_url(request=request)
        if url:
            return url
    if request is not None:
        return request.build_absolute_uri(request.path)
    return ""


@register.simple_tag(takes_context=True)
def site_name(context):
    """The Wagtail site's name, or the configured default (error pages have no request)."""
    request = context.get("request")
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site and site.site_name:
            return site.site_name
    return getattr(settings, "WAGTAIL_SITE_NAME", "")


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, page=None, title=None, description=None, url=None, site_title=None):
    """Open Graph tags, so a shared link shows the page's own title and summary. Whatever
    is not given is worked out as the other tags do (base.html passes what it already has)."""
    page = page if page is not None else context.get("page")
    if title is None:
        title = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else ""
    if description is None:
        description = derive_description(page)
    return {
        "og_title": title,
        "og_description": description,
        "og_url": url if url is not None else canonical_url(context, page),
        "og_site_name": site_title if site_title is not None else site_name(context),
    }


@register.filter
def long_date(value):
    """A date written out in words, the house style: "24 September 2020"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, datetime.date):
        return value
    return f"{value.day} {value.strftime('%B')} {value.year}"


@register.simple_tag
def json_ld(data):
    """
    A schema.org object as a <script type="application/ld+json">, safe to embed.

    `<`, `>` and `&` are escaped as JSON unicode escapes, so text typed by an editor can never
    close the script element early.
    """
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_structured_data(context, page=None):
    """
    JSON-LD for pages that describe something: a page model opts in by defining
    `get_structured_data(request)` returning a dict (OrganisationProfilePage returns an
    Organization). base.html calls this in its structured_data block.
    """
    page = page if page is not None else context.get("page")
    method = getattr(getattr(page, "specific", page), "get_structured_data", None)
    if not callable(method):
        return ""
    return json_ld(method(context.get("request")))


@register.filter
def breadcrumb_ancestors(page):
    """`page.get_ancestors()` below the tree root (home page first), for breadcrumbs.

    Serving a page, Wagtail's routing walks down from the home page and leaves each page's
    parent on it (`_cached_parent_obj`, what treebeard's get_parent() reads), so the trail
    is known without a query; anywhere else (previews, pages not reached by routing) it
    is read from the database as before.
    """
    trail = []
    node = page
    while node.depth > 2:
        parent = getattr(node, "_cached_parent_obj", None)
        if parent is None or parent.depth != node.depth - 1:
            return list(page.get_ancestors())[1:]
        trail.append(parent)
        node = parent
    return trail[::-1]
