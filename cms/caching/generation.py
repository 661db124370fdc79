"""
The site's content generation: read once per cacheable request, changed on every publish.

A fresh random number rather than a counter: a database restored from a backup, or rolled
back, can never bring back a number that pages were cached under for other content.

The read runs on every anonymous request, cache hits included, so it must be cheap.
Django keeps its connection open between requests (DATABASE_CONN_MAX_AGE), so it is one
primary-key query. On SQLite, when this thread has no open Django connection (a process
that has only served cache hits so far, or DATABASE_CONN_MAX_AGE=0), opening one with its
PRAGMAs would cost about 3 ms, far more than serving the cached page, so the read goes
through a small connection of our own, kept per thread and used only for this SELECT.
Autocommit mode: every read sees the latest committed generation.
"""

import os
import secrets
import sqlite3
import threading
from contextvars import ContextVar

from django.db import connection

from .models import CacheGeneration

NAME = "pages"
_local = threading.local()
# The generation the public GET being served has read (set by KnownSiteMiddleware,
# cms/caching/sites.py), for per-process memories of what only changes with it; None
# outside such a request (the admin, a POST, a management command).
_serving = ContextVar("content_generation_being_served", default=None)


def serving():
    return _serving.get()


def _table():
    return CacheGeneration._meta.db_table


def _sqlite_reader():
    path = str(connection.settings_dict["NAME"])
    reader = getattr(_local, "reader", None)
    if reader is not None and _local.key == (os.getpid(), path):
        return reader
    # Only ever SELECTs; not opened read-only, which WAL recovery may refuse.
    reader = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
    _local.reader, _local.key = reader, (os.getpid(), path)
    return reader


def _use_sqlite_reader():
    # Inside a transaction (tests, or a caller that already wrote) only Django's own
    # connection sees this thread's uncommitted writes; an open connection costs nothing.
    name = str(connection.settings_dict.get("NAME") or "")
    return (
        connection.vendor == "sqlite"
        and connection.connection is None
        and not connection.in_atomic_block
        and name
        and ":memory:" not in name
        and "mode=memory" not in name
    )


def current():
    sql = f"SELECT value FROM {_table()} WHERE name = ?"  # noqa: S608
    if _use_sqlite_reader():
        try:
            row = _sqlite_reader().execute(sql, [NAME]).fetchone()
        except sqlite3.OperationalError:
            row = None  # not migrated yet: nothing was ever cached under a generation
        return row[0] if row else 0
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("?", "%s"), [NAME])
        row = cursor.fetchone()
    return row[0] if row else 0


def bump():
    """Make every cached page unreachable. Runs inside the caller's transaction, so the new
    generation becomes visible exactly when the published content does."""
    value = secrets.randbelow(2**62) + 1
    if not CacheGeneration.objects.filter(name=NAME).update(value=value):
        CacheGeneration.objects.update_or_create(name=NAME, defaults={"value": value})
