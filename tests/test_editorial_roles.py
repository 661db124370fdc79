"""Roles: the groups exist with the right rights; each member editor reaches only their pages."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from cms.publishing.roles import ADMINISTRATORS, MEMBER_EDITORS, MODERATORS, sync_roles
from profiles.models import OrganisationProfilePage
from profiles.roles import member_editor_group
from tests.editorial_support import action_form, make_user
from tests.profiles_support import make_member

pytestmark = pytest.mark.django_db


def page_codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_migrations_create_the_three_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {ADMINISTRATORS, MODERATORS, MEMBER_EDITORS} <= names
    for name in (ADMINISTRATORS, MODERATORS, MEMBER_EDITORS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name


def test_moderators_publish_under_the_directory_and_alliances_only(editorial):
    from tests.profiles_support import make_alliance_index

    alliances = make_alliance_index(editorial.home)
    moderators = Group.objects.get(name=MODERATORS)
    for section in (editorial.directory, alliances):
        assert {"add_page", "change_page", "publish_page"} <= page_codenames(moderators, section)
    # Not the whole site: Wagtail's default Moderators rights on the root are narrowed.
    assert not page_codenames(moderators, Page.get_first_root_node())
    moderator = editorial.moderator
    assert editorial.luton_action.permissions_for_user(moderator).can_publish()
    assert not editorial.home.permissions_for_user(moderator).can_publish()
    # Snippets: moderators manage the reference lists.
    assert moderator.has_perm("profiles.change_region")
    assert moderator.has_perm("profiles.add_sector")


def test_member_editors_have_admin_and_images_but_no_publish(editorial):
    editor = editorial.music_editor
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("profiles.change_region")
    permissions = editorial.music_action.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    base = Group.objects.get(name=MEMBER_EDITORS)
    assert base.collection_permissions.filter(permission__codename="choose_image").exists()


def test_administrators_can_do_everything(editorial):
    admin = make_user("ada", groups=[Group.objects.get(name=ADMINISTRATORS)])
    assert admin.has_perm("profiles.delete_region")
    assert editorial.home.permissions_for_user(admin).can_publish()
    assert editorial.luton_action.permissions_for_user(admin).can_delete()


def test_sync_roles_is_idempotent(editorial):
    before = GroupPagePermission.objects.count()
    sync_roles()
    sync_roles()
    assert GroupPagePermission.objects.count() == before


def test_a_new_profile_gets_its_own_editor_group_at_once(member_directory):
    profile = make_member(member_directory, "Hove Housing Association")
    group = member_editor_group(profile)
    assert group.name == "Hove Housing Association editors"
    assert page_codenames(group, profile) == {"add_page", "change_page"}
    assert group.permissions.filter(codename="access_admin").exists()


def test_renaming_the_organisation_renames_its_group(member_directory):
    profile = make_member(member_directory, "Hove Housing")
    group = member_editor_group(profile)
    profile.title = "Hove Housing Trust"
    profile.save_revision().publish()
    group.refresh_from_db()
    assert group.name == "Hove Housing Trust editors"
    assert member_editor_group(profile) == group
    # And back to a shorter name that the old one starts with.
    profile = OrganisationProfilePage.objects.get(pk=profile.pk)
    profile.title = "Hove Housing"
    profile.save_revision().publish()
    group.refresh_from_db()
    assert group.name == "Hove Housing editors"


def test_two_organisations_with_one_name_get_two_groups(member_directory):
    first = make_member(member_directory, "Age Concern", slug="age-concern-leeds")
    second = make_member(member_directory, "Age Concern", slug="age-concern-hove")
    assert member_editor_group(first) != member_editor_group(second)
    assert member_editor_group(second).name == "Age Concern editors (age-concern-hove)"


# --- the admin views, as a member editor --------------------------------------------


@pytest.fixture
def as_music_editor(client, editorial):
    client.force_login(editorial.music_editor)
    return client


def refused(response):
    """Wagtail answers 403, or sends the user back to the dashboard with an error."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url.rstrip("/").endswith("/admin")


def test_member_editor_edits_own_action(as_music_editor, editorial):
    response = as_music_editor.get(f"/admin/pages/{editorial.music_action.pk}/edit/")
    assert response.status_code == 200
    assert as_music_editor.get(f"/admin/pages/{editorial.music24.pk}/edit/").status_code == 200


