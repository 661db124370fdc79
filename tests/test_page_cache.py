"""The full-page cache: what it serves, what it never keeps, and when it forgets."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.caching.models import CacheGeneration
from cms.consent import cookie
from cms.consent.models import GatedScript
from cms.publishing.scheduler import publish_due
from home.models import StandardPage
from profiles.models import Region
from tests.profiles_support import make_member
from tests.publishing_helpers import patched_clock

NONCE_ATTR = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def about(home_page, page_cache):
    page = home_page.add_child(
        instance=StandardPage(title="About", slug="about", introduction="Old summary")
    )
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def text(response):
    return response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache(client, about):
    first = client.get("/about/")
    second = client.get("/about/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second.status_code == 200
    assert "Old summary" in text(second)
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_gets_a_fresh_nonce_matching_its_own_csp_header(
    client, about, consent_policy
):
    # An inline, nonced script on every page: the consent engine's gated script.
    GatedScript.objects.create(name="Inline", category="analytics", code="window.x = 1;")
    client.get("/about/")
    hits = [client.get("/about/") for _ in range(2)]
    nonces = []
    for response in hits:
        assert response["X-Cache"] == "HIT"
        in_body = set(NONCE_ATTR.findall(text(response)))
        assert len(in_body) == 1, "every inline script carries the one nonce of this response"
        (nonce,) = in_body
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1], "two visitors never share a nonce"


def publish_in_admin(client, page, introduction):
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": introduction,
            "body": streamfield([]),
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()


def test_publishing_in_the_admin_shows_the_new_text_at_once(client, about):
    client.get("/about/")
    client.get("/")
    assert client.get("/about/")["X-Cache"] == "HIT"

    publish_in_admin(client, about, "New summary from the admin")

    page = client.get("/about/")
    assert "New summary from the admin" in text(page)
    assert page["X-Cache"] == "MISS"
    # Every other cached page is renewed too: the home page lists its children.
    assert client.get("/")["X-Cache"] == "MISS"


def test_publishing_as_the_api_does_shows_the_new_text(client, about):
    client.get("/about/")
    page = StandardPage.objects.get(pk=about.pk)
    page.introduction = "New summary from the API"
    revision = page.save_revision()
    # What API v3's publish endpoint runs.
    PublishRevisionAction(revision).execute()
    assert "New summary from the API" in text(client.get("/about/"))


def test_scheduled_publish_and_expiry_by_the_worker_purge(client, about):
    with patched_clock() as clock:
        page = StandardPage.objects.get(pk=about.pk)
        page.introduction = "Scheduled summary"
        page.go_live_at = clock.now + timedelta(hours=1)
        page.expire_at = clock.now + timedelta(hours=3)
        page.save_revision().publish()  # only schedules it
        assert "Old summary" in text(client.get("/about/"))
        assert client.get("/about/")["X-Cache"] == "HIT"

        clock.advance(hours=2)
        assert publish_due() == 1
        assert "Scheduled summary" in text(client.get("/about/"))
        assert client.get("/about/")["X-Cache"] == "HIT"

        clock.advance(hours=2)
        assert publish_due() == 1
        assert client.get("/about/").status_code == 404


def test_unpublishing_removes_the_page_and_its_listing_entry(client, home_page, page_cache):
    from tests.profiles_support import make_directory

    directory = make_directory(home_page)
    member = make_member(directory, "Singing Club")
    assert "Singing Club" in text(client.get("/members/"))
    assert client.get(member.url).status_code == 200
    assert client.get("/members/")["X-Cache"] == "HIT"

    Page.objects.get(pk=member.pk).specific.unpublish()

    assert "Singing Club" not in text(client.get("/members/"))
    assert client.get(member.url).status_code == 404


def test_a_new_member_appears_in_the_cached_directory(client, home_page, page_cache):
    from tests.profiles_support import make_directory

    directory = make_directory(home_page)
    make_member(directory, "First Member")
    client.get("/members/")
    assert client.get("/members/")["X-Cache"] == "HIT"
    make_member(directory, "Second Member")
    assert "Second Member" in text(client.get("/members/"))


def test_renaming_a_snippet_shown_on_pages_purges(client, home_page, page_cache):
    from tests.profiles_support import make_directory

    directory = make_directory(home_page)
    member = make_member(directory, "Regional Member", region="east-of-england")
    assert "East of England" in text(client.get(member.url))
    region = Region.objects.get(slug="east-of-england")
    region.name = "Eastern England"
    region.save()
    assert "Eastern England" in text(client.get(member.url))


def test_a_change_made_by_another_process_is_seen(client, about):
    """The worker or another web process changes the generation in the database;
    this process's in-memory copies must not outlive it."""
    client.get("/about/")
    assert client.get("/about/")["X-Cache"] == "HIT"
    CacheGeneration.objects.update_or_create(name="pages", defaults={"value": 12345})
    assert client.get("/about/")["X-Cache"] == "MISS"


def consent_cookie(policy, categories):
    return cookie.encode(policy.version, categories, time.time(), "visitor-id")


def banner_hidden(response):
    match = re.search(r"<div class=\"consent\"[^>]*>", text(response))
    assert match, "the banner wrapper is on every page"
    return " hidden" in match.group(0)


