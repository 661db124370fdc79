"""SQLite full-text search through Wagtail's FTS5 table (see search/fulltext.py).

Wagtail's database backend on SQLite keeps an FTS5 table (title, body, autocomplete) whose
rowid is the index entry's id. Matching and ranking go to it directly, with FTS5's own
bm25(): the backend's ranking runs a subquery per matching page, 15 seconds for a common
word at 10,000 members, where this takes a few tens of milliseconds. Every word must
appear in the title or the body, as with the backend (FTS5 folds case and accents).
"""

# Only table and column names from model metadata, and SQL that Django compiled from a
# queryset, are interpolated into the SQL below; every value a visitor sends travels as a
# query parameter.
# ruff: noqa: S608

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.models import IndexEntry

from profiles.models import ActionPage, OrganisationProfilePage
from search import facets
from search.fulltext import MAX_TERMS, FullTextSearch, PageOfIds

FTS_TABLE = f"{IndexEntry._meta.db_table}_fts"
# bm25() weights for the FTS5 columns (autocomplete, body, title): a title word counts
# four times a body word, as Wagtail's weights do on PostgreSQL.
RANK = f"bm25({FTS_TABLE}, 0.0, 1.0, 4.0)"
# Autocomplete (the admin's search boxes) matches and ranks the autocomplete column alone.
AUTOCOMPLETE_RANK = f"bm25({FTS_TABLE}, 1.0, 0.0, 0.0)"
# search/backends/ranked.py may answer autocomplete from here as well.
RANKS_AUTOCOMPLETE = True
ENTRY_IDS_INDEX = "search_indexentry_ids_idx"


@functools.cache
def has_fts5_index():
    """Wagtail creates the FTS5 table when SQLite was built with FTS5 (it almost always is)."""
    return FTS_TABLE in connection.introspection.table_names()


def entry_ids_index():
    """`INDEXED BY ...` for the narrow index of entry ids (search/migrations/0003), or ""
    when it is missing (not migrated yet, or dropped by a Wagtail table rebuild): naming
    an index that does not exist is an error, and searching without it is only slower."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [ENTRY_IDS_INDEX]
        )
        return f"INDEXED BY {ENTRY_IDS_INDEX}" if cursor.fetchone() else ""


def match_text(terms, operator="and", autocomplete=False):
    """The FTS5 query: every word (or, with operator "or", any word), each quoted (so no
    word is read as syntax), in the title or body; for autocomplete, in the autocomplete
    column, the last word as the start of a word."""
    quoted = ['"{}"'.format(word.replace('"', '""')) for word in terms.split()[:MAX_TERMS]]
    if autocomplete and quoted:
        quoted[-1] += "*"
    joiner = " OR " if operator == "or" else " AND "
    columns = "autocomplete" if autocomplete else "title body"
    return f"{{{columns}}} : ({joiner.join(quoted)})"


def _matched_entries(terms, operator, content_type_ids, autocomplete=False):
    """(sql, params): `FROM ... WHERE ...` over the index entries of objects of these
    content types that have the words, `e` the entry."""
    types = ", ".join(str(int(pk)) for pk in content_type_ids) or "NULL"
    sql = (
        f"FROM {FTS_TABLE} JOIN {IndexEntry._meta.db_table} e {entry_ids_index()} "
        f"ON e.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id IN ({types})"
    )
    return sql, [match_text(terms, operator, autocomplete)]


def matched_object_ids(terms, operator, content_type_ids, autocomplete=False):
    """(sql, params) selecting the ids of the objects of these content types whose index
    entry has the words (all of them, or any with operator "or"); objects have integer ids.
    For search/backends/ranked.py, which answers Wagtail's own searches with it."""
    sql, params = _matched_entries(terms, operator, content_type_ids, autocomplete)
    return f"SELECT CAST(e.object_id AS integer) {sql}", params


def ranked_object_ids(terms, operator, content_type_ids, within, autocomplete=False):
    """(sql, params) selecting the ids matched_object_ids() selects, kept to those the
    `within` (sql, params) selects, best first: bm25 as the site search ranks, the newest
    first among equals; matched and ranked in one pass."""
    sql, params = _matched_entries(terms, operator, content_type_ids, autocomplete)
    within_sql, within_params = within
    return (
        f"SELECT CAST(e.object_id AS integer) AS object_id {sql} "
        f"AND CAST(e.object_id AS integer) IN ({within_sql}) "
        f"ORDER BY {AUTOCOMPLETE_RANK if autocomplete else RANK}, object_id DESC",
        params + list(within_params),
    )


class SQLiteFullText(FullTextSearch):
    def matches(self, terms):
        t = facets._tables()
        cts = [
            ContentType.objects.get_for_model(model).pk
            for model in (OrganisationProfilePage, ActionPage)
        ]
        sql = (
            f"FROM {FTS_TABLE} JOIN {IndexEntry._meta.db_table} e {entry_ids_index()} "
            f"ON e.id = {FTS_TABLE}.rowid "
            f"JOIN {t['searchable']} f ON f.page_id = CAST(e.object_id AS integer) "
            f"WHERE {FTS_TABLE} MATCH %s "
            f"AND e.content_type_id IN ({', '.join(str(int(ct)) for ct in cts)})"
        )
        return sql, [match_text(terms)]

    def search(self, terms, filters, offset, limit):
        """The facet counts and the page of results in one statement, so the words are
        matched (and each match ranked) once: the matches are materialised as `m`, which
        both the facet pass and the page of results read."""
        sql, params = self.matches(terms)
        matched = (
            f"SELECT f.page_id, f.member_id, f.region_id, f.status, f.member_statuses, "
            f"{RANK} AS rank {sql}"
        )
        per_member, per_member_params = facets.per_member_sql("SELECT * FROM m")
        selects, select_params = facets.facet_selects(filters)
        filter_sql, filter_params = facets.result_filters_sql(filters)
        page = (
            f"SELECT 'page', f.page_id, f.rank FROM m f WHERE {filter_sql} "
            f"ORDER BY f.rank, f.page_id DESC LIMIT %s OFFSET %s"
        )
        rows = self.fetch(
            f"WITH m AS MATERIALIZED ({matched}), r AS ({per_member}) "
            + " UNION ALL ".join([*selects, f"SELECT * FROM ({page})"]),
            params + per_member_params + select_params + filter_params + [limit, offset],
        )
        counts = facets.read_counts(rows)
        # UNION ALL keeps no order: the page's rows are put back in rank order here.
        ranked = sorted((rank, -page_id) for kind, page_id, rank in rows if kind == "page")
        return counts, PageOfIds(counts.total, offset, [-page_id for _rank, page_id in ranked])
