"""
The Wagtail Site of a public GET request, looked up once per process and generation.

Wagtail's `Site.find_for_request()` asks the database on every request (it keeps the
answer on the request only): a query and its SQL compilation, about a millisecond of a
10 ms page. Sites change rarely, and saving or deleting one changes the content generation
(cms/caching/invalidation.py), which the page cache has usually read for this request
already (otherwise it is read here, once).
So the answer is kept per process under that generation, as the consent configuration is,
and handed to Wagtail where it looks first (`request._wagtail_site`).

Public GETs only (pages, API v2, search, cached or not): the admin, the health check and
every POST look the site up as Wagtail does, so an editor's own changes are never judged
by a remembered copy.
"""

from django.conf import settings
from wagtail.models import Site

from . import generation
from .per_generation import GenerationMemory

# Hosts are checked against ALLOWED_HOSTS before this runs; the bound is a backstop for
# a wildcard ALLOWED_HOSTS.
MAX_HOSTS = 64

_known_sites = GenerationMemory(max_entries=MAX_HOSTS)


def site_for(request, gen):
    # The same lookup Site.find_for_request() makes; None when no site matches.
    return _known_sites.get(
        gen,
        lambda: Site._find_for_request(request),
        key=(request._get_raw_host(), request.get_port()),
    )


class KnownSiteMiddleware:
    """Sets the request's Wagtail Site from this process's memory when it can."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        if getattr(request, "content_generation", None) is None:
            # Not read by the page cache (a search, a bypass): read once here, and kept on
            # the request for the consent configuration too.
            request.content_generation = generation.current()
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for(request, request.content_generation)
        # And for the other per-process memories (generation.serving()).
        token = generation._serving.set(request.content_generation)
        try:
            return self.get_response(request)
        finally:
            generation._serving.reset(token)

    @staticmethod
    def applies_to(request):
        return request.method in ("GET", "HEAD") and not request.path_info.startswith(
            tuple(settings.PAGE_CACHE_BYPASS_PREFIXES)
        )
