"""Wagtail's Site history and Workflows reports with user filters that do not list every
member editor (profiles/admin_reports.py)."""

import pytest

from profiles.roles import add_member_editor
from tests.editorial_support import (
    admin_get,
    log_edits_by_member_editors_and_staff,
    make_user,
    signed_in,
    submit_for_moderation,
)
from tests.profiles_support import make_action

pytestmark = pytest.mark.django_db


def report(client, name, **query):
    return admin_get(client, f"/admin/reports/{name}/", **query)


def user_choices(response):
    return {user.username for user in response.context["filters"].form.fields["user"].queryset}


def test_site_history_offers_the_staff_and_me_not_every_member_editor(editorial):
    colleague, _page = log_edits_by_member_editors_and_staff(editorial)[-1]
    assert user_choices(report(signed_in(editorial.moderator), "site-history")) == {"casey"}
    # A member editor still finds their own name.
    choices = user_choices(report(signed_in(editorial.music_editor), "site-history"))
    assert "mia" in choices and "lou" not in choices
    # And the filter still filters, on the page and on the results the filters reload.
    client = signed_in(editorial.moderator)
    for name in ("site-history", "site-history/results"):
        response = report(client, name, user=colleague.pk)
        assert {entry.user for entry in response.context["object_list"]} == {colleague}


@pytest.fixture
def requests(editorial):
    """Moderation requests from Mia (Music24) and from a second Luton editor."""
    zeb = make_user("zebedee", email="zeb@luton.example", first_name="Isambard", last_name="Brunel")
    add_member_editor(zeb, editorial.luton)
    submit_for_moderation(editorial.music_editor, editorial.music_action, "A Music24 update")
    submit_for_moderation(
        zeb, make_action(editorial.luton, "Dementia friendly buses"), "A Luton update"
    )
    return zeb


def requested_titles(response):
    return {state.content_object.title for state in response.context["object_list"]}


def test_workflows_requested_by_is_a_text_box_not_a_list_of_every_requester(editorial, requests):
    response = report(signed_in(editorial.moderator), "workflow")
    assert requested_titles(response) == {"Singing for the brain", "Dementia friendly buses"}
    page = response.content.decode()
    assert 'name="requested_by"' in page
    assert '<select name="requested_by"' not in page
    # Nobody's username is offered: a member editor opening the report learns no one else's.
    page = report(signed_in(editorial.music_editor), "workflow").content.decode()
    assert "zebedee" not in page and "zeb@luton.example" not in page


# Part of the username, the email address, the first name, the last name; spaces ignored.
@pytest.mark.parametrize("typed", ["zebed", "LUTON.EX", "isamb", "BRUNEL", " zebedee "])
def test_workflows_requested_by_finds_a_person_by_part_of_their_name_or_email(
    editorial, requests, typed
):
    client = signed_in(editorial.moderator)
    for name in ("workflow", "workflow/results"):
        response = report(client, name, requested_by=typed)
        assert requested_titles(response) == {"Dementia friendly buses"}
    assert requested_titles(report(client, "workflow", requested_by="nobody-at-all")) == set()
