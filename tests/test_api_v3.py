"""API v3: the same fields, hidden pages, tokens, and writes within page permissions."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from profiles.models import ActionPage
from tests.api_support import HIDDEN_WORDS

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def create_token(username):
    """What the README tells an administrator to run."""
    out = StringIO()
    call_command("api_tokens", "create", "--user", username, "--name", "test", stdout=out)
    return out.getvalue().strip()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def patch(client, page_id, body, token):
    return client.patch(
        f"{PAGES}{page_id}/",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(token),
    )


def new_update(text, year=2026, quarter="3"):
    return {"type": "update", "value": {"year": year, "quarter": quarter, "body": f"<p>{text}</p>"}}


def test_same_fields_as_v2(client, api_content):
    for page in (api_content.music, api_content.music_action, api_content.luton):
        v2 = client.get(f"/api/v2/pages/{page.pk}/").json()
        v3 = client.get(f"{PAGES}{page.pk}/").json()
        for name in type(page).api_fields:
            assert v3[name.name] == v2[name.name], name.name
    action = client.get(f"{PAGES}{api_content.music_action.pk}/").json()
    assert action["status"] == {"slug": "being-implemented", "label": "Being implemented"}
    assert [u["heading"] for u in action["updates"]][0] == "2015 – Second quarter update"


def test_hidden_pages_never_appear_to_anonymous_readers(client, api_content):
    listed = client.get(f"{PAGES}?limit=100").json()
    assert listed["count"] >= 6
    for kind, word in HIDDEN_WORDS.items():
        assert word not in str(listed["items"]), kind
        found = client.get(f"{PAGES}?search={word}").json()
        assert found["items"] == [], kind
        if kind != "draft_revision":
            response = client.get(f"{PAGES}{api_content.hidden[kind].pk}/")
            assert response.status_code == 404, kind
    music = client.get(f"{PAGES}{api_content.music.pk}/?version=draft").json()
    assert HIDDEN_WORDS["draft_revision"] not in str(music)
    # Control: search does find live words.
    assert client.get(f"{PAGES}?search=fundraising").json()["count"] == 1


def test_openapi_document_describes_our_fields(client, api_content):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schemas = response.json()["components"]["schemas"]
    action = schemas["ActionPageSchema"]["properties"]
    assert {"status", "updates", "outcomes", "description"} <= set(action)
    profile = schemas["OrganisationProfilePageSchema"]["properties"]
    assert {"region", "sectors", "local_alliances", "logo", "action_plan"} <= set(profile)


def test_writes_need_a_token(client, api_content):
    response = client.patch(
        f"{PAGES}{api_content.music_action.pk}/",
        data=json.dumps({"title": "Defaced"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    response = patch(client, api_content.music_action.pk, {"title": "Defaced"}, "not-a-token")
    assert response.status_code == 401
    assert ActionPage.objects.get(pk=api_content.music_action.pk).title == "Singing for the brain"


def test_readme_example_adds_an_update_and_publishes(client, api_content, admin_user):
    """The request sequence the README's curl example shows, step by step."""
    token = create_token(admin_user.username)
    action_id = api_content.music_action.pk
    # 1. Read the action.
    current = client.get(f"{PAGES}{action_id}/", **bearer(token))
    assert current.status_code == 200
    # 2. Send its updates (the whole list) with the new one, and publish.
    body = {
        "meta": {"action": "publish"},
        "updates": [
            new_update("Now in three towns.", 2026, "3"),
            new_update("Kept running through fundraising.", 2015, "2"),
        ],
    }
    response = patch(client, action_id, body, token)
    assert response.status_code == 200, response.content
    assert "Now in three towns." in response.json()["updates"][0]["body_html"]
    # 3. Visitors and the public API see it at once.
    public = client.get(f"/api/v2/pages/{action_id}/").json()
    assert public["updates"][0]["heading"] == "2026 – Third quarter update"
    assert public["latest_update_date"] == "2026-09-30"
    assert "Now in three towns." in client.get("/members/music-makers/singing/").content.decode()


def test_invalid_update_is_refused_and_nothing_is_lost(client, api_content, admin_user):
    token = create_token(admin_user.username)
    action_id = api_content.music_action.pk
    body = {"meta": {"action": "publish"}, "updates": [new_update("", 1800, "9")]}
    response = patch(client, action_id, body, token)
    assert 400 <= response.status_code < 500
    assert len(ActionPage.objects.get(pk=action_id).updates) == 3


@pytest.fixture
def member_editor(api_content, django_user_model):
    """A member editor: add and edit (no publish) on Music Makers' pages only."""
    group = Group.objects.create(name="Music Makers editors")
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=api_content.music,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user = django_user_model.objects.create_user("music-editor", password="unused-pw")
    user.groups.add(group)
    return user


def test_member_editor_token_saves_drafts_of_own_pages_only(client, api_content, member_editor):
    token = create_token(member_editor.username)
    own, other = api_content.music_action, api_content.carers_action
    body = {"updates": [new_update("Draft from the member.")]}

    response = patch(client, own.pk, body, token)
    assert response.status_code == 200, response.content
    own_page = ActionPage.objects.get(pk=own.pk)
    assert own_page.has_unpublished_changes
    # Saved as a draft for moderation: the public still sees the published updates.
    assert len(own_page.updates) == 3
    assert "Draft from the member." not in str(client.get(f"/api/v2/pages/{own.pk}/").json())

    response = patch(client, other.pk, body, token)
    assert response.status_code == 403
    assert not ActionPage.objects.get(pk=other.pk).has_unpublished_changes


def test_member_editor_token_cannot_publish(client, api_content, member_editor):
    token = create_token(member_editor.username)
    own = api_content.music_action
    body = {"meta": {"action": "publish"}, "updates": [new_update("Straight to the public.")]}
    assert patch(client, own.pk, body, token).status_code == 403
    response = client.post(f"{PAGES}{own.pk}/actions/publish/", **bearer(token))
    assert response.status_code == 403
    public = client.get(f"/api/v2/pages/{own.pk}/").json()
    assert "Straight to the public." not in str(public)
    assert len(public["updates"]) == 3


def test_revoked_token_stops_working(client, api_content, admin_user):
    token = create_token(admin_user.username)
    call_command("api_tokens", "revoke", "--user", admin_user.username, "--prefix", token[:8])
    response = patch(client, api_content.music_action.pk, {"title": "x"}, token)
    assert response.status_code == 401
