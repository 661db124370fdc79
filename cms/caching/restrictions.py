"""
The page view restrictions of a public GET request, read once per process and generation.

Wagtail reads the whole PageViewRestriction table again for every `.public()` queryset a
page lists (its actions, its alliances, the API's listing...) and, before serving a page,
reads the page's ancestors and then their restrictions: three to five queries a request,
each a SQL compilation, for a table that is empty on most sites and holds a handful of
rows on the rest. Saving or deleting a restriction changes the content generation
(cms/caching/invalidation.py), as saving a Site does, so the table is kept per process
under the generation the request has already read (see sites.py, which this follows).

Only during public GETs (the same requests as KnownSiteMiddleware: not the admin, not a
POST, not a preview): Wagtail's two readers consult what this module holds for the
current request, and read the database as usual everywhere else.
- `PageQuerySet.private_q()` (behind every `.public()`) builds its condition from the
  remembered rows, the same condition Wagtail builds from the table.
- `Page.get_view_restrictions()` (Wagtail's check before serving a page) answers "none"
  without a query when the site has no restriction at all; when it has some, Wagtail's
  own lookup runs, aliases and all.
"""

from contextvars import ContextVar

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from . import generation
from .sites import KnownSiteMiddleware

_known = {"generation": None, "restrictions": ()}
# The rows for the request being served; None outside a public GET.
_current = ContextVar("known_view_restrictions", default=None)


def forget():
    _known["generation"], _known["restrictions"] = None, ()


def restrictions_for(gen):
    if _known["generation"] != gen:
        rows = tuple(PageViewRestriction.objects.select_related("page").order_by("pk"))
        _known["generation"], _known["restrictions"] = gen, rows
    return _known["restrictions"]


def current():
    """This request's remembered restrictions (a tuple, often empty), or None when the
    database must be asked."""
    return _current.get()


class KnownRestrictionsMiddleware:
    """Remembers the view restrictions for the length of a public GET request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not KnownSiteMiddleware.applies_to(request):
            return self.get_response(request)
        gen = getattr(request, "content_generation", None)
        if gen is None:
            gen = request.content_generation = generation.current()
        token = _current.set(restrictions_for(gen))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


_wagtail_private_q = PageQuerySet.private_q
_wagtail_get_view_restrictions = Page.get_view_restrictions


def private_q(self):
    known = current()
    if known is None:
        return _wagtail_private_q(self)
    # Wagtail's own condition, from the remembered rows instead of a query.
    q = Q()
    for restriction in known:
        q |= self.descendant_of_q(restriction.page, inclusive=True)
    return q if q else Q(pk__in=[])


def get_view_restrictions(self):
    if current() == ():
        return PageViewRestriction.objects.none()
    return _wagtail_get_view_restrictions(self)


def install():
    """Point Wagtail's two readers here (CachingConfig.ready)."""
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
