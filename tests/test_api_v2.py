"""API v2: field shapes, the directory filters, hidden pages and bad parameters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_support import HIDDEN_WORDS

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def items(client, query):
    response = client.get(PAGES + query)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(client, query):
    return {item["title"] for item in items(client, query)}


def detail(client, page):
    response = client.get(f"{PAGES}{page.pk}/")
    assert response.status_code == 200
    return response.json()


def test_profile_fields(client, api_content):
    data = detail(client, api_content.music)
    assert data["region"] == {
        "id": data["region"]["id"],
        "slug": "east-of-england",
        "name": "East of England",
    }
    assert [(s["slug"], s["name"]) for s in data["sectors"]] == [
        ("arts", "Arts"),
        ("health", "Health"),
    ]
    assert data["local_alliances"] == [
        {"id": api_content.luton.pk, "slug": "luton-daa", "name": "Luton Dementia Action Alliance"}
    ]
    (outcome,) = data["outcomes"]
    assert outcome["number"] == 5
    assert outcome["text"].startswith("I live in an enabling and supportive environment")
    assert outcome["framework"]["slug"] == "national-dementia-declaration"
    assert set(outcome) == {"id", "number", "text", "framework"}
    assert data["member_since"] == "2020-09-24"
    # Rich text is HTML for a browser, not Wagtail's stored format.
    assert data["introduction"] == (
        "<p>Music Makers plays music with people living with dementia.</p>"
    )


def test_logo_is_renditions_with_sizes_and_alt_text(client, api_content):
    logo = detail(client, api_content.music)["logo"]
    assert logo["id"] == api_content.logo.pk
    assert logo["alt"] == "Music Makers: three notes in a circle"
    small, large = logo["renditions"]["small"], logo["renditions"]["large"]
    assert (small["width"], small["height"]) == (160, 80)
    assert (large["width"], large["height"]) == (480, 240)
    assert small["url"].startswith("http") and ".max-160x160" in small["url"]
    assert detail(client, api_content.carers)["logo"] is None


def test_action_plan_is_questions_and_html_answers(client, music24):
    data = detail(client, music24)
    plan = data["action_plan"]
    assert len(plan) == 2
    assert set(plan[0]) == {"question", "answer_html"}
    assert plan[0]["question"].startswith("The National Dementia Declaration lists seven outcomes")
    assert plan[0]["answer_html"].startswith("<p>Music24 will strive to contribute")


def test_action_fields_and_updates_newest_first(client, api_content):
    data = detail(client, api_content.music_action)
    assert data["status"] == {"slug": "being-implemented", "label": "Being implemented"}
    assert [o["number"] for o in data["outcomes"]] == [5]
    assert data["updates"] == [
        {
            "year": 2015,
            "quarter": 2,
            "date": None,
            "heading": "2015 – Second quarter update",
            "body_html": "<p>Kept running through fundraising.</p>",
        },
        {
            "year": 2015,
            "quarter": None,
            "date": "2015-03-01",
            "heading": "Update of 1 March 2015",
            "body_html": "<p>Second group opened.</p>",
        },
        {
            "year": 2014,
            "quarter": 4,
            "date": None,
            "heading": "2014 – Fourth quarter update",
            "body_html": "<p>Pilot funded by the council.</p>",
        },
    ]
    assert data["latest_update_date"] == "2015-06-30"


def test_status_none_given(client, api_content):
    action = api_content.carers_action.get_latest_revision_as_object()
    action.status = ""
    action.save_revision().publish()
    assert detail(client, action)["status"] == {
        "slug": "",
        "label": "None given",
    }


def test_local_alliance_lists_its_live_members(client, api_content):
    data = detail(client, api_content.luton)
    assert data["region"]["slug"] == "east-of-england"
    assert [m["slug"] for m in data["members"]] == ["music-makers"]


def test_filter_by_region(client, api_content):
    found = titles(client, "?region=east-of-england")
    assert {"Music Makers", "Luton Dementia Action Alliance"} <= found
    assert "Leeds Carers" not in found and "Leeds Dementia Action Alliance" not in found
    assert titles(
        client, "?region=yorkshire-and-the-humber&type=profiles.OrganisationProfilePage"
    ) == {"Leeds Carers"}


def test_filter_by_sector(client, api_content):
    assert titles(client, "?sector=arts") == {"Music Makers"}
    assert titles(client, "?sector=care") == {"Leeds Carers"}


def test_filter_by_alliance(client, api_content):
    assert titles(client, "?alliance=leeds-daa") == {"Leeds Carers"}
    assert titles(client, "?alliance=luton-daa&type=profiles.OrganisationProfilePage") == {
        "Music Makers"
    }


def test_filter_by_status(client, api_content):
    assert titles(client, "?status=completed&type=profiles.ActionPage") == {"Carers cafe"}
    assert titles(client, "?status=completed&type=profiles.OrganisationProfilePage") == {
        "Leeds Carers"
    }
    assert titles(client, "?status=being-implemented") == {"Music Makers", "Singing for the brain"}


def test_filters_combine_with_wagtails_own(client, api_content):
    assert titles(client, f"?child_of={api_content.music.pk}") == {"Singing for the brain"}
    assert titles(client, "?type=profiles.ActionPage&region=east-of-england") == set()
    assert titles(client, "?sector=arts&region=yorkshire-and-the-humber") == set()
    assert titles(client, "?search=fundraising") == {"Singing for the brain"}


@pytest.mark.parametrize(
    "query",
    [
        "?type=profiles.OrganisationProfilePage",  # counted on the page table (api_pagination)
        "?type=profiles.OrganisationProfilePage&order=-title",
        "?type=profiles.OrganisationProfilePage&title=Music%20Makers",
        "?type=profiles.OrganisationProfilePage&region=east-of-england",
        "?type=profiles.ActionPage&status=completed",
        "?type=profiles.ActionPage",
        "?limit=20",
    ],
)
def test_total_count_is_what_the_list_holds(client, api_content, query):
    # Hidden pages of each type exist (drafts, private, expired): none may be counted.
    data = client.get(PAGES + query).json()
    assert data["meta"]["total_count"] == len(data["items"]) > 0, data


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_a_one_type_total_reads_only_the_page_type_index(client, api_content):
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGES + "?type=profiles.OrganisationProfilePage")
    (count_sql,) = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count_sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX profiles_page_type_idx" in plan, plan


def test_pages_of_a_one_type_list_follow_each_other(client, api_content):
    query = "?type=profiles.ActionPage"
    everything = [item["id"] for item in items(client, f"{query}&limit=20")]
    paged = [items(client, f"{query}&limit=1&offset={n}")[0]["id"] for n in range(len(everything))]
    assert paged == everything and len(everything) >= 2


def test_unknown_slug_matches_nothing(client, api_content):
    assert items(client, "?region=atlantis") == []
    assert items(client, "?alliance=nowhere-daa") == []


BAD_QUERIES = [
    "?region=east%20of%20england",
    "?sector=" + "a" * 101,
    "?alliance=<script>",
    "?status=paused",
    "?limit=abc",
    "?limit=-1",
    "?limit=1000",
    "?offset=x",
    "?fields=nonsense",
    "?fields=title,(",
    "?type=profiles.Nope",
    "?type=nonsense",
    "?child_of=abc",
    "?child_of=999999",
    "?order=nonsense",
    "?colour=blue",
    "?search=music&search_operator=xor",
    "?type=profiles.OrganisationProfilePage&sectors=arts",
    "?type=profiles.OrganisationProfilePage&member_since=yesterday",
    "?type=profiles.ActionPage&latest_update_date=2015-13-45",
    "?type=profiles.ActionPage&outcomes=five",
    "?type=profiles.ActionPage&updates=x",
    "?type=profiles.OrganisationProfilePage&logo=abc",
    "?search=%00",
    "?region=%00",
    "?search=" + "x" * 1001,
]


def test_bad_parameters_get_400_with_a_message(client, api_content):
    for query in BAD_QUERIES:
        response = client.get(PAGES + query)
        assert response.status_code == 400, (query, response.content)
        assert response.json()["message"], query


def test_hidden_pages_never_appear(client, api_content):
    listed = str(items(client, "?limit=100&fields=*"))
    for kind, word in HIDDEN_WORDS.items():
        assert word not in listed, kind
        assert items(client, f"?search={word}") == [], kind
        if kind != "draft_revision":
            page = api_content.hidden[kind]
            assert client.get(f"{PAGES}{page.pk}/").status_code == 404, kind
            assert client.get(f"{PAGES}?child_of={page.pk}").status_code == 400, kind
            found = client.get(f"{PAGES}find/?html_path={page.url_path[len('/home') :]}")
            assert found.status_code == 404, kind
    # The live page with a newer draft is there, with its published text only.
    assert HIDDEN_WORDS["draft_revision"] not in str(detail(client, api_content.music))


def test_search_finds_live_pages(client, api_content):
    # The control for the search checks above: a live page's words are found.
    assert titles(client, "?search=dementia&type=profiles.OrganisationProfilePage") == {
        "Music Makers"
    }
    found = client.get(f"{PAGES}find/?html_path=/members/music-makers/")
    assert found.status_code == 302
    assert f"/api/v2/pages/{api_content.music.pk}/" in found["Location"]


def test_pages_behind_a_restriction_hidden_from_signed_in_users_too(
    client, api_content, django_user_model
):
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    page = api_content.hidden["login"]
    assert client.get(f"{PAGES}{page.pk}/").status_code == 404


def test_children_of_a_private_page_are_hidden(client, api_content):
    assert HIDDEN_WORDS["password"] not in str(items(client, "?type=profiles.ActionPage&limit=100"))


def test_consent_endpoint_is_on_the_same_router(client, consent_policy):
    assert client.get("/api/v2/consent/").status_code == 200


def test_images_and_documents_endpoints(client, api_content):
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200


def test_json_is_compact_unless_indentation_is_asked_for(client, api_content):
    compact = client.get(PAGES + "?limit=1")
    assert compact.status_code == 200
    assert b"\n" not in compact.content
    indented = client.get(PAGES + "?limit=1", HTTP_ACCEPT="application/json; indent=4")
    assert indented.status_code == 200
    assert b'\n    "meta"' in indented.content
    assert indented.json() == compact.json()


def test_a_list_sorted_on_request_sorts_ids_and_reads_the_page_after(
    client, member_directory, django_assert_max_num_queries
):
    from tests.profiles_support import make_action, make_member

    member = make_member(member_directory, "Sorting Trust")
    for title in ["Delta", "alpha", "Charlie", "Bravo", "Echo"]:
        make_action(member, title, description=f"<p>{title} " + "long text " * 200 + "</p>")
    # child_of: the module's other fixtures may have added actions of their own.
    query = f"?type=profiles.ActionPage&child_of={member.pk}&order=title&fields=description"
    every = [item["title"] for item in items(client, query + "&limit=5")]
    assert every == sorted(every)  # the database's collation decides where "alpha" goes
    paged = []
    for offset in (0, 2, 4):
        paged += [item["title"] for item in items(client, f"{query}&limit=2&offset={offset}")]
    assert paged == every
    backwards = [item["title"] for item in items(client, query.replace("title", "-title"))]
    assert backwards == every[::-1]

    # The sort reads ids alone; the rows of the page (descriptions and all) come after.
    with CaptureQueriesContext(connection) as queries:
        items(client, f"{query}&limit=2&offset=2")
    (sorting,) = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    selected = sorting.split(" FROM ")[0]
    assert "description" not in selected and selected.count(",") == 0, selected
