"""The lists a profile names things from (sectors, outcomes, action plan questions, live
public local alliances), remembered per process and content generation
(profiles/known_snippets.py), on its page and in API v2: read once, shown right on every
visit, and changed at once when an editor changes them."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cms.caching import generation
from profiles.models import ActionPlanQuestion, DeclarationOutcome, Sector
from tests.profiles_support import make_alliance, make_member

pytestmark = pytest.mark.django_db

LIST_READS = (
    'SELECT "profiles_sector"."id"',
    'SELECT "profiles_declarationoutcome"."id"',
    'SELECT "profiles_actionplanquestion"."id"',
)


@pytest.fixture
def member(member_directory, home_page):
    alliance = make_alliance(home_page, "Luton DAA", "luton-daa")
    question = ActionPlanQuestion.objects.create(text="What will you do first?", sort_order=1)
    page = make_member(
        member_directory,
        "Known Lists Trust",
        sectors=["arts", "health"],
        alliances=[alliance],
        revision=False,
    )
    page.outcomes = list(DeclarationOutcome.objects.order_by("number")[:2])
    page.action_plan = [
        ("answer", {"question": question, "answer": "<p>Open a memory caf\u00e9.</p>"})
    ]
    page.save_revision().publish()
    return page


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_names_what_it_links_to(client, member):
    html = html_of(client, member)
    assert "Arts, Health" in html
    assert ">Luton DAA</a>" in html
    assert DeclarationOutcome.objects.get(number=1).text in html
    assert "What will you do first?" in html


def test_a_repeat_visit_reads_only_the_profiles_own_links(client, member):
    html_of(client, member)
    with CaptureQueriesContext(connection) as counted:
        html = html_of(client, member)
    reads = [q["sql"] for q in counted.captured_queries if q["sql"].startswith(LIST_READS)]
    assert reads == []
    assert "Arts, Health" in html and "What will you do first?" in html


def test_renamed_sector_outcome_and_question_show_at_once(client, member):
    html_of(client, member)
    sector = Sector.objects.get(slug="arts")
    sector.name = "Arts and Crafts"
    sector.save()
    outcome = DeclarationOutcome.objects.get(number=1)
    outcome.text = "I can say what I want, reworded."
    outcome.save()
    question = ActionPlanQuestion.objects.get(text="What will you do first?")
    question.text = "What will you do before anything else?"
    question.save()
    html = html_of(client, member)
    assert "Arts and Crafts, Health" in html
    assert "I can say what I want, reworded." in html
    assert "What will you do before anything else?" in html


def test_a_link_added_by_another_process_shows_once_it_changes_the_generation(client, member):
    html_of(client, member)
    # Another process's writes: no signals here, only the generation it bumped.
    Sector.objects.filter(slug="arts").update(name="Performing Arts")
    generation.bump()
    # Listed by name, as before.
    assert "Health, Performing Arts" in html_of(client, member)


def test_an_unpublished_alliance_is_no_longer_named(client, member):
    assert ">Luton DAA</a>" in html_of(client, member)
    from profiles.models import LocalAlliancePage

    LocalAlliancePage.objects.get(slug="luton-daa").unpublish()
    assert "Luton DAA" not in html_of(client, member)


def test_changing_one_visits_copy_leaves_the_next_visit_alone(client, member):
    """Each request gets copies: what a page sets on one is not what the next one reads."""
    from profiles import known_snippets

    html_of(client, member)
    generation_now = generation.current()
    token = generation._serving.set(generation_now)
    try:
        sectors, _, _ = member.linked_snippets()
        sectors[0].name = "Changed by one request"
        again, _, _ = member.linked_snippets()
        assert again[0].name == "Arts"
        assert known_snippets.sectors_by_id()[sectors[0].pk].name == "Arts"
    finally:
        generation._serving.reset(token)


def test_a_preview_shows_the_unsaved_choices(member):
    """Outside a public GET (a preview renders an unsaved page) the relations are asked,
    so an editor sees the sectors just ticked, not the published ones."""
    member.sectors = list(Sector.objects.filter(slug="education"))
    request = RequestFactory().get(member.url)
    context = member.get_context(request)
    assert [sector.name for sector in context["sectors"]] == ["Education"]


def test_member_cards_name_each_members_sectors_and_follow_a_rename(
    client, member, member_directory
):
    """The directory's and the alliance page's cards take their sectors from the same
    remembered list, and each card only its own member's."""
    make_member(member_directory, "Other Sectors Trust", sectors=["education"])

    def card_sectors(url):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(client.get(url).content, "html.parser")
        return {
            card.select_one(".card__title").get_text(strip=True): [
                li.get_text() for li in card.select(".tag-list li")
            ]
            for card in soup.select(".card-list .card")
        }

    assert card_sectors("/members/") == {
        "Known Lists Trust": ["Arts", "Health"],
        "Other Sectors Trust": ["Education"],
    }
    Sector.objects.filter(slug="health").update(name="Wellbeing")
    generation.bump()
    assert card_sectors("/members/")["Known Lists Trust"] == ["Arts", "Wellbeing"]
    assert card_sectors("/local-alliances/luton-daa/") == {
        "Known Lists Trust": ["Arts", "Wellbeing"]
    }


