"""An index on Wagtail's page table for the member directory: members (depth 4) by title.

The directory lists the live members under it in title order, 20 at a time, and counts
them for its page numbers. Without this index the database reads every page (members and
their actions: 60,000 rows for 10,000 members) twice, and sorts the members by title;
with it, the list reads the first 20 entries in title order and stops, and the count
reads only the index (live, path and depth are in it). On the 10,000-member SQLite
benchmark: list ~25 -> 0.5 ms, count ~30 -> 8 ms.

Partial (depth 4: root, home, directory, member) on purpose. A whole-table index led by
depth made SQLite (which keeps no statistics unless ANALYZE is run) walk every page of a
depth for routing and child lists, and one led by title made it walk the whole table for
other title-ordered lists (the directory's alliance filter); this one can only serve
queries that say depth = 4 and order by title. If the tree ever changes shape the index
simply stops being used. The table is Wagtail's, so the index is created here by name
and dropped on reversal. One caveat: on SQLite, a future Wagtail migration that rebuilds
the page table would drop it (Django recreates only the indexes it knows); the directory
would then be slower, never wrong. Check for it after Wagtail upgrades:
`SELECT name FROM sqlite_master WHERE name = 'profiles_member_title_idx'`.
"""

from django.db import migrations

INDEX = "profiles_member_title_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_editorial_reminders_and_member_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailcore_page (title, live, path, depth) WHERE depth = 4",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