def test_consent_state_never_crosses_visitors(client, about, consent_policy):
    accepted = consent_cookie(consent_policy, ["analytics", "media"])
    rejected = consent_cookie(consent_policy, [])

    # A visitor who accepted warms the cache first...
    client.cookies[cookie.COOKIE_NAME] = accepted
    for _ in range(2):
        first = client.get("/about/")
    assert first["X-Cache"] == "HIT" and banner_hidden(first)
    assert 'data-consent-state="1:analytics,media"' in text(first)

    # ...a new visitor still gets the banner, from their own cached copy.
    del client.cookies[cookie.COOKIE_NAME]
    newcomer = client.get("/about/")
    assert newcomer["X-Cache"] == "MISS" and not banner_hidden(newcomer)
    assert client.get("/about/")["X-Cache"] == "HIT"
    assert not banner_hidden(client.get("/about/"))

    # A visitor who rejected sees their own state, and so does a GPC browser.
    client.cookies[cookie.COOKIE_NAME] = rejected
    response = client.get("/about/")
    assert banner_hidden(response) and 'data-consent-state="1:"' in text(response)
    del client.cookies[cookie.COOKIE_NAME]
    gpc = client.get("/about/", headers={"Sec-GPC": "1"})
    assert banner_hidden(gpc) and 'data-consent-state="gpc"' in text(gpc)

    # A forged cookie counts as no choice: banner shown, never the accepted copy.
    client.cookies[cookie.COOKIE_NAME] = accepted[:-3] + "xyz"
    forged = client.get("/about/")
    assert not banner_hidden(forged) and 'data-consent-state="none"' in text(forged)


def test_a_new_consent_policy_version_asks_cached_visitors_again(client, about, consent_policy):
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(consent_policy, ["analytics"])
    client.get("/about/")
    assert banner_hidden(client.get("/about/"))
    consent_policy.version += 1
    consent_policy.save_revision().publish()
    response = client.get("/about/")
    assert response["X-Cache"] == "MISS" and not banner_hidden(response)


def test_signed_in_editors_always_get_a_fresh_page(client, about):
    client.get("/about/")
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    response = client.get("/about/")
    assert response.get("X-Cache") is None
    # The editor's own page (with its userbar) is never stored for anyone else.
    StandardPage.objects.filter(pk=about.pk).update(introduction="Changed without publishing")
    client.logout()
    anonymous = client.get("/about/")
    assert anonymous["X-Cache"] == "HIT" and "Old summary" in text(anonymous)
    assert "wagtail-userbar" not in text(anonymous)


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/cookies/", "/healthz", "/no-such-page/"],
)
def test_never_stored(client, about, consent_policy, url):
    client.get(url)
    second = client.get(url)
    assert second.get("X-Cache") != "HIT"


def test_search_results_for_a_query_are_not_cached(client, about, settings):
    # Whatever /search/ answers (the search app may not be merged yet), a query bypasses.
    client.get("/search/?q=dementia")
    assert client.get("/search/?q=dementia").get("X-Cache") is None


def test_responses_that_set_a_cookie_are_not_stored(client, about, consent_policy):
    # The cookie settings form carries a CSRF token, which sets the CSRF cookie.
    settings_page = client.get("/cookies/")
    assert settings_page.cookies
    from cms.caching.middleware import response_is_cacheable

    assert not response_is_cacheable(settings_page.wsgi_request, settings_page)


def test_posts_and_previews_are_not_cached(client, about):
    assert client.post("/about/").get("X-Cache") is None
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{about.pk}/edit/preview/")
    assert preview.get("X-Cache") is None


def test_the_cache_can_be_switched_off(client, about, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/about/")
    assert client.get("/about/").get("X-Cache") is None


def test_api_answers_are_cached_per_format(client, about):
    url = "/api/v2/pages/?fields=title"
    client.get(url, HTTP_ACCEPT="application/json")
    json_hit = client.get(url, HTTP_ACCEPT="application/json")
    assert json_hit["X-Cache"] == "HIT" and json_hit["Content-Type"] == "application/json"
    browsable = client.get(url, HTTP_ACCEPT="text/html")
    assert browsable["X-Cache"] == "MISS" and browsable["Content-Type"].startswith("text/html")


def test_a_cached_page_still_answers_304_to_a_matching_etag(client, about):
    first = client.get("/about/")
    etag = first["ETag"]
    hit = client.get("/about/", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304 and hit["X-Cache"] == "HIT"
    assert hit["ETag"] == etag
    # A different nonce in every hit's body, yet the same ETag: browsers revalidate.
    assert client.get("/about/")["ETag"] == etag


def test_publishing_through_api_v3_purges(client, about, admin_user):
    import json

    from tests.test_api_v3 import create_token

    client.get("/about/")
    client.get("/api/v2/pages/")
    assert client.get("/about/")["X-Cache"] == "HIT"
    token = create_token(admin_user.username)
    response = client.patch(
        f"/api/v3/pages/{about.pk}/",
        data=json.dumps(
            {"meta": {"action": "publish"}, "title": "About us", "introduction": "New via v3"}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    page = client.get("/about/")
    assert page["X-Cache"] == "MISS" and "New via v3" in text(page)
    assert "About us" in text(client.get("/api/v2/pages/"))


@pytest.mark.django_db(transaction=True)
def test_each_request_reads_the_latest_committed_generation():
    """Between requests Django's connection is closed; the generation is then read through
    the per-thread reader on SQLite, which must still see every commit at once."""
    from django.db import connection

    from cms.caching import generation

    for _ in range(3):
        generation.bump()  # autocommit: committed at once, as at the end of a publish
        stored = CacheGeneration.objects.get(name="pages").value
        connection.close()
        assert generation.current() == stored


def test_making_a_cached_page_private_stops_serving_the_public_copy(client, about):
    from wagtail.models import PageViewRestriction

    assert client.get("/about/").status_code == 200
    assert client.get("/about/")["X-Cache"] == "HIT"
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    response = client.get("/about/")
    assert response.get("X-Cache") != "HIT"
    assert "Old summary" not in text(response)
