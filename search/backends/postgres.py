"""Wagtail's PostgreSQL search backend with search/backends/ranked.py's one-pass ranking.

Imported only on PostgreSQL: Wagtail's PostgreSQL module needs its own models.
"""

from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)

from search import postgres
from search.backends.ranked import RankedQueryCompiler, RankedResults


class RankedPostgresSearchQueryCompiler(RankedQueryCompiler, PostgresSearchQueryCompiler):
    full_text = postgres


class RankedPostgresSearchResults(RankedResults, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    results_class = RankedPostgresSearchResults
