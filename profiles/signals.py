"""Signal handlers for the profiles app (connected in ProfilesConfig.ready)."""

from wagtail.search.backends import get_search_backends


def index_reference_lists(sender, using="default", **kwargs):
    """Put the reference lists into the search index after `migrate`.

    Data migrations use historical models, which never reach Wagtail's search index,
    so without this the admin choosers could not find a region, sector, outcome or
    question that came with the site. The lists are a few dozen rows, so re-adding
    them on every migrate is cheap and keeps the index whole.
    """
    from profiles.models import (
        ActionPlanQuestion,
        DeclarationOutcome,
        OutcomeFramework,
        Region,
        Sector,
    )

    for model in (Region, Sector, OutcomeFramework, DeclarationOutcome, ActionPlanQuestion):
        objects = list(model.objects.using(using).all())
        if not objects:
            continue
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)
