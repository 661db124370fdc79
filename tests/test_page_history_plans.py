"""Reports → Site history reads the page log through its index on SQLite
(cms/publishing/migrations/0003): at 400,000 entries reading the rows took about 7 s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.editorial_support import make_user, signed_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan"),
]

# The report's three statements over the whole log (the others read a page of 50 entries).
LISTED = "ORDER BY 2 DESC"
COUNTED = "SELECT COUNT(*) FROM ("
ACTIONS = 'SELECT DISTINCT "wagtailcore_pagelogentry"."action"'


def plan_of(queries, marker):
    (sql,) = [query["sql"] for query in queries if marker in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.parametrize("statement", [LISTED, COUNTED, ACTIONS])
def test_the_site_history_report_reads_the_page_log_index_not_its_rows(editorial, statement):
    client = signed_in(make_user("ada", is_superuser=True))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    assert "Singing for the brain" in response.content.decode()
    plan = plan_of(queries.captured_queries, statement)
    # Each entry of a page the person may see, found by page in the index alone.
    assert "COVERING INDEX publishing_pagelog_report_idx (page_id=?)" in plan, plan
    assert "SEARCH wagtailcore_pagelogentry USING INDEX" not in plan, plan
