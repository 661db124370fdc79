"""/search/: the site search over member organisations and their actions."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse

from profiles.filters import DirectoryFilters, InvalidFilter
from profiles.models import ActionPage, OrganisationProfilePage
from search import engine, facets
from search.query_text import clean_query_text

RESULTS_PER_PAGE = 20

# Offered when nothing matches, and on the empty search page.
SUGGESTIONS = ["singing", "memory café", "carers", "Zoom", "dementia friends", "library"]

FILTER_LABELS = {
    "region": ("Region", "Any region"),
    "sector": ("Sector", "Any sector"),
    "alliance": ("Local alliance", "Any local alliance"),
    "status": ("Action status", "Any status"),
}


def bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def search(request):
    query_text = clean_query_text(request.GET.get("q", ""))
    try:
        filters = DirectoryFilters.from_querydict(request.GET)
    except InvalidFilter as error:
        return bad_request(str(error))

    searching = bool(query_text) or filters.active
    context = {
        "search_query": query_text,
        "filters": filters,
        "suggestions": SUGGESTIONS,
        "searching": searching,
    }
    if searching:
        counts, results = engine.run(query_text, filters, RESULTS_PER_PAGE)
        paginator = Paginator(results, RESULTS_PER_PAGE)
        # The facet query has already counted the results; don't count them again.
        paginator.__dict__["count"] = counts.total
        if filters.page > paginator.num_pages:
            return bad_request(
                f"There is no page {filters.page}: these results have "
                f"{paginator.num_pages} page{'s' if paginator.num_pages != 1 else ''}."
            )
        page_obj = paginator.page(filters.page)
        picks = engine.promotions(engine.log_query(query_text))
        context.update(
            paginator=paginator,
            page_obj=page_obj,
            results=describe_results(page_obj.object_list),
            # Looked up on every page so each page costs the same queries; shown on the first.
            promotions=picks if filters.page == 1 else [],
            facet_groups=facet_groups(filters, counts),
            filter_querystring=pagination_querystring(query_text, filters),
        )
    else:
        context["facet_groups"] = facet_groups(filters, None)
    return TemplateResponse(request, "search/search.html", context)


# What a result card reads (templates/search/search.html) besides the title, and the
# page tree fields its link needs. Loading whole pages (their StreamField updates, rich
# text and every other column) took longer than the search that found them.
CARD_FIELDS = ("title", "url_path", "path", "depth", "locale_id")
ORGANISATION_CARD_FIELDS = (*CARD_FIELDS, "member_since", "region__name")
ACTION_CARD_FIELDS = (*CARD_FIELDS, "status")


def describe_results(pages):
    """Each result (a page or its id) with its type label and, for an action, its organisation.

    Three queries for the whole page of results, whatever their number or type.
    """
    ids = [item if isinstance(item, int) else item.pk for item in pages]
    found = {
        member.pk: {"page": member, "type": "Organisation", "member": None}
        for member in OrganisationProfilePage.objects.filter(pk__in=ids)
        .select_related("region")
        .only(*ORGANISATION_CARD_FIELDS)
    }
    actions = list(ActionPage.objects.filter(pk__in=ids).only(*ACTION_CARD_FIELDS))
    organisation_titles = dict(
        OrganisationProfilePage.objects.filter(
            path__in={action.path[: -ActionPage.steplen] for action in actions}
        ).values_list("path", "title")
    )
    for action in actions:
        title = organisation_titles.get(action.path[: -ActionPage.steplen])
        found[action.pk] = {
            "page": action,
            "type": "Action",
            "member": {"title": title} if title else None,
        }
    return [found[pk] for pk in ids if pk in found]


def facet_groups(filters, counts):
    """What the filter form shows: each filter's options with their counts.

    Options that would give no results are left out (except the one chosen) so the
    lists stay short enough to read.
    """
    groups = []
    for name, options in facets.facet_options(filters).items():
        label, any_label = FILTER_LABELS[name]
        selected = getattr(filters, name)
        rows = []
        for value, text, count_key in options:
            count = counts.count(name, count_key) if counts else None
            if counts and not count and value != selected:
                continue
            rows.append({"value": value, "label": text, "count": count})
        groups.append(
            {"name": name, "label": label, "any": any_label, "selected": selected, "options": rows}
        )
    return groups


def pagination_querystring(query_text, filters):
    pairs = [("q", query_text)] if query_text else []
    pairs += [
        (name, getattr(filters, name)) for name in filters.FILTER_NAMES if getattr(filters, name)
    ]
    return urlencode(pairs)
