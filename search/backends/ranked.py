"""What search/backends/database.py changes in Wagtail's database backend, on either database.

A plain-text search over the indexed text is matched and ranked by the database in one
statement (`ranked_object_ids`, from search/sqlite.py or search/postgres.py), which also
keeps only what the searched queryset holds; only the page of results asked for is then
read. The words are cleaned and quoted like the site search's, so what a visitor types is
never read as full-text syntax. Every other search (phrases, query objects, negation,
score annotations, a subset of fields, models without integer ids) is Wagtail's own.
"""

import functools

from django.db import connection
from django.db.models.expressions import RawSQL
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.query_text import searchable_terms

INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}

# Read the objects of a long page of results this many ids at a time (SQLite caps a
# statement's parameters).
IDS_PER_QUERY = 500


def has_integer_ids(model):
    field = model._meta.pk
    while field.remote_field is not None:  # a page type's id is its parent page's
        field = field.target_field
    return field.get_internal_type() in INTEGER_FIELDS


class RankedQueryCompiler:
    """Mixed into Wagtail's query compiler for the database; `full_text` is the module
    (search.sqlite or search.postgres) with `matched_object_ids` and `ranked_object_ids`."""

    full_text = None
    # True in the compiler for autocomplete (the admin's search boxes), where the module
    # has RANKS_AUTOCOMPLETE (search/sqlite.py).
    autocomplete = False

    def plain_terms(self):
        """The cleaned words of a plain-text search over the indexed text, or None for a
        search Wagtail's compiler answers itself."""
        if not isinstance(self.query, PlainText) or self.fields is not None:
            return None
        if not has_integer_ids(self.queryset.model):
            return None
        return searchable_terms(self.query.query_string)

    def content_types(self):
        return get_descendants_content_types_pks(self.queryset.model)

    def statement_options(self):
        return {"autocomplete": True} if self.autocomplete else {}

    def ranked_ids(self):
        """Every result's id, best first, or None (see plain_terms). Counted and sliced
        results share this compiler, so the match runs once for both."""
        if not hasattr(self, "_ranked_ids"):
            terms = self.plain_terms() if self.order_by_relevance else None
            self._ranked_ids = None if terms is None else self._rank(terms)
        return self._ranked_ids

    def _rank(self, terms):
        if not terms:
            return []
        within = self.queryset.order_by().values("pk").query.sql_with_params()
        ranked = self.full_text.ranked_object_ids(
            terms, self.query.operator, self.content_types(), within, **self.statement_options()
        )
        if ranked is None:  # no word the database can search for
            return []
        with connection.cursor() as cursor:
            cursor.execute(*ranked)
            # dict.fromkeys: in rank order, once each (an object has one index entry).
            return list(dict.fromkeys(row[0] for row in cursor.fetchall()))

    def search(self, config, start, stop, score_field=None, **kwargs):
        """Results in the queryset's own order (`?order=` in the API): the same match,
        with the cleaned words."""
        terms = self.plain_terms()
        if terms is None or self.order_by_relevance or score_field is not None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        if not terms:
            return self.queryset.none()
        matched = self.full_text.matched_object_ids(
            terms, self.query.operator, self.content_types(), **self.statement_options()
        )
        if matched is None:  # no word the database can search for
            return self.queryset.none()
        queryset = self.queryset.filter(pk__in=RawSQL(*matched))  # noqa: S611 -- params
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # as Wagtail's: stable across pages
        return queryset[start:stop]


class RankedResults:
    """Mixed into Wagtail's search results for the database (with RankedQueryCompiler)."""

    def _ranked_ids(self):
        # Where autocomplete stays Wagtail's (PostgreSQL), its own compiler shares these
        # results and has no ranked_ids.
        ranked_ids = getattr(self.query_compiler, "ranked_ids", None)
        if ranked_ids is None or self._score_field is not None:
            return None
        ranked = ranked_ids()
        return None if ranked is None else ranked[self.start : self.stop]

    def _do_search(self):
        ids = self._ranked_ids()
        if ids is None:
            return super()._do_search()
        found = {}
        queryset = self.query_compiler.queryset
        for index in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[index : index + IDS_PER_QUERY]
            found.update((obj.pk, obj) for obj in queryset.filter(pk__in=chunk))
        return [found[pk] for pk in ids if pk in found]

    def _do_count(self):
        ids = self._ranked_ids()
        return super()._do_count() if ids is None else len(ids)

    def __len__(self):
        # Django Ninja (API v3) counts a page of results with len(): the count, not every
        # result read.
        return self.count()


@functools.cache
def ranked_backend(backend_class, full_text):
    """`backend_class` (Wagtail's backend for a database) answering plain-text searches,
    and autocomplete where `full_text` ranks it, with `full_text`'s statements
    (search.sqlite or search.postgres)."""

    def ranked(compiler, **attributes):
        return type(f"Ranked{compiler.__name__}", (RankedQueryCompiler, compiler), attributes)

    results = backend_class.results_class
    attributes = {
        "query_compiler_class": ranked(backend_class.query_compiler_class, full_text=full_text),
        "results_class": type(f"Ranked{results.__name__}", (RankedResults, results), {}),
    }
    if getattr(full_text, "RANKS_AUTOCOMPLETE", False):
        attributes["autocomplete_query_compiler_class"] = ranked(
            backend_class.autocomplete_query_compiler_class, full_text=full_text, autocomplete=True
        )
    return type(f"Ranked{backend_class.__name__}", (backend_class,), attributes)
