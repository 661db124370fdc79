"""The home page's children are routed with their remembered type (profiles/models/tree.py):
one query fewer on every page below the home page, and never the wrong page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.profiles_support import make_member
from tests.publishing_helpers import make_live_page

pytestmark = pytest.mark.django_db


def plain_page_reads(client, url):
    """Queries that read a page as a plain Wagtail page (Wagtail's own routing step)."""
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"] for q in counted.captured_queries if 'FROM "wagtailcore_page" WHERE' in q["sql"]
    ]


def test_a_repeat_visit_reads_the_directory_once_as_itself(client, member_directory):
    member = make_member(member_directory, "Route Test Trust", slug="route-test-trust")
    client.get(member.url)
    assert plain_page_reads(client, member.url) == []
    assert "Route Test Trust" in client.get(member.url).content.decode()


def test_a_slug_given_to_a_page_of_another_type_serves_that_page(client, home_page):
    about = make_live_page(home_page, "About us", introduction="The first about page.")
    assert "The first about page." in client.get("/about-us/").content.decode()
    about.delete()
    # The same address, now a member directory.
    from profiles.models import MemberDirectoryPage
    from tests.profiles_support import publish

    publish(home_page, MemberDirectoryPage(title="About us directory", slug="about-us"))
    html = client.get("/about-us/").content.decode()
    assert "About us directory" in html


def test_an_unpublished_child_is_not_found_at_its_remembered_address(client, home_page):
    about = make_live_page(home_page, "Quiet page", introduction="Soon private.")
    assert client.get("/quiet-page/").status_code == 200
    about.unpublish()
    assert client.get("/quiet-page/").status_code == 404


def test_an_unknown_address_is_still_a_404(client, home_page):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_a_repeat_visit_below_a_section_reads_no_section(client, member_directory):
    """The directory, on the way to a profile, is remembered as the home page is."""
    member = make_member(member_directory, "Section Test Trust", slug="section-test-trust")
    client.get(member.url)
    with CaptureQueriesContext(connection) as counted:
        response = client.get(member.url)
    assert "Section Test Trust" in response.content.decode()
    directory_reads = [
        q["sql"] for q in counted.captured_queries if '"profiles_memberdirectorypage"' in q["sql"]
    ]
    assert directory_reads == []


def test_a_renamed_section_shows_and_routes_at_once(client, member_directory):
    make_member(member_directory, "Moving Trust", slug="moving-trust")
    assert "Members" in client.get("/members/moving-trust/").content.decode()
    member_directory.title = "Our members"
    member_directory.slug = "our-members"
    member_directory.save_revision().publish()
    assert client.get("/members/moving-trust/").status_code == 404
    html = client.get("/our-members/moving-trust/").content.decode()
    # The breadcrumb names the section as it is now.
    assert ">Our members</a>" in html


def test_a_page_below_an_unknown_section_is_a_404(client, member_directory):
    assert client.get("/no-such-section/moving-trust/").status_code == 404
    assert client.get("/no-such-section/moving-trust/").status_code == 404
