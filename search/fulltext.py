"""A search's facet counts and page of results, straight from the database's full-text index.

Used with Wagtail's database backend (search/postgres.py, search/sqlite.py say how each
database matches and ranks). Every statement reads search.SearchablePage `f`, which holds
each live, public result's organisation, region and status, so filters and facets need no
walk of the page tree. A search is two statements: the facet counts and total (one pass
over the matches), then the one page of results the visitor asked for. (SQLite's runs both
as one statement over the matches made once; see search/sqlite.py.)
"""

from django.conf import settings
from django.db import connection

from search import facets

# Words of a query past this many are ignored (the query text is already cut to 200 characters).
MAX_TERMS = 20


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


class FullTextSearch:
    """What each database supplies: how it matches, how it ranks, how it runs a statement."""

    def matches(self, terms):
        """(sql, params): `FROM ... f WHERE ...` over the searchable pages that match."""
        raise NotImplementedError

    def ranked_ids(self, sql, params, terms, total, offset, limit):
        """One page of ids from the matches (sql, params, filters applied), best first."""
        raise NotImplementedError

    def fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ids(self, sql, params):
        return [row[0] for row in self.fetch(sql, params)]

    def facet_counts(self, sql, params, filters):
        """Total and facet counts in one pass over the matches (see search/facets.py)."""
        per_member, per_member_params = facets.per_member_sql(
            f"SELECT f.member_id, f.region_id, f.status, f.member_statuses {sql}"
        )
        selects, select_params = facets.facet_selects(filters)
        rows = self.fetch(
            f"WITH r AS ({per_member}) " + " UNION ALL ".join(selects),
            per_member_params + params + select_params,
        )
        return facets.read_counts(rows)

    def search(self, terms, filters, offset, limit):
        """(FacetCounts, PageOfIds) for a query, its filters and one page of results."""
        sql, params = self.matches(terms)
        counts = self.facet_counts(sql, params, filters)
        ids = []
        if offset < counts.total:
            filter_sql, filter_params = facets.result_filters_sql(filters)
            ids = self.ranked_ids(
                f"{sql} AND {filter_sql}",
                params + filter_params,
                terms,
                counts.total,
                offset,
                limit,
            )
        return counts, PageOfIds(counts.total, offset, ids)


def for_this_database():
    """The full-text search for the default database, or None (an external backend)."""
    from search import postgres, sqlite

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if not backend.endswith("backends.database"):
        return None
    if connection.vendor == "postgresql":
        return postgres.PostgresFullText()
    if connection.vendor == "sqlite" and sqlite.has_fts5_index():
        return sqlite.SQLiteFullText()
    return None
