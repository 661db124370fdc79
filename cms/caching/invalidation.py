"""
When the page cache goes stale: every publish event, on any page or snippet.

Why a generation counter rather than a list of URLs to delete: a change to one member
shows up on its own page, its actions, its parent directory (every combination of filters
and every page number), the local alliances it belongs to, the home page's latest updates,
search results, the feed, the sitemap and the API. Enumerating those URLs (as the CDN purge
in cms/publishing/purge.py must, because a CDN can only forget URLs) misses some sooner or
later; bumping one counter cannot. Publishing is rare next to reading, so re-rendering every
page once after a publish costs little. The CDN purge (which must list URLs, because a CDN
can only forget URLs) listens to the same `published` / `unpublished` signals.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import BaseViewRestriction, DraftStateMixin, Page, Site
from wagtail.signals import post_page_move, published, unpublished

from . import generation

_affecting = None


def _affecting_models():
    """Models without a publish step whose every save shows on public pages: snippets
    (regions, sectors, gated scripts...), site settings, sites, view restrictions,
    redirects, images."""
    global _affecting
    if _affecting is None:
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.snippets.models import get_snippet_models

        ignored = {
            apps.get_model(label)._meta.concrete_model
            for label in getattr(settings, "PAGE_CACHE_IGNORED_MODELS", [])
        }
        snippets = tuple(
            model
            for model in get_snippet_models()
            if not issubclass(model, DraftStateMixin) and model._meta.concrete_model not in ignored
        )
        _affecting = (
            snippets,
            (
                Site,
                # Privacy set on a page (or a collection of documents): a copy stored while
                # it was public must not be served once it is not.
                BaseViewRestriction,
                Redirect,
                BaseSiteSetting,
                BaseGenericSetting,
                get_image_model(),
                get_document_model(),
            ),
        )
    return _affecting


def on_published(sender, instance, **kwargs):
    generation.bump()


def on_saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        # Deleting a live page removes it from every listing; draft saves change nothing
        # public and publishing is covered by `published`.
        if kwargs.get("signal") is post_delete and instance.live:
            generation.bump()
        return
    snippets, others = _affecting_models()
    if type(instance) in snippets or isinstance(instance, others):
        generation.bump()


def on_moved(sender, instance, **kwargs):
    generation.bump()


def connect():
    # Both signals are sent for pages and for snippets with a publish step (the consent
    # policy), by the admin, the API, the scheduler worker and `publish_scheduled`.
    published.connect(on_published, dispatch_uid="page_cache.published")
    unpublished.connect(on_published, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(on_moved, dispatch_uid="page_cache.moved")
    post_save.connect(on_saved_or_deleted, dispatch_uid="page_cache.saved")
    post_delete.connect(on_saved_or_deleted, dispatch_uid="page_cache.deleted")
