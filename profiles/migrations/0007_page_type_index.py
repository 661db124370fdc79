"""An index on Wagtail's page table for counting the live pages of one type.

API v2 answers `?type=profiles.OrganisationProfilePage` (or any one type) with a total,
which it counts on the page table as "live pages of this content type under the site"
(cms/api_pagination.py). Wagtail's own content-type index finds the pages but then reads
each row for `live` and `path`; this one holds them, so the count reads the index alone.
On the 10,000-member benchmark: SQLite 2.1 -> 1.1 ms, PostgreSQL 5.9 -> 2.1 ms (an
index-only scan once VACUUM has marked the table's pages visible, as autovacuum does).

The table is Wagtail's, so the index is created here by name and dropped on reversal. As
with profiles_member_title_idx (0004), a future Wagtail migration that rebuilds the page
table on SQLite would drop it: counts would then be slower, never wrong.
"""

from django.db import migrations

INDEX = "profiles_page_type_idx"


class Migration(migrations.Migration):
    dependencies = [("profiles", "0006_member_title_index_with_content_type")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailcore_page (content_type_id, live, path, depth)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
