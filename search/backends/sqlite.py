"""Wagtail's SQLite search backend with search/backends/ranked.py's one-pass ranking.

Imported only on SQLite: Wagtail's SQLite module needs models that exist only there.
"""

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)

from search import sqlite
from search.backends.ranked import RankedQueryCompiler, RankedResults


class RankedSQLiteSearchQueryCompiler(RankedQueryCompiler, SQLiteSearchQueryCompiler):
    full_text = sqlite


class RankedSQLiteSearchResults(RankedResults, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    results_class = RankedSQLiteSearchResults
