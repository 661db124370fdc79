"""The filters' choices, remembered per process and content generation
(profiles/filter_choices.py): three queries fewer on the directory and the search page, and a
new region, sector or alliance offered at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.caching import generation
from profiles.models import Region, Sector
from tests.profiles_support import make_alliance, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(member_directory):
    make_member(member_directory, "Choices Trust", sectors=["arts"])
    return member_directory


def reference_queries(client, url):
    """The queries that read the filters' choices: regions, sectors, local alliances (no
    other query of these pages reads the sector or alliance tables themselves)."""
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in counted.captured_queries
        if q["sql"].startswith('SELECT "profiles_region"."slug"')
        or 'FROM "profiles_sector"' in q["sql"]
        or 'FROM "profiles_localalliancepage"' in q["sql"]
    ]


def test_the_choices_are_read_on_a_first_visit(client, directory):
    """So the test below would see them if they were read again."""
    assert len(reference_queries(client, "/members/")) == 3


def test_a_repeat_visit_does_not_read_the_choices_again(client, directory):
    client.get("/members/")
    assert reference_queries(client, "/members/") == []
    client.get("/search/?q=choices")
    assert reference_queries(client, "/search/?q=choices") == []


def test_a_new_region_is_offered_at_once(client, directory):
    assert "Isle of Wight" not in client.get("/members/").content.decode()
    Region.objects.create(name="Isle of Wight", slug="isle-of-wight", sort_order=99)
    assert 'value="isle-of-wight"' in client.get("/members/").content.decode()
    assert 'value="isle-of-wight"' in client.get("/search/").content.decode()


def test_a_newly_published_alliance_is_offered_at_once(client, directory, home_page):
    client.get("/search/")
    make_alliance(home_page, "Hastings Dementia Action Alliance", "hastings-daa")
    assert 'value="hastings-daa"' in client.get("/search/").content.decode()
    assert 'value="hastings-daa"' in client.get("/members/").content.decode()


def test_a_sector_added_by_another_process_is_offered(client, directory):
    client.get("/members/")
    # Another process's save: no signal here, only the generation it bumped.
    Sector.objects.bulk_create([Sector(name="Space Agencies", slug="space-agencies")])
    generation.bump()
    assert 'value="space-agencies"' in client.get("/members/").content.decode()
