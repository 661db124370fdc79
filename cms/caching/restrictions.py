"""
The page view restrictions of a public GET request, read once per process and generation.

Wagtail reads the whole PageViewRestriction table again for every `.public()` queryset a
page lists (its actions, its alliances, the API's listing...) and, before serving a page,
reads the page's ancestors and then their restrictions: three to five queries a request,
each a SQL compilation, for a table that is empty on most sites and holds a handful of
rows on the rest. Saving or deleting a restriction changes the content generation
(cms/caching/invalidation.py), as saving a Site does, so the table is kept per process
under the generation the request has already read (see sites.py, which this follows).

Only during public GETs (those KnownSiteMiddleware serves, `generation.serving()`: not the
admin, not a POST, not a preview): Wagtail's two readers consult what this module holds,
and read the database as usual everywhere else.
- `PageQuerySet.private_q()` (behind every `.public()`) builds its condition from the
  remembered rows, the same condition Wagtail builds from the table.
- `Page.get_view_restrictions()` (Wagtail's check before serving a page) answers "none"
  without a query when the site has no restriction at all; when it has some, Wagtail's
  own lookup runs, aliases and all.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from . import generation
from .per_generation import GenerationMemory

_known_restrictions = GenerationMemory()


def _read_restrictions():
    return tuple(PageViewRestriction.objects.select_related("page").order_by("pk"))


def current():
    """The restrictions remembered for the public GET being served (a tuple, often
    empty), or None when the database must be asked."""
    gen = generation.serving()
    return None if gen is None else _known_restrictions.get(gen, _read_restrictions)


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
