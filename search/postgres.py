"""PostgreSQL full-text search, fast at 10,000 members and beyond (see search/fulltext.py).

Wagtail's database backend writes each page's index entry (title and body tsvectors, from
publish -> django-tasks task -> backend). A migration (search/migrations/0002) keeps a copy
of each searchable page's entry, title || body, in search_searchablepage.document with a
GIN index, so a search reads one narrow table that also holds each result's organisation,
region and status: no join to Wagtail's wide index rows, no walk of the page tree.

Up to FULL_RANK_LIMIT matches are ranked with ts_rank, where title
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
from wagtail.search.models import IndexEntry

from search import facets
from search.fulltext import MAX_TERMS, FullTextSearch

# Above this many matches, title matches come first and bodies are not ranked.
FULL_RANK_LIMIT = 3000


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


class PostgresFullText(FullTextSearch):
    def matches(self, terms):
        table = facets._tables()["searchable"]
        queries = tsqueries(terms)
        if queries is None:
            return f"FROM {table} f WHERE 1 = 0", []
        return f"FROM {table} f WHERE f.document @@ CAST(%s AS tsquery)", [queries[0]]

    def fetch(self, sql, params):
        """Run one search statement with the GIN index preferred over reading every row.

        The planner prices `@@` on a tsvector as cheap, so for a word found on half the
        site it reads the whole table instead of the index: measured twice as slow.
        SET LOCAL lasts only for this transaction.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked_ids(self, sql, params, terms, total, offset, limit):
        anywhere, in_title = tsqueries(terms)
        if total <= FULL_RANK_LIMIT:
            return self.ids(
                f"SELECT f.page_id {sql} ORDER BY ts_rank(f.document, CAST(%s AS tsquery)) "
                f"DESC, f.page_id DESC LIMIT %s OFFSET %s",
                params + [anywhere, limit, offset],
            )
        # Broad: results whose title has every word first, then the rest; newest first
        # in each, which an index on page_id answers without sorting.
        title_match = "f.document @@ CAST(%s AS tsquery)"
        ids = self.ids(
            f"SELECT f.page_id {sql} AND {title_match} ORDER BY f.page_id DESC LIMIT %s OFFSET %s",
            params + [in_title, limit, offset],
        )
        if len(ids) == limit:
            return ids
        if ids:
            titled = offset + len(ids)
        else:
            titled = self.ids(f"SELECT COUNT(*) {sql} AND {title_match}", params + [in_title])[0]
        return ids + self.ids(
            f"SELECT f.page_id {sql} AND NOT {title_match} ORDER BY f.page_id DESC "
            f"LIMIT %s OFFSET %s",
            params + [in_title, limit - len(ids), max(0, offset - titled)],
        )


def words_query(terms, operator="and"):
    """tsquery text for the words: every one, or any with operator "or"; None when no word
    is one PostgreSQL searches for (only stop words)."""
    queries = tsqueries(terms)
    if queries is None:
        return None
    # Lexemes come quoted ('it''s'), so " & " is only ever plainto_tsquery's AND.
    return queries[0].replace(" & ", " | ") if operator == "or" else queries[0]


def _matched_entries(query, content_type_ids):
    """(sql, params): a materialised CTE `m` of the index entries of these content types
    that match the tsquery text. Materialised, so the ids are cast to integers only after
    the content types are kept (another model's id need not be a number)."""
    types = ", ".join(str(int(pk)) for pk in content_type_ids) or "NULL"
    sql = (
        f"WITH m AS MATERIALIZED (SELECT e.object_id, e.title, e.body "
        f"FROM {IndexEntry._meta.db_table} e "
        f"WHERE (e.title @@ CAST(%s AS tsquery) OR e.body @@ CAST(%s AS tsquery)) "
        f"AND e.content_type_id IN ({types})) "
    )
    return sql, [query, query]


def matched_object_ids(terms, operator, content_type_ids):
    """(sql, params) selecting the ids of the objects of these content types whose index
    entry has the words, or None when no word can be searched for; objects have integer
    ids. For search/backends/ranked.py, which answers Wagtail's own searches with it."""
    query = words_query(terms, operator)
    if query is None:
        return None
    sql, params = _matched_entries(query, content_type_ids)
    return f"{sql} SELECT CAST(m.object_id AS integer) FROM m", params


def ranked_object_ids(terms, operator, content_type_ids, within):
    """(sql, params) selecting the ids matched_object_ids() selects, kept to those the
    `within` (sql, params) selects, best first (ts_rank, title words four times body words
    as in Wagtail's own ranking; the newest first among equals), or None (as there)."""
    query = words_query(terms, operator)
    if query is None:
        return None
    sql, params = _matched_entries(query, content_type_ids)
    within_sql, within_params = within
    return (
        f"{sql} SELECT CAST(m.object_id AS integer) AS object_id FROM m "
        f"WHERE CAST(m.object_id AS integer) IN ({within_sql}) "
        f"ORDER BY ts_rank(m.title || m.body, CAST(%s AS tsquery)) DESC, object_id DESC",
        params + list(within_params) + [query],
    )
