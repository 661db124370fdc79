"""
Purge the frontend cache (CDN / caching proxy) when pages are published,
unpublished or expire.

A change to one page also changes the pages that list it, so the purge covers
the page, its ancestors up to the home page, and site-wide listings (directory,
feed, sitemap). Other apps add URLs with the `alliance_purge_urls` hook
(`fn(page) -> iterable of URLs or site-relative paths`), and anything keeping
its own cache (e.g. a page cache) can listen to the `urls_purged` signal.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from wagtail import hooks
from wagtail.contrib.frontend_cache import signal_handlers as wagtail_handlers
from wagtail.contrib.frontend_cache.utils import _get_page_cached_urls, purge_urls_from_cache
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, published, unpublished

PURGE_URLS_HOOK = "alliance_purge_urls"

#: Sent after commit with `page` and `urls` (the full list that was purged).
urls_purged = Signal()


def _root_url(page):
    site = page.get_site()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + "/"


def urls_to_purge(page):
    """Every URL whose content may change when `page` is (un)published, in order, no repeats."""
    root = _root_url(page)
    urls = list(_get_page_cached_urls(page))
    site = page.get_site()
    ancestors = page.get_ancestors()
    if site:
        ancestors = ancestors.filter(depth__gte=site.root_page.depth)
    for ancestor in reversed(ancestors):
        if ancestor.depth > 1 and (url := ancestor.get_full_url()):
            urls.append(url)
    # Site-wide listings, from settings (cms/settings/base.py).
    for path in settings.ALLIANCE_PURGE_PATHS:
        urls.append(urljoin(root, path.lstrip("/")))
    for hook in hooks.get_hooks(PURGE_URLS_HOOK):
        for url in hook(page) or []:
            urls.append(urljoin(root, url.lstrip("/")) if url.startswith("/") else url)
    return list(dict.fromkeys(urls))


def purge_page(page):
    """Purge after commit: purging earlier lets the CDN re-fetch the old version."""
    urls = urls_to_purge(page)

    def run():
        purge_urls_from_cache(urls)
        urls_purged.send(sender=Page, page=page, urls=urls)

    transaction.on_commit(run)
    return urls


def on_published(sender, instance, **kwargs):
    # Not live: merely scheduled, nothing visible changed yet.
    if isinstance(instance, Page) and instance.live:
        purge_page(instance)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_page(instance)


def connect():
    # Wagtail's own handlers purge only the page itself; ours covers it and more,
    # so drop them rather than purge the page twice. (This app is listed after
    # wagtail.contrib.frontend_cache, so theirs are connected by now.)
    for model in get_page_models():
        page_published.disconnect(wagtail_handlers.page_published_signal_handler, sender=model)
        page_unpublished.disconnect(wagtail_handlers.page_unpublished_signal_handler, sender=model)
    # The generic signals, which every publish action sends for pages (see
    # webhooks/receivers.py).
    published.connect(on_published, dispatch_uid="purge.published")
    unpublished.connect(on_unpublished, dispatch_uid="purge.unpublished")
