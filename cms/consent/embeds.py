"""
Rich-text video embeds as click-to-load placeholders.

The real embed HTML sits inside a <template> element, which browsers parse but never
load, so no request reaches the video host until the visitor clicks "Load video" or
accepts the embedded-media category (consent.js then moves it into the page).
"""

from urllib.parse import urlsplit

from django.template.loader import render_to_string
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.rich_text import MediaEmbedHandler

from .state import embed_category


def embed_placeholder_html(url, max_width=None, max_height=None):
    try:
        embed = get_embed(url, max_width, max_height)
    except EmbedException:
        # A broken embed must not break the page.
        return ""
    return render_to_string(
        "consent/embed_placeholder.html",
        {
            "embed": embed,
            "url": url,
            "provider": embed.provider_name or urlsplit(url).hostname or "another website",
            "category": embed_category(),
        },
    )


class ConsentMediaEmbedHandler(MediaEmbedHandler):
    @staticmethod
    def expand_db_attributes(attrs: dict) -> str:
        return embed_placeholder_html(attrs["url"])
