"""The choices of the directory's and the search page's filters (regions, sectors, live
local alliances, statuses), read once per process and content generation (the sectors and
alliances from the lists profiles/known_snippets.py remembers for profiles).

Both pages show every choice on every request: three queries for lists an editor changes
a few times a year. Saving a region or a sector (snippets) or publishing an alliance
changes the content generation (cms/caching/invalidation.py), so during a public GET they
are kept under the generation that request read (`generation.serving()`), as the Site is
(cms/caching/sites.py); anywhere else they are read from the database.
"""

from cms.caching import generation
from cms.caching.per_generation import GenerationMemory
from profiles.status import FILTERABLE_STATUSES

_known_choices = GenerationMemory()


def filter_choices():
    """{filter name: ((value, label, count key), ...)} in display order. The value is what
    the address carries (a slug, or a status); the count key is what search facet counts
    are keyed by (the id as text, or the status)."""
    return _known_choices.get(generation.serving(), _read)


def _read():
    from profiles import known_snippets
    from profiles.models import Region

    def keyed(rows):
        return tuple((slug, label, str(pk)) for slug, label, pk in rows)

    # Sectors and live public alliances are the lists profiles name them from, remembered alike.
    sectors = known_snippets.sectors_by_id().values()
    alliances = known_snippets.public_alliances_by_id().values()
    return {
        "region": keyed(Region.objects.values_list("slug", "name", "pk")),
        "sector": keyed((sector.slug, sector.name, sector.pk) for sector in sectors),
        "alliance": keyed((alliance.slug, alliance.title, alliance.pk) for alliance in alliances),
        "status": tuple((value, label, value) for value, label in FILTERABLE_STATUSES),
    }
