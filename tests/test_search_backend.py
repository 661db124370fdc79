"""Wagtail's own searches (API v2 and v3, the admin) through search/backends/database.py.

A plain-text search is matched and ranked in one statement, its words cleaned like the
site search's. Each test holds on SQLite and PostgreSQL.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.profiles_support import make_action, make_member

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
WORD = "xylophone"


@pytest.fixture
def band(member_directory):
    """A member whose own title has the word, and actions with it in the title or body."""
    member = make_member(member_directory, "Xylophone Club", introduction="<p>We meet.</p>")
    titled = make_action(member, "Xylophone lessons", description="<p>Weekly.</p>")
    body_only = make_action(member, "Open afternoon", description=f"<p>Bring a {WORD}.</p>")
    other = make_action(member, "Zither evening", description="<p>Strings only.</p>")
    return member, titled, body_only, other


def api_titles(client, query, version="v2"):
    response = client.get(f"/api/{version}/pages/{query}")
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_the_database_backend_ranks_in_one_pass():
    assert type(get_search_backend()).__name__.startswith("Ranked")


def test_api_search_finds_title_and_body_matches_title_first(client, band):
    _member, titled, body_only, _other = band
    found = api_titles(client, f"?search={WORD}&type=profiles.ActionPage")
    assert found == [titled.title, body_only.title]


def test_api_search_operators(client, band):
    both = api_titles(client, "?search=xylophone+zither&type=profiles.ActionPage")
    assert both == []
    either = api_titles(
        client, "?search=xylophone+zither&search_operator=or&type=profiles.ActionPage"
    )
    assert set(either) == {"Xylophone lessons", "Open afternoon", "Zither evening"}


def test_api_search_with_an_order_keeps_that_order(client, band):
    found = api_titles(client, f"?search={WORD}&type=profiles.ActionPage&order=title")
    assert found == ["Open afternoon", "Xylophone lessons"]
    found = api_titles(client, f"?search={WORD}&type=profiles.ActionPage&order=-title")
    assert found == ["Xylophone lessons", "Open afternoon"]


@pytest.mark.parametrize("typed", ['"', '"xylophone', "xylophone*(", "{xylophone}", "NEAR("])
def test_search_syntax_typed_into_the_api_is_read_as_words(client, band, typed):
    for order in ("", "&order=title"):
        response = client.get(f"{PAGES}?type=profiles.ActionPage{order}", {"search": typed})
        assert response.status_code == 200, (typed, response.content)
        titles = {item["title"] for item in response.json()["items"]}
        if "xylophone" in typed:
            assert "Xylophone lessons" in titles, typed
    response = client.get("/api/v3/pages/", {"search": typed})
    assert response.status_code == 200, (typed, response.content)


def test_api_pages_of_results_count_every_match_and_page_through_them(client, band):
    member = band[0]
    for n in range(5):
        make_action(member, f"More xylophone {n}")
    first = client.get(f"{PAGES}?search={WORD}&type=profiles.ActionPage&limit=3").json()
    assert first["meta"]["total_count"] == 7
    seen = []
    for offset in (0, 3, 6):
        query = f"?search={WORD}&type=profiles.ActionPage&limit=3&offset={offset}"
        seen += api_titles(client, query)
    assert len(seen) == 7 == len(set(seen))
    assert seen[-1] == "Open afternoon"  # the only body-only match is ranked last

    v3 = client.get(f"/api/v3/pages/?search={WORD}&limit=2").json()
    assert v3["count"] == 8  # the club's own page as well
    assert len(v3["items"]) == 2


def test_unpublished_pages_are_not_found(client, band):
    _member, titled, _body_only, _other = band
    titled.unpublish()
    assert api_titles(client, f"?search={WORD}&type=profiles.ActionPage") == ["Open afternoon"]


def test_a_plain_search_matches_the_words_once(band):
    """Wagtail's SQLite backend ranked each result with a subquery that ran the whole
    match again (10 s for an API search at 10,000 members); here one statement matches."""
    with CaptureQueriesContext(connection) as queries:
        titles = [page.title for page in Page.objects.live().search(WORD)]
    assert set(titles[:2]) == {"Xylophone Club", "Xylophone lessons"}  # title matches first
    assert titles[2:] == ["Open afternoon"]
    # Wagtail's backend matched again for every result (SQLite), or read every index
    # entry (PostgreSQL): one statement here matches and ranks.
    word = " MATCH " if connection.vendor == "sqlite" else "@@"
    matching = [query["sql"] for query in queries.captured_queries if word in query["sql"]]
    assert len(matching) == 1, matching
    assert matching[0].count(word) == (1 if connection.vendor == "sqlite" else 2)


def test_autocomplete_finds_pages_by_the_start_of_a_word(band):
    """The admin's search boxes autocomplete; on SQLite that too is matched once (it took
    about 12 s in the page explorer at 10,000 members)."""
    with CaptureQueriesContext(connection) as queries:
        titles = {page.title for page in Page.objects.live().autocomplete("xyloph")}
    assert titles == {"Xylophone Club", "Xylophone lessons"}
    assert {page.title for page in Page.objects.live().autocomplete('"zith')} == {"Zither evening"}
    if connection.vendor == "sqlite":
        matching = [q["sql"] for q in queries.captured_queries if " MATCH " in q["sql"]]
        assert len(matching) == 1 and matching[0].count(" MATCH ") == 1, matching


def test_the_admin_page_search_lists_matching_pages(client, band, django_user_model):
    admin = django_user_model.objects.create_superuser("searcher", "s@example.org", "pw-x-123")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "xylophone"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xylophone lessons" in page and "Xylophone Club" in page
    assert "Zither evening" not in page
