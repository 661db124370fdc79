"""Settings → Users offers the site-wide roles, not a group per member, and saving a user
keeps the members they edit (profiles/users_admin.py)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.publishing.roles import ADMINISTRATORS, MEMBER_EDITORS, MODERATORS
from profiles.roles import add_member_editor, member_editor_group
from tests.editorial_support import make_user, signed_in
from tests.profiles_support import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    return signed_in(make_user("ada", is_superuser=True))


def group_checkboxes(html):
    """The names of the groups the form offers, from its checkboxes' labels."""
    ids = re.findall(r'<input type="checkbox" name="groups" value="(\d+)"', html)
    return set(Group.objects.filter(pk__in=ids).values_list("name", flat=True))


def edit_form_data(user, groups):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Mia",
        "last_name": user.last_name or "Editor",
        "is_active": "on",
        "groups": [str(group.pk) for group in groups],
        "password1": "",
        "password2": "",
    }


def test_the_roles_tab_offers_the_roles_and_names_the_members_a_user_edits(editorial, admin_client):
    response = admin_client.get(
        reverse("wagtailusers_users:edit", args=[editorial.music_editor.pk])
    )

    assert response.status_code == 200
    offered = group_checkboxes(response.content.decode())
    assert {ADMINISTRATORS, MODERATORS, MEMBER_EDITORS} <= offered
    assert not {"Music24 editors", "Luton Borough Council editors"} & offered
    assert "Also in: Music24 editors." in response.content.decode()


def test_the_form_offers_as_many_groups_with_thirty_members_as_with_two(editorial, admin_client):
    url = reverse("wagtailusers_users:edit", args=[editorial.moderator.pk])
    before = group_checkboxes(admin_client.get(url).content.decode())
    for number in range(30):
        make_member(editorial.directory, f"Member {number}", slug=f"member-{number}")

    after = group_checkboxes(admin_client.get(url).content.decode())

    assert Group.objects.count() > 30
    assert after == before


def test_saving_a_user_keeps_the_members_they_edit(editorial, admin_client):
    mia = editorial.music_editor
    moderators = Group.objects.get(name=MODERATORS)
    member_editors = Group.objects.get(name=MEMBER_EDITORS)

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[mia.pk]),
        edit_form_data(mia, [member_editors, moderators]),
    )

    assert response.status_code == 302
    names = set(mia.groups.values_list("name", flat=True))
    assert names == {"Music24 editors", MEMBER_EDITORS, MODERATORS}
    # Still Music24's editor: the action stays hers to edit.
    edit_action = reverse("wagtailadmin_pages:edit", args=[editorial.music_action.pk])
    assert signed_in(mia).get(edit_action).status_code == 200


def test_unticking_a_role_removes_only_that_role(editorial, admin_client):
    mia = editorial.music_editor

    admin_client.post(reverse("wagtailusers_users:edit", args=[mia.pk]), edit_form_data(mia, []))

    assert set(mia.groups.values_list("name", flat=True)) == {"Music24 editors"}


def test_the_help_text_counts_the_members_it_does_not_name(editorial, admin_client):
    mia = editorial.music_editor
    for number in range(12):
        add_member_editor(mia, make_member(editorial.directory, f"Org {number:02}"))

    html = admin_client.get(reverse("wagtailusers_users:edit", args=[mia.pk])).content.decode()

    # Thirteen members: the first ten by name named, the other three counted.
    assert "Also in: Music24 editors, Org 00 editors, Org 01 editors" in html
    assert "Org 08 editors and 3 more." in html
    assert "Org 09 editors" not in html


