"""The short lists public pages name things from (sectors, declaration outcomes, action
plan questions, live public local alliances), read once per process and content
generation: for a profile's details and action plan, its entry in API v2, member cards'
sectors and the filters' choices.

A profile links to a handful of each; reading them with the profile cost a query apiece,
and most of a query's cost here is Django compiling it, not the database answering (about
0.6 ms against 0.1 ms). The lists are tens of rows that editors change a few times a year,
and every change to them changes the content generation (a snippet save, an alliance's
publish: cms/caching/invalidation.py). So, as the filters' choices are
(profiles/filter_choices.py), during a public GET each list is kept under the generation
that request read; anywhere else (the admin, previews, commands) it is read from the
database every time.

A page still reads which of them it links to from its own rows, every request
(profiles/models/links.py).
"""

import copy

from cms.caching import generation
from cms.caching.per_generation import GenerationMemory

_sectors = GenerationMemory()
_outcomes = GenerationMemory()
_questions = GenerationMemory()
_public_alliances = GenerationMemory()


def _by_id(queryset):
    return {item.pk: item for item in queryset}


def sectors_by_id():
    """{id: Sector}, in the sectors' own order (by name)."""
    from profiles.models import Sector

    return _sectors.get(generation.serving(), lambda: _by_id(Sector.objects.all()))


def outcomes_by_id():
    """{id: DeclarationOutcome with its framework}, in the outcomes' own order."""
    from profiles.models import DeclarationOutcome

    return _outcomes.get(
        generation.serving(),
        lambda: _by_id(DeclarationOutcome.objects.select_related("framework")),
    )


def questions_by_id():
    """{id: ActionPlanQuestion}."""
    from profiles.models import ActionPlanQuestion

    return _questions.get(generation.serving(), lambda: _by_id(ActionPlanQuestion.objects.all()))


def public_alliances_by_id():
    """{id: LocalAlliancePage} of live alliances outside every private section, by title,
    with what a link to one needs. (Saving a view restriction changes the generation too.)"""
    from profiles.models import LocalAlliancePage
    from profiles.models.tree import PAGE_LINK_FIELDS

    return _public_alliances.get(
        generation.serving(),
        lambda: _by_id(
            LocalAlliancePage.objects.live()
            .public()
            .order_by("title")
            .only(*PAGE_LINK_FIELDS, "short_name")
        ),
    )


def pick(known, ids):
    """Copies of the `known` items whose ids are in `ids`, in the order `known` keeps them.
    Copies, so a page that sets something on one never changes what the next request reads."""
    wanted = set(ids)
    return [copy.copy(item) for pk, item in known.items() if pk in wanted]


def serving_public_page():
    """True during a public GET, when the lists above are remembered."""
    return generation.serving() is not None
