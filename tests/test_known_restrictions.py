"""Page view restrictions, remembered per process and content generation
(cms/caching/restrictions.py): fewer queries on every public page, and a page made private
is never served or listed from a remembered copy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.caching import generation
from tests.profiles_support import make_action, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(member_directory):
    profile = make_member(member_directory, "Quiet Members Club", slug="quiet-members-club")
    make_action(profile, "Memory walks", slug="memory-walks")
    return profile


def restriction_queries(client, url):
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    assert response.status_code == 200
    return [q for q in counted.captured_queries if "pageviewrestriction" in q["sql"]]


def test_a_repeat_visit_does_not_read_the_restrictions_again(client, member):
    client.get(member.url)
    assert restriction_queries(client, member.url) == []
    assert restriction_queries(client, "/members/") == []
    assert restriction_queries(client, "/api/v2/pages/?type=profiles.OrganisationProfilePage") == []


def test_making_a_page_private_asks_visitors_for_the_password_at_once(client, member):
    assert "Memory walks" in client.get(member.url).content.decode()
    # As the admin's privacy dialog saves it.
    PageViewRestriction.objects.create(page=member, restriction_type="password", password="x")
    html = client.get(member.url).content.decode()
    assert "Memory walks" not in html
    assert 'name="password"' in html


def test_a_private_member_leaves_the_directory_and_the_api(client, member):
    api = "/api/v2/pages/?type=profiles.OrganisationProfilePage"
    assert "Quiet Members Club" in client.get("/members/").content.decode()
    assert client.get(api).json()["meta"]["total_count"] == 1
    PageViewRestriction.objects.create(page=member, restriction_type="login")
    assert "Quiet Members Club" not in client.get("/members/").content.decode()
    assert client.get(api).json()["meta"]["total_count"] == 0


def test_a_private_directory_hides_its_members_actions_too(client, member, member_directory):
    action = member.get_children().get()
    PageViewRestriction.objects.create(page=member_directory, restriction_type="login")
    client.get("/")  # the restrictions are now remembered, with one row
    response = client.get(action.url)
    assert response.status_code == 302  # to the login page, as Wagtail sends it
    assert "/login" in response["Location"]


def test_a_restriction_removed_by_another_process_is_seen(client, member):
    restriction = PageViewRestriction.objects.create(page=member, restriction_type="login")
    assert client.get(member.url).status_code == 302
    # Another process's delete: no signal here, only the generation it bumped.
    PageViewRestriction.objects.filter(pk=restriction.pk)._raw_delete(connection.alias)
    generation.bump()
    assert "Memory walks" in client.get(member.url).content.decode()


def test_the_admin_reads_the_restrictions_from_the_database(client, admin_client, member):
    client.get(member.url)  # remembered: no restriction
    # Written without the signal that changes the generation: only a reader of the
    # table itself can know of it.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=member, restriction_type="login")]
    )
    html = admin_client.get(f"/admin/pages/{member.pk}/privacy/").json()["html"]
    assert 'value="login" required id="id_restriction_type_2" checked' in html
