"""The status filter finds members through the path index, never child by parent.

"Members with a live action in this status" was a correlated subquery (each member's
actions found with `path LIKE member.path || '%'`), which no index serves: at 10,000 members
`/members/?status=completed` ran for minutes on SQLite and 15-17 s on PostgreSQL, and so did
the API's `?status=`. The directory's and the API's behaviour are tested in
test_profiles_directory.py and test_api_v2.py; this checks how the database is asked.
"""

import pytest
from django.db import connection
from wagtail.models import Page

from cms.api import DirectoryFilter
from profiles.filters import DirectoryFilters
from profiles.models import ActionPage, OrganisationProfilePage
from profiles.models.tree import parent_paths
from tests.profiles_support import make_action, make_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan"),
]


def query_plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.fixture
def members_with_actions(member_directory):
    done = make_member(member_directory, "Done Trust")
    make_action(done, status="completed")
    planning = make_member(member_directory, "Planning Trust")
    make_action(planning, status="planned")
    return done, planning


def test_parent_paths_are_the_parents_of_the_pages(members_with_actions):
    done, _planning = members_with_actions
    completed = ActionPage.objects.filter(status="completed")
    assert list(OrganisationProfilePage.objects.filter(path__in=parent_paths(completed))) == [done]


def test_the_directory_status_filter_reads_no_correlated_subquery(members_with_actions):
    members = DirectoryFilters(status="completed").apply(OrganisationProfilePage.objects.live())
    assert [member.title for member in members] == ["Done Trust"]
    plan = query_plan(members)
    assert "CORRELATED" not in plan, plan
    # The actions in that status come from their index (profiles/migrations/0009), not
    # from a scan of every action's row with its updates.
    assert "COVERING INDEX profiles_action_status_idx" in plan, plan


@pytest.mark.parametrize("model", [Page, OrganisationProfilePage, ActionPage])
def test_the_api_status_filter_reads_no_correlated_subquery(members_with_actions, model):
    pages = DirectoryFilter.with_status(model.objects.live(), "completed")
    titles = {page.title for page in pages}
    completed_action = ActionPage.objects.get(status="completed").title
    expected = {
        Page: {"Done Trust", completed_action},
        OrganisationProfilePage: {"Done Trust"},
        ActionPage: {completed_action},
    }[model]
    assert titles == expected
    plan = query_plan(pages)
    assert "CORRELATED" not in plan, plan
