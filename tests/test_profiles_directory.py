"""The member directory: filters narrow the list, bad values never break it, 20 a page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.profiles_support import make_action, make_alliance, make_member, quarter_update


def member_titles(client, query=""):
    response = client.get(f"/members/{query}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [title.get_text(strip=True) for title in soup.select(".card-list .card__title")]


@pytest.fixture
def members(member_directory, home_page):
    luton = make_alliance(home_page, "Luton Dementia Action Alliance", "luton-daa")
    leeds = make_alliance(home_page, "Leeds Dementia Action Alliance", "leeds-daa")
    arts = make_member(
        member_directory, "Arts Trust", sectors=["arts", "charity"], alliances=[luton]
    )
    make_action(arts, status="being-implemented")
    hospital = make_member(
        member_directory,
        "Leeds Hospital",
        region="yorkshire-and-the-humber",
        sectors=["health"],
        alliances=[leeds],
    )
    make_action(hospital, status="completed")
    bank = make_member(member_directory, "Bank", region="london", sectors=["finance"])
    # A draft action does not count towards the status filter.
    draft = make_action(bank, status="completed")
    draft.unpublish()
    return {"arts": arts, "hospital": hospital, "bank": bank}


def test_directory_lists_every_live_member(client, members):
    assert member_titles(client) == ["Arts Trust", "Bank", "Leeds Hospital"]


def member_count(client, query=""):
    soup = BeautifulSoup(client.get(f"/members/{query}").content, "html.parser")
    return soup.select_one("p[role=status]").get_text(strip=True)


def test_the_count_leaves_out_drafts_and_private_members(client, members, member_directory):
    from wagtail.models import PageViewRestriction

    assert member_count(client) == "3 members."
    members["bank"].unpublish()
    hidden = make_member(member_directory, "Private Club")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    # The unfiltered count is a query of its own (profiles/models/directory.py).
    assert member_count(client) == "2 members."
    assert member_count(client, "?sector=health") == "1 member match your filters."


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_the_unfiltered_count_reads_only_the_directorys_index(members, member_directory):
    from profiles.filters import DirectoryFilters

    with CaptureQueriesContext(connection) as queries:
        member_directory.count_members(DirectoryFilters(), members=None)
    (count_sql,) = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count_sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX profiles_member_title_idx" in plan, plan


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?region=yorkshire-and-the-humber", ["Leeds Hospital"]),
        ("?region=east-of-england", ["Arts Trust"]),
        ("?sector=arts", ["Arts Trust"]),
        ("?sector=finance", ["Bank"]),
        ("?alliance=leeds-daa", ["Leeds Hospital"]),
        ("?alliance=luton-daa", ["Arts Trust"]),
        ("?status=completed", ["Leeds Hospital"]),
        ("?status=being-implemented", ["Arts Trust"]),
        ("?status=planned", []),
        ("?region=east-of-england&sector=health", []),
        ("?region=yorkshire-and-the-humber&sector=health&status=completed", ["Leeds Hospital"]),
    ],
)
def test_each_filter_narrows_the_list(client, members, query, expected):
    assert member_titles(client, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?region=atlantis",
        "?sector=%3Cscript%3E",
        "?alliance=" + "x" * 500,
        "?status=abandoned",
        "?region=london&sector=nonsense",
    ],
)
def test_unknown_filter_values_give_an_empty_list_not_an_error(client, members, query):
    response = client.get(f"/members/{query}")
    assert response.status_code == 200
    assert member_titles(client, query) == []
    assert "No members match these filters" in response.content.decode()
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "%00"])
def test_a_page_number_that_is_not_a_number_is_a_400(client, members, page):
    response = client.get(f"/members/?page={page}")
    assert response.status_code == 400
    assert "page number" in response.content.decode()


def test_filter_form_is_a_get_form_with_a_button_and_keeps_choices(client, members):
    soup = BeautifulSoup(client.get("/members/?sector=arts").content, "html.parser")
    form = soup.select_one("form.filters")
    assert form["method"] == "get"
    assert form.select_one("button[type=submit]")
    assert form.select_one("select[name=sector] option[selected]")["value"] == "arts"
    for name in ("region", "sector", "alliance", "status"):
        assert form.select_one(f"label[for=filter-{name}]")
        # Nothing submits on change: filters apply only when the button is pressed.
        assert not form.select_one(f"select[name={name}]").has_attr("onchange")


def test_filter_options_are_every_choice_escaped_with_only_the_chosen_one_selected(client, members):
    from profiles.models import Sector

    Sector.objects.create(name='Arts & "Crafts" <b>', slug="arts-crafts")
    html = client.get("/members/?sector=arts-crafts").content.decode()
    assert (
        '<option value="arts-crafts" selected>Arts &amp; &quot;Crafts&quot; &lt;b&gt;</option>'
        in (html)
    )
    soup = BeautifulSoup(html, "html.parser")
    sector_options = soup.select("select[name=sector] option")
    assert [o["value"] for o in sector_options if o.has_attr("selected")] == ["arts-crafts"]
    # "Any sector" first, then every sector.
    assert len(sector_options) == Sector.objects.count() + 1
    alliance_values = [o["value"] for o in soup.select("select[name=alliance] option")]
    assert alliance_values == ["", "leeds-daa", "luton-daa"]


def test_twenty_members_a_page_and_filters_survive_paging(client, member_directory):
    for n in range(45):
        make_member(member_directory, f"Org {n:02d}", sectors=["arts"], revision=False)
    make_member(member_directory, "Zz other sector", sectors=["health"], revision=False)
    assert len(member_titles(client, "?sector=arts")) == 20
    third = member_titles(client, "?sector=arts&page=3")
    assert third == [f"Org {n:02d}" for n in range(40, 45)]
    html = client.get("/members/?sector=arts&page=2").content.decode()
    assert 'href="?sector=arts&amp;page=3"' in html
    assert 'href="?sector=arts&amp;page=1"' in html
    # Past the end shows the last page rather than an error.
    assert member_titles(client, "?sector=arts&page=99") == third


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_members(directory, alliance, count, start):
    for n in range(start, start + count):
        member = make_member(
            directory,
            f"Bulk {n:03d}",
            sectors=["arts", "health"],
            alliances=[alliance],
            revision=False,
        )
        make_action(member, status="planned", revision=False)


def test_directory_queries_do_not_grow_with_members(
    client, home_page, member_directory, django_assert_num_queries
):
    alliance = make_alliance(home_page, "Luton Dementia Action Alliance", "luton-daa")
    add_members(member_directory, alliance, 10, 0)
    url = "/members/?status=planned"
    with_ten = count_queries(client, url)
    add_members(member_directory, alliance, 190, 10)
    client.get(url)
    with django_assert_num_queries(with_ten):
        response = client.get(url)
    assert len(BeautifulSoup(response.content, "html.parser").select(".card")) == 20


def test_profile_queries_do_not_grow_with_actions_and_updates(
    client, member_directory, django_assert_num_queries
):
    one = make_member(member_directory, "One action", member_since=datetime.date(2020, 1, 1))
    make_action(one, updates=[quarter_update(2015, 1, "Only update")])
    with_one = count_queries(client, one.url)

    many = make_member(member_directory, "Many actions", member_since=datetime.date(2020, 1, 1))
    for n in range(30):
        make_action(
            many,
            f"Action {n}",
            status="being-implemented",
            updates=[quarter_update(2000 + u, u % 4 + 1, f"Update {u}") for u in range(20)],
            revision=False,
        )
    client.get(many.url)
    with django_assert_num_queries(with_one):
        response = client.get(many.url)
    assert response.content.decode().count('class="card__title"') == 30
