"""PostgreSQL full-text search with facet counts, fast at 10,000 members and beyond.

Wagtail's database backend writes each page's index entry (title and body tsvectors, from
publish -> django-tasks task -> backend). A migration (search/migrations/0002) keeps a copy
of each searchable page's entry, title || body, in search_searchablepage.document with a
GIN index, so a search reads one narrow table that also holds each result's organisation,
region and status: no join to Wagtail's wide index rows, no walk of the page tree.

A search is two statements: the facet counts and total (one pass over the matches), then
one page of results. Up to FULL_RANK_LIMIT matches are ranked with ts_rank, where title
words (weight B) count four times body words (weight D), as in Wagtail's own ranking. A
broader query ("carers" matches most of the site) lists the results whose title has every
word first, then the rest, newest first within each: ranking tens of thousands of
documents costs more than a visitor gains, and the page can come straight off an index.
"""

# Only table and column names from model metadata are interpolated into the SQL below;
# every value a visitor sends travels as a query parameter.
# ruff: noqa: S608

import functools
import re

from django.db import connection, transaction

from search import facets

MAX_TERMS = 20
# Above this many matches, title matches come first and bodies are not ranked.
FULL_RANK_LIMIT = 3000


def available():
    from django.conf import settings

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.endswith("backends.database")


# Wagtail's index weighs title words "B" and body words "D" (no field here is boosted).
TITLE_WEIGHT = "B"
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


@functools.lru_cache(maxsize=2048)
def tsqueries(terms):
    """(every word anywhere, every word in the title) as tsquery text, or None.

    PostgreSQL normalises the words once per distinct query (its dictionary decides; stop
    words such as "the" drop out); the queries then travel as constants, which the
    planner answers from the GIN index.
    """
    words = " ".join(terms.split()[:MAX_TERMS])
    with connection.cursor() as cursor:
        cursor.execute("SELECT plainto_tsquery(%s)::text", [words])
        anywhere = cursor.fetchone()[0]
    if not anywhere:
        return None
    return anywhere, _LEXEME.sub(rf"'\1':{TITLE_WEIGHT}", anywhere)


def _matched_results(terms, filters=None):
    """(sql, params): FROM/WHERE of the matching searchable pages `f`, kept to the active
    filters when given."""
    t = facets._tables()
    queries = tsqueries(terms)
    if queries is None:
        return f"FROM {t['searchable']} f WHERE 1 = 0", []
    sql = f"FROM {t['searchable']} f WHERE f.document @@ CAST(%s AS tsquery)"
    params = [queries[0]]
    if filters is not None and filters.active:
        filter_sql, filter_params = facets.member_where(filters, member="f.member_id")
        sql += f" AND {filter_sql}"
        params += filter_params
        if filters.status:
            status_sql, status_params = facets.status_condition(filters.status)
            sql += f" AND {status_sql}"
            params += status_params
    return sql, params


def facet_counts(terms, filters):
    """Total and facet counts in one pass over the matches (see search/facets.py)."""
    sql, params = _matched_results(terms)
    per_member, per_member_params = facets.per_member_sql(
        f"SELECT f.member_id, f.region_id, f.status, f.member_statuses {sql}"
    )
    selects, select_params = facets.facet_selects(filters)
    rows = _fetch(
        f"WITH r AS ({per_member}) " + " UNION ALL ".join(selects),
        per_member_params + params + select_params,
    )
    return facets.read_counts(rows)


def _fetch(sql, params):
    """Run one search statement with the GIN index preferred over reading every row.

    The planner prices `@@` on a tsvector as cheap, so for a word found on half the site
    it reads the whole table instead of the index: measured twice as slow. SET LOCAL
    lasts only for this transaction.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ids(sql, params):
    return [row[0] for row in _fetch(sql, params)]


def ranked_page(terms, filters, total, offset, limit):
    """The ids of one page of results, best match first."""
    sql, params = _matched_results(terms, filters)
    anywhere, in_title = tsqueries(terms)
    if total <= FULL_RANK_LIMIT:
        return _ids(
            f"SELECT f.page_id {sql} ORDER BY ts_rank(f.document, CAST(%s AS tsquery)) DESC, "
            f"f.page_id DESC LIMIT %s OFFSET %s",
            params + [anywhere, limit, offset],
        )
    # Broad: results whose title has every word first, then the rest; newest first in each.
    title_match = "f.document @@ CAST(%s AS tsquery)"
    ids = _ids(
        f"SELECT f.page_id {sql} AND {title_match} ORDER BY f.page_id DESC LIMIT %s OFFSET %s",
        params + [in_title, limit, offset],
    )
    if len(ids) == limit:
        return ids
    if ids:
        titled = offset + len(ids)
    else:
        titled = _ids(f"SELECT COUNT(*) {sql} AND {title_match}", params + [in_title])[0]
    return ids + _ids(
        f"SELECT f.page_id {sql} AND NOT {title_match} ORDER BY f.page_id DESC LIMIT %s OFFSET %s",
        params + [in_title, limit - len(ids), max(0, offset - titled)],
    )


class PageOfIds:
    """One page of ranked result ids, fetched for the page the visitor asked for.

    Stands in for the full list of results: Paginator only asks for its length and
    for that one slice.
    """

    def __init__(self, total, offset, ids):
        self.total, self.offset, self.ids = total, offset, ids

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice) or (item.start or 0) != self.offset:
            raise IndexError("Only the page that was fetched is available.")
        return self.ids


def search(terms, filters, offset, limit):
    """(FacetCounts, PageOfIds) for a query, its filters and one page of results."""
    counts = facet_counts(terms, filters)
    ids = ranked_page(terms, filters, counts.total, offset, limit) if offset < counts.total else []
    return counts, PageOfIds(counts.total, offset, ids)
