"""generate_bulk_content makes valid, live, routable, listed and searchable members."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from profiles.bulk import BULK_MARKER
from profiles.models import ActionPage, OrganisationProfilePage
from tests.search_support import result_titles, search


@pytest.fixture
def generated(member_directory):
    out = StringIO()
    call_command("generate_bulk_content", members=6, seed=3, stdout=out)
    return out.getvalue()


def test_tree_is_valid_and_counts_are_right(generated):
    assert Page.find_problems() == ([], [], [], [], [])
    members = OrganisationProfilePage.objects.filter(search_description=BULK_MARKER)
    assert members.count() == 6
    for member in members:
        actions = ActionPage.objects.child_of(member)
        assert member.numchild == actions.count() >= 3
        assert all(2 <= len(action.updates) <= 6 for action in actions)
    assert "Created 6 members" in generated
    assert "6 / 6 members" in generated  # progress on the console


def test_pages_are_live_with_a_published_revision_and_routable(client, generated):
    member = OrganisationProfilePage.objects.filter(search_description=BULK_MARKER).first()
    action = ActionPage.objects.child_of(member).first()
    for page in (member, action):
        assert page.live and not page.has_unpublished_changes
        assert page.latest_revision_id == page.live_revision_id
        assert page.latest_revision.as_object().title == page.title
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in response.content.decode()
    assert action.latest_update_date is not None


def test_members_are_in_the_directory_and_searchable(client, generated):
    member = OrganisationProfilePage.objects.filter(search_description=BULK_MARKER).first()
    directory = client.get("/members/").content.decode()
    assert member.title in directory
    assert member.title in result_titles(search(client, q=member.title))
    action = ActionPage.objects.child_of(member).first()
    update_text = action.updates[0].value["body"].source
    word = max(update_text.replace("<p>", " ").replace("</p>", " ").split(), key=len).strip(".,")
    assert result_titles(search(client, q=word))


def test_clear_removes_only_generated_pages(member_directory, generated):
    from tests.profiles_support import make_member

    kept = make_member(member_directory, "Edited by hand")
    call_command("generate_bulk_content", members=0, clear=True, stdout=StringIO())
    assert not OrganisationProfilePage.objects.filter(search_description=BULK_MARKER).exists()
    assert OrganisationProfilePage.objects.filter(pk=kept.pk).exists()
    assert Page.find_problems() == ([], [], [], [], [])
