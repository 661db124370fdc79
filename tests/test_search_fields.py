"""Each searchable part of a member or action finds its page, and only live text is found."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from profiles.models import ActionPage
from tests.profiles_support import make_action, make_member, quarter_update
from tests.search_support import answer, result_cards, result_titles, search


@pytest.fixture
def member(member_directory):
    return make_member(
        member_directory,
        "Harmony Voices",
        introduction="<p>We are a xylophonic ensemble for older people.</p>",
        action_plan=[answer("Our role is bringing quizzerama evenings to care homes.")],
        sectors=["arts"],
    )


@pytest.fixture
def action(member):
    return make_action(
        member,
        "Weekly lullabies",
        description="<p>A session of marimbatics for carers.</p>",
        updates=[quarter_update(2024, 2, "We moved the group onto Zoomathon calls.")],
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Harmony", ("Organisation", "Harmony Voices")),  # organisation title
        ("xylophonic", ("Organisation", "Harmony Voices")),  # introduction
        ("quizzerama", ("Organisation", "Harmony Voices")),  # action-plan answer
        ("lullabies", ("Action", "Weekly lullabies")),  # action title
        ("marimbatics", ("Action", "Weekly lullabies")),  # action description
        ("Zoomathon", ("Action", "Weekly lullabies")),  # text of a progress update
    ],
)
def test_each_searchable_field_finds_its_page(client, action, query, expected):
    assert result_cards(search(client, q=query)) == [expected]


def test_region_and_sector_names_find_the_member(client, action):
    assert "Harmony Voices" in result_titles(search(client, q="East of England"))
    assert "Harmony Voices" in result_titles(search(client, q="Arts"))


def test_an_action_result_names_its_organisation(client, action):
    response = search(client, q="Zoomathon")
    assert "By Harmony Voices" in response.content.decode()


def test_result_cards_show_what_each_kind_of_result_is_about(client, member):
    choir = make_action(member, "Lullaby choir", status="being-implemented")
    html = search(client, q="Lullaby choir").content.decode()
    assert f'href="{choir.url}">Lullaby choir</a>' in html
    assert "By Harmony Voices" in html and "Being implemented" in html
    html = search(client, q="xylophonic").content.decode()
    assert f'href="{member.url}">Harmony Voices</a>' in html
    assert "East of England · Member since 24 September 2020" in html


def test_draft_text_never_appears(client, action):
    action.updates = [quarter_update(2024, 3, "A secret draft about bagpipery.")]
    action.save_revision()  # saved as a draft, not published

    assert result_titles(search(client, q="bagpipery")) == []
    # The published text is still found.
    assert result_titles(search(client, q="Zoomathon")) == ["Weekly lullabies"]

    action.get_latest_revision().publish()
    assert result_titles(search(client, q="bagpipery")) == ["Weekly lullabies"]
    assert result_titles(search(client, q="Zoomathon")) == []


def test_a_page_never_published_is_not_found(client, member):
    make_action(member, "Unpublished plan", description="<p>ocarinistry</p>", revision=False)
    draft = member.get_children().get(title="Unpublished plan")
    draft.unpublish()
    assert result_titles(search(client, q="ocarinistry")) == []


def test_unpublished_page_is_removed(client, action):
    assert result_titles(search(client, q="marimbatics")) == ["Weekly lullabies"]
    action.unpublish()
    assert result_titles(search(client, q="marimbatics")) == []


def test_unpublishing_a_member_removes_it_and_its_actions(client, member, action):
    # What the admin's "Unpublish" with "include descendants" ticked does.
    for page in [member, *member.get_descendants().live().specific()]:
        page.unpublish()
    assert result_titles(search(client, q="xylophonic")) == []
    assert result_titles(search(client, q="marimbatics")) == []


def test_scheduled_expiry_removes_when_due(client, action):
    action.expire_at = timezone.now() - datetime.timedelta(seconds=1)
    action.save(update_fields=["expire_at"])
    assert result_titles(search(client, q="marimbatics")) == ["Weekly lullabies"]
    call_command("publish_scheduled")
    action.refresh_from_db()
    assert action.expired and not action.live
    assert result_titles(search(client, q="marimbatics")) == []


def test_deleted_page_is_removed_from_results_and_index(client, action):
    from wagtail.search.models import IndexEntry

    pk = action.pk
    action.delete()
    assert result_titles(search(client, q="marimbatics")) == []
    # object_id alone could belong to a snippet with the same number.
    action_type = ContentType.objects.get_for_model(ActionPage)
    assert not IndexEntry.objects.filter(content_type=action_type, object_id=str(pk)).exists()