def test_a_new_user_is_offered_the_roles_only(editorial, admin_client):
    response = admin_client.get(reverse("wagtailusers_users:add"))

    offered = group_checkboxes(response.content.decode())
    assert MODERATORS in offered
    assert "Music24 editors" not in offered
    created = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "first_name": "New",
            "last_name": "Person",
            "groups": [str(Group.objects.get(name=MODERATORS).pk)],
            "password1": "a-long-test-password-1",
            "password2": "a-long-test-password-1",
        },
    )
    assert created.status_code == 302
    newbie = Group.objects.get(name=MODERATORS).user_set.get(username="newbie")
    assert list(newbie.groups.values_list("name", flat=True)) == [MODERATORS]


def test_the_users_listing_filters_by_role_not_by_member(editorial, admin_client):
    music_group = member_editor_group(editorial.music24)
    moderators = Group.objects.get(name=MODERATORS)
    index = reverse("wagtailusers_users:index")

    listing = admin_client.get(index).content.decode()
    assert re.search(rf'name="group" value="{moderators.pk}"', listing)
    assert not re.search(rf'name="group" value="{music_group.pk}"', listing)

    filtered = admin_client.get(index, {"group": moderators.pk}).content.decode()
    assert "morgan" in filtered
    assert "mia" not in filtered


def privacy_dialog(client, page, data=None):
    url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200
    return response.json()


def test_the_privacy_dialog_offers_the_roles_not_a_group_per_member(editorial, admin_client):
    dialog = privacy_dialog(admin_client, editorial.music_action)

    offered = group_checkboxes(dialog["html"])
    assert {ADMINISTRATORS, MODERATORS, MEMBER_EDITORS} <= offered
    assert not {"Music24 editors", "Luton Borough Council editors"} & offered


def test_a_page_can_be_made_private_to_a_role(editorial, admin_client):
    moderators = Group.objects.get(name=MODERATORS)

    privacy_dialog(
        admin_client,
        editorial.music_action,
        {"restriction_type": "groups", "groups": [str(moderators.pk)]},
    )

    restriction = PageViewRestriction.objects.get(page=editorial.music_action)
    assert list(restriction.groups.all()) == [moderators]


def test_a_member_group_already_chosen_stays_offered_and_chosen(editorial, admin_client):
    music_group = member_editor_group(editorial.music24)
    restriction = PageViewRestriction.objects.create(
        page=editorial.music_action, restriction_type="groups"
    )
    restriction.groups.add(music_group)

    html = privacy_dialog(admin_client, editorial.music_action)["html"]

    assert "Music24 editors" in group_checkboxes(html)
    assert "Luton Borough Council editors" not in group_checkboxes(html)
    assert re.search(rf'name="groups" value="{music_group.pk}"[^>]* checked', html)


def test_a_member_group_not_offered_is_refused(editorial, admin_client):
    luton_group = member_editor_group(editorial.luton)

    dialog = privacy_dialog(
        admin_client,
        editorial.music_action,
        {"restriction_type": "groups", "groups": [str(luton_group.pk)]},
    )

    assert "Select a valid choice" in dialog["html"]
    assert not PageViewRestriction.objects.filter(page=editorial.music_action).exists()


def test_the_assign_role_bulk_action_offers_the_roles_and_assigns_one(editorial, admin_client):
    mia, lou = editorial.music_editor, editorial.luton_editor
    moderators = Group.objects.get(name=MODERATORS)
    url = reverse("wagtail_bulk_action", args=["auth", "user", "assign_role"])
    selected = f"?id={mia.pk}&id={lou.pk}"

    html = admin_client.get(url + selected).content.decode()

    ids = re.findall(r'<option value="(\d+)"', html)
    offered = set(Group.objects.filter(pk__in=ids).values_list("name", flat=True))
    assert {ADMINISTRATORS, MODERATORS, MEMBER_EDITORS} <= offered
    assert not {"Music24 editors", "Luton Borough Council editors"} & offered

    admin_client.post(url + selected, {"role": moderators.pk})

    assert set(moderators.user_set.values_list("username", flat=True)) >= {"mia", "lou"}
    # Their members stay theirs.
    assert mia.groups.filter(name="Music24 editors").exists()
