"""Shared set-up for the editorial tests: two members, their editors, and a moderator."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.publishing.roles import MODERATORS, sync_roles
from profiles.roles import add_member_editor
from tests.profiles_support import make_action, make_directory, make_member, quarter_update

PASSWORD = "a-long-test-password"


def make_user(username, *, groups=(), email=None, **fields):
    user = get_user_model().objects.create_user(
        username, email or f"{username}@example.org", PASSWORD, **fields
    )
    for group in groups:
        user.groups.add(group)
    return user


def signed_in(user):
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def build_editorial_site(home):
    """Music24 and Luton Borough Council, each with one action and one editor; a moderator."""
    sync_roles()
    directory = make_directory(home)
    music24 = make_member(directory, "Music24", slug="music24")
    luton = make_member(directory, "Luton Borough Council", slug="luton-borough-council")
    music_action = make_action(
        music24,
        "Singing for the brain",
        slug="singing",
        updates=[quarter_update(2015, 2, "Second quarter singing")],
    )
    luton_action = make_action(
        luton,
        "Dementia friendly buses",
        slug="buses",
        updates=[quarter_update(2015, 1, "Drivers trained")],
    )
    music_editor = make_user("mia", first_name="Mia")
    add_member_editor(music_editor, music24)
    luton_editor = make_user("lou")
    add_member_editor(luton_editor, luton)
    moderator = make_user("morgan", groups=[Group.objects.get(name=MODERATORS)])
    return SimpleNamespace(
        home=home,
        directory=directory,
        music24=music24,
        luton=luton,
        music_action=music_action,
        luton_action=luton_action,
        music_editor=music_editor,
        luton_editor=luton_editor,
        moderator=moderator,
    )


def update_form(year, quarter, body):
    return {
        "year": str(year),
        "quarter": str(quarter),
        "date": "",
        "heading": "",
        "body": rich_text(body),
    }


def action_form(action, new_updates=(), **overrides):
    """The edit form of an action as the admin posts it, with extra updates appended."""
    updates = [
        (
            "update",
            update_form(child.value["year"], child.value["quarter"], child.value["body"].source),
        )
        for child in action.updates
    ]
    updates += [("update", update_form(*u)) for u in new_updates]
    data = {
        "title": action.title,
        "slug": action.slug,
        "description": rich_text(action.description),
        "status": action.status,
        "updates": streamfield(updates),
    }
    data.update(overrides)
    return nested_form_data(data)


def submit_for_moderation(editor, action, text):
    """`editor` adds an update to `action` in the admin and submits it for approval."""
    data = action_form(action, [(2026, 4, f"<p>{text}</p>")])
    data["action-submit"] = "action-submit"
    response = signed_in(editor).post(f"/admin/pages/{action.pk}/edit/", data)
    assert response.status_code == 302


def admin_get(client, url, **query):
    """An admin screen, which must answer 200."""
    response = client.get(url, query)
    assert response.status_code == 200
    return response


def log_edits_by_member_editors_and_staff(site):
    """Mia and Lou (member editors) and Casey (staff) each edit a page: [(user, page)]."""
    colleague = make_user("casey", is_superuser=True)
    edits = [
        (site.music_editor, site.music_action),
        (site.luton_editor, site.luton_action),
        (colleague, site.luton),
    ]
    for user, page in edits:
        PageLogEntry.objects.log_action(page, "wagtail.edit", user=user)
    return edits
