"""
The site's content generation: read once per cacheable request, changed on every publish.

A fresh random number rather than a counter: a database restored from a backup, or rolled
back, can never bring back a number that pages were cached under for other content.
Raw SQL for the read on purpose: it runs on every anonymous request, cache hits included,
so it is one primary-key read with nothing built around it.
"""

import secrets

from django.db import connection

from .models import CacheGeneration

NAME = "pages"


def current():
    table = connection.ops.quote_name(CacheGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE name = %s", [NAME])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def bump():
    """Make every cached page unreachable. Runs inside the caller's transaction, so the new
    generation becomes visible exactly when the published content does."""
    value = secrets.randbelow(2**62) + 1
    if not CacheGeneration.objects.filter(name=NAME).update(value=value):
        CacheGeneration.objects.update_or_create(name=NAME, defaults={"value": value})
