"""SQLite only: a narrow index of Wagtail's search index entries, for search/sqlite.py.

A search matches words in Wagtail's FTS5 table, whose rowid is an index entry's id, then
needs each entry's page (object_id) and type. Read from the entry's own row, that is a
wide row (its whole title, body and autocomplete text) for every match: about 2 ms of a
7 ms statement for a word on 3,000 pages at 10,000 members. This index holds just those
three columns, and search/sqlite.py names it (INDEXED BY) whenever it exists: SQLite,
which keeps no statistics here, would otherwise keep reading the table. Like the member
directory's index (profiles/migrations/0004), it is on a Wagtail table, so it is created
here by name; a future Wagtail migration that rebuilds the table would drop it, and
search would go back to reading the rows: slower, never wrong.
"""

from django.db import migrations

from cms.sqlite_indexes import sqlite_only_index


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_postgres_document"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        sqlite_only_index(
            "search_indexentry_ids_idx",
            "wagtailsearch_indexentry",
            ("id", "content_type_id", "object_id"),
        )
    ]
