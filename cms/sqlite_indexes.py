"""Indexes of other apps' tables (Wagtail's) that only SQLite needs, for our migrations.

SQLite keeps no statistics here and reads whole rows where an index of a few columns would
answer; PostgreSQL plans the same queries well without them. Such an index is created by
name, as Django cannot add one to a table another app owns; a later migration of that app
that rebuilds the table drops it, which makes those queries slower again, never wrong.
"""

from django.db import migrations


def sqlite_only_index(name, table, columns):
    """A migration operation creating (and, reversed, dropping) the index on SQLite alone."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})",
                params=None,
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)

    return migrations.RunPython(create, drop)
