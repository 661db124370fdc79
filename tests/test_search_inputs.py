"""Bad input never errors; paging, promotions, query logging and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.profiles_support import make_action, make_member
from tests.search_support import result_cards, result_titles, search, total_shown


@pytest.fixture
def choir(member_directory):
    member = make_member(member_directory, "Singing Friends", sectors=["arts"])
    make_action(member, "Tea dance", description="<p>Singing and dancing.</p>")
    return member


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 1000,
        "singing " * 150,
        "café Ærø Łódź Cymru ăîș 日本語 🎶",
        "'; DROP TABLE wagtailcore_page; --",
        "1 OR 1=1",
        'singing"',
        '"unbalanced quote',
        "singing'",
        "(singing",
        "sing* NEAR(a b) title:x ^y",
        "AND OR NOT",
        "-",
        "\x00\x1f control \x7f chars",
        "&amp; <script>alert(1)</script>",
    ],
)
def test_bad_queries_give_a_normal_page(client, choir, query):
    response = search(client, q=query)
    assert b"<h1>Search members and actions</h1>" in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_a_long_query_is_cut_to_200_characters_and_still_searches(client, choir):
    response = search(client, q="singing " + "x" * 1000)
    assert response.context["search_query"] == ("singing " + "x" * 1000)[:200]


def test_quotes_and_punctuation_do_not_stop_matching(client, choir):
    assert "Singing Friends" in result_titles(search(client, q='"singing'))
    assert "Singing Friends" in result_titles(search(client, q="singing!?"))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "２", "9" * 30, "2"])
def test_invalid_page_numbers_are_refused_with_400(client, choir, page):
    # One page of results, so page 2 does not exist either.
    response = client.get("/search/", {"q": "singing", "page": page})
    assert response.status_code == 400
    assert b"page" in response.content


def test_twenty_results_a_page_with_links_between_pages(client, member_directory):
    member = make_member(member_directory, "Big Choir")
    for n in range(24):
        make_action(member, f"Choir session {n}", description="<p>madrigals</p>", revision=False)
    first = search(client, q="madrigals")
    assert total_shown(first) == 24
    assert len(result_cards(first)) == 20
    assert 'rel="next"' in first.content.decode()
    second = search(client, q="madrigals", page=2)
    assert len(result_cards(second)) == 4
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert "q=madrigals&amp;page=1" in second.content.decode()


def test_a_title_match_ranks_above_a_body_match(client, member_directory):
    member = make_member(member_directory, "Town Arts")
    # Made first, so the newest-first tie-break alone would list it last.
    make_action(member, "Madrigal evenings", description="<p>Songs for everyone.</p>")
    for n in range(3):
        make_action(member, f"Session {n}", description="<p>We sing a madrigal or two.</p>")
    assert result_titles(search(client, q="madrigal"))[0] == "Madrigal evenings"


def test_promoted_result_shows_first(client, choir, member_directory):
    other = make_member(member_directory, "Dementia Helpline", introduction="<p>Advice.</p>")
    query = Query.get("singing")
    SearchPromotion.objects.create(
        query=query, page=other, sort_order=0, description="Call us for help finding a group."
    )
    response = search(client, q="Singing")
    body = response.content.decode()
    assert body.index("Dementia Helpline") < body.index("Singing Friends")
    assert "Call us for help finding a group." in body
    # Not on later pages, and not for other queries.
    assert "Dementia Helpline" not in search(client, q="dancing").content.decode()


def test_promotions_are_editable_in_the_admin(admin_client):
    response = admin_client.get("/admin/searchpicks/")
    assert response.status_code == 200
    assert admin_client.get("/admin/searchpicks/add/").status_code == 200


def test_searches_are_logged_for_wagtails_popular_searches(client, choir):
    search(client, q="singing")
    search(client, q="Singing ")
    assert Query.get("singing").hits == 2
    search(client, q="")
    assert not Query.objects.filter(query_string="").exists()


def test_search_query_count_does_not_grow_with_results_or_page(client, member_directory):
    member = make_member(member_directory, "Busy Member")
    for n in range(45):
        make_action(member, f"Session {n}", description="<p>fiddlers</p>", revision=False)

    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            search(client, **params)
        return len(ctx.captured_queries)

    queries(q="fiddlers")  # first search: the query log row is created, the site cached
    assert queries(q="fiddlers", page=1) == queries(q="fiddlers", page=3)
    assert queries(q="fiddlers", sector="arts") == queries(q="fiddlers", sector="arts")


def test_directory_query_count_is_the_same_on_every_page(client, member_directory):
    for n in range(45):
        make_member(member_directory, f"Member {n:02}", sectors=["arts", "health"], revision=False)

    def queries(page):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/members/", {"page": page})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    queries(1)  # warm Wagtail's site cache
    assert queries(1) == queries(2) == queries(3)
