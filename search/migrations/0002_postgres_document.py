"""PostgreSQL only: each searchable page's words, copied from Wagtail's search index.

search_searchablepage.document holds the page's index entry (title || body tsvector) with
a GIN index, so a search reads one narrow table for its matches, organisations and
statuses instead of joining Wagtail's wide index rows to it. Triggers keep the copy
exact: a row added to search_searchablepage takes its page's entry, and whenever Wagtail
writes or deletes an entry the row follows. SQLite searches through Wagtail's FTS5 table
and has no such column.
"""

from django.db import migrations

OUR_TYPES = (
    "SELECT id FROM django_content_type WHERE app_label = 'profiles' "
    "AND model IN ('organisationprofilepage', 'actionpage')"
)

FORWARD = [
    "ALTER TABLE search_searchablepage ADD COLUMN document tsvector",
    "CREATE INDEX search_searchablepage_document ON search_searchablepage USING gin (document)",
    f"""
CREATE FUNCTION search_take_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.document := (
        SELECT e.title || e.body FROM wagtailsearch_indexentry e
        WHERE e.content_type_id IN ({OUR_TYPES}) AND e.object_id = NEW.page_id::text
        LIMIT 1
    );
    RETURN NEW;
END $$""",
    """CREATE TRIGGER search_take_document BEFORE INSERT ON search_searchablepage
    FOR EACH ROW EXECUTE FUNCTION search_take_document()""",
    f"""
CREATE FUNCTION search_follow_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.content_type_id IN ({OUR_TYPES}) AND OLD.object_id ~ '^[0-9]{{1,9}}$' THEN
            UPDATE search_searchablepage SET document = NULL
            WHERE page_id = OLD.object_id::integer;
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.content_type_id IN ({OUR_TYPES}) AND NEW.object_id ~ '^[0-9]{{1,9}}$' THEN
        UPDATE search_searchablepage SET document = NEW.title || NEW.body
        WHERE page_id = NEW.object_id::integer;
    END IF;
    RETURN NEW;
END $$""",
    """CREATE TRIGGER search_follow_index AFTER INSERT OR UPDATE OR DELETE
    ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION search_follow_index()""",
    f"""UPDATE search_searchablepage f SET document = e.title || e.body
    FROM wagtailsearch_indexentry e
    WHERE e.content_type_id IN ({OUR_TYPES}) AND e.object_id = f.page_id::text""",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS search_follow_index ON wagtailsearch_indexentry",
    "DROP FUNCTION IF EXISTS search_follow_index()",
    "DROP TRIGGER IF EXISTS search_take_document ON search_searchablepage",
    "DROP FUNCTION IF EXISTS search_take_document()",
    "ALTER TABLE search_searchablepage DROP COLUMN IF EXISTS document",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
