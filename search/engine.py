"""Running a search: the matched pages, the filtered and ranked list, promotions and logging."""

from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Page

from profiles.models import ActionPage, OrganisationProfilePage
from search import facets, fulltext
from search.query_text import searchable_terms

# Search backends other than Wagtail's database backend (Elasticsearch, OpenSearch) return
# objects, not SQL; the facets are then counted over at most this many best matches.
MAX_EXTERNAL_MATCHES = 5000


def searchable_pages():
    """What the site search can find: live, public organisation profiles and actions."""
    return Page.objects.live().public().type(OrganisationProfilePage, ActionPage)


def matched_sql(query_text):
    """(sql, params) selecting the ids of pages matching the query (every searchable page
    if blank). The ids may include pages the search cannot show (drafts' old index entries,
    private pages): the facets and the results keep only those in search.SearchablePage."""
    terms = searchable_terms(query_text)
    if not terms:
        return facets.searchable_ids_sql()
    results = searchable_pages().search(terms, operator="and")
    if hasattr(results, "get_queryset"):
        # Wagtail's database backend on a database search/fulltext.py does not cover:
        # its match is still SQL we can join against.
        pages = results.get_queryset()
    else:
        ids = [page.pk for page in results[:MAX_EXTERNAL_MATCHES]]
        pages = Page.objects.filter(pk__in=ids)
    return pages.order_by().values("pk").query.sql_with_params()


def run(query_text, filters, per_page):
    """The facet counts and something Paginator can slice (pages, or page ids).

    With Wagtail's database backend a query goes straight to the database's full-text
    index (search/fulltext.py), which fetches only the page asked for.
    """
    terms = searchable_terms(query_text)
    full_text = fulltext.for_this_database() if terms else None
    if full_text is not None:
        offset = (filters.page - 1) * per_page
        return full_text.search(terms, filters, offset, per_page)
    counts = facets.facet_counts(*matched_sql(query_text), filters)
    return counts, ranked_results(query_text, filters)


def ranked_results(query_text, filters):
    """The results in display order (best match first, or A to Z without a query)."""
    terms = searchable_terms(query_text)
    pages = searchable_pages()
    if filters.active:
        sql, params = facets.filtered_ids_sql(*facets.searchable_ids_sql(), filters)
        pages = pages.filter(pk__in=RawSQL(sql, params))  # noqa: S611 -- values are params
    if terms:
        return pages.search(terms, operator="and")
    return pages.order_by("title", "pk")


def log_query(query_text):
    """Count the search in Wagtail's query log (the popular-searches report and the
    promotions' query list read it) and return its Query row, or None for no query.

    Wagtail's `add_hit()` reads the day's row before updating it; here the update comes
    first and is the only statement once the day has a row.
    """
    if not query_text:
        return None
    query = Query.get(query_text)
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(query=query, date=today).update(hits=F("hits") + 1)
    if not counted:
        query.add_hit(date=today)  # the day's first search for it: Wagtail makes the row
    return query


def promotions(query):
    """Editors' picks for this exact query (admin: Settings > Promoted search results)."""
    if query is None:
        return []
    return list(query.editors_picks.select_related("page").order_by("sort_order"))
