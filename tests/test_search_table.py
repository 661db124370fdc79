"""The search's own table (search.SearchablePage) follows every change that moves a result.

Each test changes the site the way an editor would and then searches as a visitor: the
result must appear, vanish or be counted under its new organisation, region or status.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from profiles.models import Region
from search import postgres
from search.models import SearchablePage
from tests.profiles_support import make_action, make_member
from tests.search_support import result_titles, search, shown_counts, total_shown

WORD = "xylophone"


@pytest.fixture
def two_members(member_directory):
    north = make_member(member_directory, "Northern Band", region="north-east")
    south = make_member(member_directory, "Southern Band", region="south-west")
    action = make_action(
        north, f"{WORD.title()} lessons", status="completed", description=f"<p>{WORD}</p>"
    )
    return north, south, action


def test_moving_an_action_files_it_under_its_new_organisation(client, two_members):
    north, south, action = two_members
    assert shown_counts(search(client, q=WORD))["region"]["north-east"] == 1

    action.move(south, pos="last-child")

    counts = shown_counts(search(client, q=WORD))["region"]
    assert counts.get("south-west") == 1
    assert counts.get("north-east") is None  # options with no results are left out
    completed = search(client, status="completed")
    assert "Southern Band" in result_titles(completed)
    assert "Northern Band" not in result_titles(completed)


def test_a_new_region_on_the_organisation_moves_its_actions(client, two_members):
    north, _south, _action = two_members
    north.region = Region.objects.get(slug="london")
    north.save_revision().publish()

    counts = shown_counts(search(client, q=WORD))["region"]
    assert counts.get("london") == 1 and counts.get("north-east") is None


def test_a_view_restriction_hides_an_organisation_and_its_actions(client, two_members):
    north, _south, _action = two_members
    restriction = PageViewRestriction.objects.create(
        page=north, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert total_shown(search(client, q=WORD)) == 0
    assert "Northern Band" not in result_titles(search(client, q="Northern"))

    restriction.delete()
    assert total_shown(search(client, q=WORD)) == 1


def test_a_view_restriction_on_the_directory_hides_every_member(
    client, member_directory, two_members
):
    restriction = PageViewRestriction.objects.create(
        page=member_directory, restriction_type=PageViewRestriction.LOGIN
    )
    assert total_shown(search(client, q="Band")) == 0

    restriction.delete()
    assert total_shown(search(client, q="Band")) == 2


def test_deleting_the_only_completed_action_drops_the_organisation_from_that_filter(
    client, two_members
):
    north, _south, action = two_members
    assert "Northern Band" in result_titles(search(client, status="completed"))

    action.delete()

    assert "Northern Band" not in result_titles(search(client, status="completed"))
    assert "Northern Band" in result_titles(search(client, region="north-east"))


def test_the_rebuild_command_restores_a_lost_table(client, two_members):
    SearchablePage.objects.all().delete()
    assert total_shown(search(client, q=WORD)) == 0

    call_command("rebuild_searchable_pages", verbosity=0)

    assert total_shown(search(client, q=WORD)) == 1
    assert SearchablePage.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the broad-query ordering is PostgreSQL's"
)
def test_a_broad_query_lists_title_matches_first_and_pages_through_everything(
    client, member_directory, monkeypatch
):
    # Make every query "broad" so a handful of pages exercises the tiered ordering.
    monkeypatch.setattr(postgres, "FULL_RANK_LIMIT", 0)
    member = make_member(member_directory, "Plain Member", introduction=f"<p>{WORD}</p>")
    in_body = [make_action(member, f"Body {n}", description=f"<p>{WORD} {n}</p>") for n in range(3)]
    in_title = [make_action(member, f"{WORD.title()} {n}") for n in range(3)]
    titled = [page.title for page in sorted(in_title, key=lambda p: -p.pk)]
    rest = [page.title for page in sorted([*in_body, member], key=lambda p: -p.pk)]

    first_page = result_titles(search(client, q=WORD))
    assert first_page == titled + rest

    # Pages of 2 (the view's size patched) cross the boundary between the two tiers.
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 2)
    seen = []
    for number in (1, 2, 3, 4):
        seen += result_titles(search(client, q=WORD, page=number))
    assert seen == titled + rest


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of entry ids")
def test_sqlite_search_reads_entry_ids_from_their_narrow_index(two_members):
    from search import sqlite

    sql, params = sqlite.SQLiteFullText().matches(WORD)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT f.page_id {sql}", params)  # noqa: S608
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert f"COVERING INDEX {sqlite.ENTRY_IDS_INDEX}" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of entry ids")
def test_sqlite_search_still_answers_when_the_index_of_entry_ids_is_gone(client, two_members):
    from search import sqlite

    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {sqlite.ENTRY_IDS_INDEX}")  # as a table rebuild would
    assert result_titles(search(client, q=WORD)) == [f"{WORD.title()} lessons"]