def test_member_editor_cannot_open_another_members_pages(as_music_editor, editorial):
    for page in (editorial.luton, editorial.luton_action):
        assert refused(as_music_editor.get(f"/admin/pages/{page.pk}/edit/"))
        assert refused(as_music_editor.get(f"/admin/pages/{page.pk}/move/"))
        assert refused(as_music_editor.get(f"/admin/pages/{page.pk}/delete/"))
    assert refused(
        as_music_editor.get(f"/admin/pages/add/profiles/actionpage/{editorial.luton.pk}/")
    )


def test_member_editor_cannot_change_another_members_action(as_music_editor, editorial):
    action = editorial.luton_action
    data = action_form(action, [(2026, 4, "<p>Sabotage</p>")])
    data["action-publish"] = "action-publish"
    assert refused(as_music_editor.post(f"/admin/pages/{action.pk}/edit/", data))
    action.refresh_from_db()
    assert len(action.updates) == 1
    assert action.latest_revision.content["title"] == action.title
    assert not PageLogEntry.objects.filter(page=action, user=editorial.music_editor).exists()


def test_member_editor_cannot_delete_or_move_another_members_action(as_music_editor, editorial):
    action = editorial.luton_action
    assert refused(as_music_editor.post(f"/admin/pages/{action.pk}/delete/"))
    assert refused(
        as_music_editor.post(f"/admin/pages/{action.pk}/move/{editorial.music24.pk}/confirm/")
    )
    action.refresh_from_db()
    assert action.get_parent().pk == editorial.luton.pk


def test_member_editor_cannot_delete_or_move_even_own_pages(as_music_editor, editorial):
    action = editorial.music_action
    assert refused(as_music_editor.post(f"/admin/pages/{action.pk}/delete/"))
    assert Page.objects.filter(pk=action.pk).exists()


def test_other_members_are_hidden_from_the_member_editors_explorer(as_music_editor, editorial):
    response = as_music_editor.get(f"/admin/pages/{editorial.music24.pk}/")
    assert response.status_code == 200
    assert "Singing for the brain" in response.content.decode()
    search = as_music_editor.get("/admin/pages/search/", {"q": "buses"})
    assert "Dementia friendly buses" not in search.content.decode()


def test_member_editor_can_publish_nothing_directly(as_music_editor, editorial):
    action = editorial.music_action
    data = action_form(action, [(2026, 4, "<p>Fourth quarter news</p>")])
    data["action-publish"] = "action-publish"
    as_music_editor.post(f"/admin/pages/{action.pk}/edit/", data)
    action.refresh_from_db()
    assert len(action.updates) == 1  # the live page is unchanged
    assert "Fourth quarter news" not in as_music_editor.get(action.url).content.decode()


def test_member_editor_can_use_the_choosers_their_profile_form_needs(as_music_editor):
    for url in ("/admin/snippets/choose/profiles/region/", "/admin/images/chooser/"):
        response = as_music_editor.get(url)
        assert response.status_code == 200, url


def test_member_editor_cannot_change_the_reference_lists(as_music_editor):
    response = as_music_editor.get("/admin/snippets/profiles/region/add/")
    assert refused(response)


def test_deleting_a_member_removes_its_editor_group(member_directory):
    profile = make_member(member_directory, "Closing Charity")
    group = member_editor_group(profile)
    Page.objects.get(pk=profile.pk).delete()
    assert not Group.objects.filter(pk=group.pk).exists()


def test_member_editor_adds_a_new_action_that_waits_for_approval(as_music_editor, editorial):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from profiles.models import ActionPage

    url = f"/admin/pages/add/profiles/actionpage/{editorial.music24.pk}/"
    assert as_music_editor.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Memory cafe",
            "slug": "memory-cafe",
            "description": rich_text("<p>A monthly cafe.</p>"),
            "status": "",
            "updates": streamfield([]),
        }
    )
    data["action-submit"] = "action-submit"
    response = as_music_editor.post(url, data)
    assert response.status_code == 302
    action = ActionPage.objects.get(slug="memory-cafe")
    assert action.get_parent().pk == editorial.music24.pk
    assert not action.live
    assert action.workflow_in_progress