API_PROFILES = "/api/v2/pages/?type=profiles.OrganisationProfilePage&fields=*"


def api_links(client, url=API_PROFILES):
    """{title: (sector names, alliance names, outcome numbers)} of each profile API v2 lists."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    data = response.json()
    profiles = data.get("items", [data])
    return {
        profile["title"]: (
            [sector["name"] for sector in profile["sectors"]],
            [alliance["name"] for alliance in profile["local_alliances"]],
            [outcome["number"] for outcome in profile["outcomes"]],
        )
        for profile in profiles
    }


def test_api_lists_each_profiles_own_links_from_the_remembered_lists(
    client, member, member_directory
):
    make_member(member_directory, "No Links Trust", sectors=[])
    other = make_member(member_directory, "Education Trust", sectors=["education"])
    other.outcomes = list(DeclarationOutcome.objects.filter(number=3))
    other.save_revision().publish()
    expected = {
        "Known Lists Trust": (["Arts", "Health"], ["Luton DAA"], [1, 2]),
        "No Links Trust": ([], [], []),
        "Education Trust": (["Education"], [], [3]),
    }
    assert api_links(client) == expected
    with CaptureQueriesContext(connection) as counted:
        assert api_links(client) == expected
    reads = [q["sql"] for q in counted.captured_queries if q["sql"].startswith(LIST_READS)]
    assert reads == []
    # The detail of one profile says the same.
    assert api_links(client, f"/api/v2/pages/{other.pk}/") == {
        "Education Trust": expected["Education Trust"]
    }


def test_api_follows_a_renamed_sector_at_once(client, member):
    assert api_links(client)["Known Lists Trust"][0] == ["Arts", "Health"]
    sector = Sector.objects.get(slug="arts")
    sector.name = "Arts and Crafts"
    sector.save()
    assert api_links(client)["Known Lists Trust"][0] == ["Arts and Crafts", "Health"]


def test_a_private_alliance_is_named_neither_on_the_profile_nor_in_the_api(client, member):
    from wagtail.models import PageViewRestriction

    from profiles.models import LocalAlliancePage

    assert ">Luton DAA</a>" in html_of(client, member)
    PageViewRestriction.objects.create(
        page=LocalAlliancePage.objects.get(slug="luton-daa"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="members-only",
    )
    assert "Luton DAA" not in html_of(client, member)
    assert api_links(client)["Known Lists Trust"][1] == []
    assert api_links(client, f"/api/v2/pages/{member.pk}/")["Known Lists Trust"][1] == []


def test_linked_ids_reads_every_relation_of_every_profile_in_one_query(member, member_directory):
    from profiles.models import OrganisationProfilePage
    from profiles.models.links import linked_ids

    bare = make_member(member_directory, "Bare Trust", sectors=[])
    relations = ("sectors", "local_alliances", "outcomes")
    with CaptureQueriesContext(connection) as counted:
        found = linked_ids(OrganisationProfilePage, [member.pk, bare.pk], relations)
    assert len(counted) == 1
    assert found["sectors"][member.pk] == set(member.sectors.values_list("pk", flat=True))
    assert found["local_alliances"][member.pk] == set(
        member.local_alliances.values_list("pk", flat=True)
    )
    assert found["outcomes"][member.pk] == set(
        DeclarationOutcome.objects.order_by("number")[:2].values_list("pk", flat=True)
    )
    assert [found[relation][bare.pk] for relation in relations] == [set(), set(), set()]


def test_no_profiles_cost_no_query(db):
    """An empty directory page or API page asks nothing about links."""
    from profiles.models import OrganisationProfilePage
    from profiles.models.links import remembered_links

    with CaptureQueriesContext(connection) as counted:
        assert remembered_links(OrganisationProfilePage, []) == {}
        assert OrganisationProfilePage.with_card_sectors([]) == []
    assert len(counted) == 0
