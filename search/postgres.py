"""PostgreSQL full-text matching that uses the search index's GIN indexes.

Wagtail's database backend matches `(title || body) @@ query`. Concatenating the two
tsvectors row by row means neither GIN index can be used, so every search reads every
index entry: about half a second at 10,000 members. Here the same match is written term by
term, `(title @@ t OR body @@ t)` for each term t, which gives the same rows for plain
words and lets PostgreSQL combine the GIN indexes in a bitmap scan. Ranking uses the same
ts_rank weighting as the backend (title weighted by its title_norm, plus body).

The index entries themselves are still written by Wagtail (publish -> django-tasks task ->
backend), so this module only reads them.
"""

# Only table and column names from model metadata are interpolated into the SQL below;
# every value a visitor sends travels as a query parameter.
# ruff: noqa: S608

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.models import IndexEntry

from profiles.models import ActionPage, OrganisationProfilePage

MAX_TERMS = 20
# Above this many matches, rank by title only (see RankedIds).
FULL_RANK_LIMIT = 3000


def available():
    from django.conf import settings

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.endswith("backends.database")


@functools.lru_cache(maxsize=2048)
def content_words(terms):
    """The words PostgreSQL would search for: stop words ("the", "and") dropped.

    Asked of PostgreSQL once per distinct query (its dictionary decides), so the match
    condition holds only plain `@@` tests, which the planner can answer from the GIN index.
    """
    words = terms.split()[:MAX_TERMS]
    if not words:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) "
            "WHERE numnode(plainto_tsquery(w)) > 0 ORDER BY n",
            [words],
        )
        return tuple(row[0] for row in cursor.fetchall())


def _match(terms):
    """(sql, params) of the WHERE condition matching every word, on index entry `e`."""
    words = content_words(terms)
    if not words:
        return "1 = 0", []
    parts, params = [], []
    for word in words:
        parts.append("(e.title @@ plainto_tsquery(%s) OR e.body @@ plainto_tsquery(%s))")
        params += [word, word]
    return " AND ".join(parts), params


def _entries(terms, candidates_sql, candidates_params):
    cts = [ContentType.objects.get_for_model(m).pk for m in (OrganisationProfilePage, ActionPage)]
    where, params = _match(terms)
    sql = (
        f"FROM {IndexEntry._meta.db_table} e "
        f"WHERE e.content_type_id IN ({', '.join(str(int(ct)) for ct in cts)}) AND {where} "
        f"AND CAST(e.object_id AS integer) IN ({candidates_sql})"
    )
    return sql, params + list(candidates_params)


def matched_sql(terms, candidates_sql, candidates_params):
    """(sql, params) selecting ids of candidate pages whose index entry matches the terms."""
    sql, params = _entries(terms, candidates_sql, candidates_params)
    return f"SELECT CAST(e.object_id AS integer) {sql}", params


class RankedIds:
    """Page ids best match first, fetched a slice at a time (what Paginator needs)."""

    def __init__(self, terms, candidates_sql, candidates_params, total):
        self.terms = " ".join(terms.split()[:MAX_TERMS])
        self.candidates = (candidates_sql, candidates_params)
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("RankedIds supports slices only")
        start, stop = item.start or 0, item.stop if item.stop is not None else self.total
        sql, params = _entries(self.terms, *self.candidates)
        if self.total <= FULL_RANK_LIMIT:
            rank = (
                "ts_rank(e.title, plainto_tsquery(%s)) * e.title_norm "
                "+ ts_rank(e.body, plainto_tsquery(%s))"
            )
            rank_params = [self.terms, self.terms]
        else:
            # Thousands of matches ("carers"): ranking every body costs more than the
            # visitor gains; order by how well the title matches instead.
            rank = "ts_rank(e.title, plainto_tsquery(%s)) * e.title_norm"
            rank_params = [self.terms]
        query = (
            f"SELECT CAST(e.object_id AS integer) {sql} "
            f"ORDER BY {rank} DESC, CAST(e.object_id AS integer) DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params + rank_params + [max(0, stop - start), start])
            return [row[0] for row in cursor.fetchall()]
