"""The leak matrix: no kind of non-public content ever shows in any public output.

Rows (kinds, tests/leak_support.py): a draft never published, an unpublished page, a
page scheduled to go live next week, an expired page, a page private behind a password,
a page private to signed-in users, and a newer draft revision of a live page. Each has a
token in its title, introduction, action title and update body.

Columns (outputs): the page's own URL, the directory, the local alliance page, the home
page, site search (/search/, with facets), API v2 (list, detail, ?search=), API v3
anonymous (list, detail, ?search=), the RSS feed, the sitemap, and webhook payloads
(recorded and as sent).

Every cell also checks the output is working (the live member's token is there, or the
response is the expected 404/403/401), so a broken output cannot pass by showing nothing.
"""

import json

import pytest

from cms.publishing.webhooks.delivery import build_request
from cms.publishing.webhooks.models import (
    EVENT_CHOICES,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from tests.leak_support import PUBLIC_TOKEN, TOKENS

pytestmark = pytest.mark.django_db

KINDS = list(TOKENS)


@pytest.fixture(scope="module")
def leak_content(django_db_setup, django_db_blocker):
    """Built once per module in a transaction rolled back afterwards (as api_content)."""
    from django.db import transaction

    from tests.conftest import ensure_site_tree
    from tests.leak_support import make_leak_content

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # A subscriber, so every event recorded while building also gets a delivery.
            WebhookSubscription.objects.create(
                name="Leak watcher",
                target_url="http://127.0.0.1:9/hook",
                events=[choice for choice, _label in EVENT_CHOICES],
            )
            yield make_leak_content(ensure_site_tree())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def text(response):
    return response.content.decode("utf-8", "replace")


def path_of(page):
    return page.get_url()


def html_by_url(client, content, kind):
    outputs = []
    for page in (content.profiles[kind], content.actions[kind]):
        response = client.get(path_of(page))
        if kind == "draft_revision":
            # Live pages: they must show, with the published text only.
            assert response.status_code == 200
        elif kind == "password":
            assert response.status_code == 200  # Wagtail's password form
            assert 'name="password"' in text(response)
        elif kind == "login":
            assert response.status_code == 302
            assert "/login" in response["Location"] or "login" in response["Location"]
        else:
            assert response.status_code == 404
        outputs.append(text(response))
    # A wrong password shows the form again, never the page.
    if kind == "password":
        response = client.post(
            path_of(content.profiles[kind]), {"password": "wrong", "return_url": "/"}
        )
        outputs.append(text(response))
    return outputs


def directory(client, content, kind):
    outputs = []
    for query in ("", "?alliance=harbour-daa", "?region=east-of-england&sector=arts"):
        response = client.get(path_of(content.directory) + query)
        assert response.status_code == 200
        assert PUBLIC_TOKEN in text(response).lower()
        outputs.append(text(response))
    response = client.get(path_of(content.directory) + "?status=being-implemented")
    assert response.status_code == 200
    outputs.append(text(response))
    return outputs


def alliance_page(client, content, kind):
    response = client.get(path_of(content.alliance))
    assert response.status_code == 200
    assert PUBLIC_TOKEN in text(response).lower()
    return [text(response)]


def home_page(client, content, kind):
    response = client.get("/")
    assert response.status_code == 200
    assert PUBLIC_TOKEN in text(response).lower()
    return [text(response)]


def site_search(client, content, kind):
    # Searching for the token itself: the page echoes what the visitor typed (that is
    # not a leak), so here the check is that nothing is found.
    response = client.get("/search/", {"q": TOKENS[kind]})
    assert response.status_code == 200
    assert "No results" in text(response)
    assert "search-results" not in text(response)
    outputs = []
    for query in (
        {"q": "Trust"},
        {"q": "action"},
        {"q": "update body"},
        {"q": "Trust", "alliance": "harbour-daa", "region": "east-of-england"},
        {"region": "east-of-england"},
    ):
        response = client.get("/search/", query)
        assert response.status_code == 200
        outputs.append(text(response))
    # The search works: the live member is found by its own token.
    assert PUBLIC_TOKEN in text(client.get("/search/", {"q": PUBLIC_TOKEN})).lower()
    return outputs


def api_v2(client, content, kind):
    outputs = []
    listing = client.get("/api/v2/pages/?limit=100&fields=*")
    assert listing.status_code == 200
    assert PUBLIC_TOKEN in text(listing).lower()
    outputs.append(text(listing))
    for page_type in ("profiles.OrganisationProfilePage", "profiles.ActionPage"):
        response = client.get(f"/api/v2/pages/?type={page_type}&fields=*&limit=100")
        assert response.status_code == 200
        outputs.append(text(response))
    for page in (content.profiles[kind], content.actions[kind]):
        response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == (200 if kind == "draft_revision" else 404)
        outputs.append(text(response))
    response = client.get(f"/api/v2/pages/?search={TOKENS[kind]}&fields=*")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0
    outputs.append(text(response))
    return outputs


def api_v3(client, content, kind):
    outputs = []
    listing = client.get("/api/v3/pages/?limit=100")
    assert listing.status_code == 200
    assert PUBLIC_TOKEN in text(listing).lower()
    outputs.append(text(listing))
    for page in (content.profiles[kind], content.actions[kind]):
        response = client.get(f"/api/v3/pages/{page.pk}/")
        assert response.status_code == (200 if kind == "draft_revision" else 404)
        outputs.append(text(response))
        # An anonymous reader cannot ask for the draft either.
        response = client.get(f"/api/v3/pages/{page.pk}/?version=draft")
        assert response.status_code in (200, 401, 403, 404)
        outputs.append(text(response))
    response = client.get(f"/api/v3/pages/?search={TOKENS[kind]}")
    assert response.status_code == 200
    outputs.append(text(response))
    return outputs


def rss_feed(client, content, kind):
    response = client.get("/updates/feed/")
    assert response.status_code == 200
    assert PUBLIC_TOKEN in text(response).lower()
    return [text(response)]


def sitemap(client, content, kind):
    # /sitemap.xml is the index; this small site fits in its first section.
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    assert "open-trust" in text(response)
    # The sitemap lists addresses, so the hidden pages' addresses must be absent too.
    body = text(response)
    for page in (content.profiles[kind], content.actions[kind]):
        if kind != "draft_revision":
            assert page.get_full_url() not in body
    return [body]


def webhooks(client, content, kind):
    """Recorded payloads and the bodies as sent to subscribers."""
    events = list(WebhookEvent.objects.all())
    assert any(PUBLIC_TOKEN in json.dumps(e.payload).lower() for e in events)
    outputs = []
    for event in events:
        payload = event.payload
        if kind in ("unpublished", "expired") and payload.get("page_id") in (
            content.profiles[kind].pk,
            content.actions[kind].pk,
        ):
            # Not a leak: these pages were public until they were withdrawn, and their
            # publish and unpublish events name them as they were then. Checked apart
            # below (test_withdrawn_pages_events_carry_only_what_was_public).
            continue
        outputs.append(json.dumps(payload))
    for delivery in WebhookDelivery.objects.select_related("event", "subscription"):
        if delivery.event.payload.get("page_id") in (
            content.profiles[kind].pk,
            content.actions[kind].pk,
        ) and kind in ("unpublished", "expired"):
            continue
        body, headers = build_request(delivery, timestamp="1")
        outputs.append(body.decode())
        outputs.append(json.dumps(headers))
    return outputs


OUTPUTS = {
    "html_by_url": html_by_url,
    "directory": directory,
    "alliance_page": alliance_page,
    "home_page": home_page,
    "site_search": site_search,
    "api_v2": api_v2,
    "api_v3": api_v3,
    "rss_feed": rss_feed,
    "sitemap": sitemap,
    "webhooks": webhooks,
}


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize("kind", KINDS)
def test_non_public_text_never_appears(client, leak_content, kind, output):
    token = TOKENS[kind]
    for body in OUTPUTS[output](client, leak_content, kind):
        assert token not in body.lower(), f"{kind} content leaked through {output}"


@pytest.mark.parametrize("kind", ["password", "login"])
def test_signed_in_visitor_does_not_see_private_pages_in_shared_outputs(
    client, django_user_model, leak_content, kind
):
    """A signed-in visitor may open a login-restricted page, but listings stay public-only."""
    user = django_user_model.objects.create_user("visitor", password="pw-123456789")
    client.force_login(user)
    for output in (
        "directory",
        "home_page",
        "site_search",
        "api_v2",
        "api_v3",
        "rss_feed",
        "sitemap",
    ):
        for body in OUTPUTS[output](client, leak_content, kind):
            assert TOKENS[kind] not in body.lower(), f"{kind} leaked through {output}"


@pytest.mark.parametrize("kind", ["unpublished", "expired"])
def test_withdrawn_pages_events_carry_only_what_was_public(leak_content, kind):
    """Webhook payloads name a page (title, address) and never carry its body text."""
    ids = {leak_content.profiles[kind].pk, leak_content.actions[kind].pk}
    events = [e for e in WebhookEvent.objects.all() if e.payload.get("page_id") in ids]
    assert {e.type for e in events} >= {
        "page.published",
        "page.expired" if kind == "expired" else "page.unpublished",
    }
    for event in events:
        assert "introduction" not in json.dumps(event.payload)
        assert "update body" not in json.dumps(event.payload)


@pytest.mark.parametrize("kind", ["password", "login"])
def test_private_pages_still_announce_changes_without_their_text(leak_content, kind):
    """Subscribers learn a private page changed (id, type, API address), not what it says."""
    page = leak_content.actions[kind]
    events = [e for e in WebhookEvent.objects.all() if e.payload.get("page_id") == page.pk]
    assert [e.type for e in events] == ["page.published"]
    payload = events[0].payload
    assert payload["restricted"] is True
    assert payload["title"] is None and payload["url"] is None
    assert payload["api_url"].endswith(f"/api/v2/pages/{page.pk}/")
