"""SQLite only: an index of Wagtail's page log for the admin's history reports.

Reports → Site history lists the page log newest first, counts it and offers filters by
action and by user, each over "entries of pages this person may see": with 400,000 entries
(what a site of 10,000 members writes in a few years) SQLite read every entry's whole row
(its JSON data too) three times over, about 7 s a report page. With the page, the time, the
action and the user in one index it reads the index alone: about 1 s. PostgreSQL, which
hashes the same queries, took 0.9 s without it and is left as it is. The index is on a
Wagtail table, so it is created here by name (as search/migrations/0003 does); a future
Wagtail migration that rebuilds the table would drop it, and the report would be slow again,
never wrong.
"""

from django.db import migrations

from cms.sqlite_indexes import sqlite_only_index


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_editorial_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        sqlite_only_index(
            "publishing_pagelog_report_idx",
            "wagtailcore_pagelogentry",
            ("page_id", "timestamp", "action", "user_id"),
        )
    ]
