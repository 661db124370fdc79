"""Wagtail's database search backend, with plain-text searches matched and ranked in one pass.

Settings name this module as the backend (cms/settings/base.py). Wagtail's backend ranks
results by relevance with a subquery per result that runs the whole match again on SQLite
(at 10,000 members an API v2 `?search=singing` took 10 seconds, with
`&type=profiles.ActionPage` 42, API v3 33, each holding a web worker all that time), and on
PostgreSQL reads every index entry's title and body joined into one vector, which no index
serves (0.4-1.2 seconds). It also handed what was typed to SQLite's FTS5 as syntax, so an
unbalanced quote in `?search=` was a 500. API v2 and v3 search through here, and the admin's
search boxes autocomplete through here (on SQLite ranked in one pass too: 12 s -> 0.3 s in
the page explorer); search/backends/ranked.py says what changes.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as wagtail_database_backend

from search.backends.ranked import ranked_backend


def SearchBackend(params):  # noqa: N802 -- Wagtail looks the backend up by this name
    """Wagtail's choice for the database in use, ranked in one pass on SQLite (with FTS5)
    and PostgreSQL."""
    backend = wagtail_database_backend(params)
    # Imported here: Wagtail's module for each database needs models only it has.
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as wagtails

        from search import sqlite as full_text
    elif connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchBackend as wagtails,
        )

        from search import postgres as full_text
    else:
        return backend
    if type(backend) is not wagtails:  # e.g. SQLite without FTS5: Wagtail's fallback
        return backend
    return ranked_backend(wagtails, full_text)(params)
