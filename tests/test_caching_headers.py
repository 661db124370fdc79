"""Cache-Control and ETags: public responses are shareable and revalidate with a 304;
anything personal is private."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/members/music-makers/",
    "/api/v2/pages/",
    "/api/v3/pages/",
    "/updates/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


def test_public_responses_carry_max_age_and_etag(client, api_content):
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert response["ETag"], url


def test_conditional_request_gets_304(client, api_content):
    for url in PUBLIC_URLS:
        etag = client.get(url)["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        changed = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
        assert changed.status_code == 200, url


def test_etag_changes_when_content_is_published(client, api_content):
    url = f"/api/v2/pages/{api_content.carers.pk}/"
    etag = client.get(url)["ETag"]
    page = api_content.carers.get_latest_revision_as_object()
    page.title = "Leeds Carers Network"
    page.save_revision().publish()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


@override_settings(PAGE_CACHE_MAX_AGE=300, API_CACHE_MAX_AGE=30)
def test_max_age_is_configurable(client, api_content):
    assert client.get("/members/music-makers/")["Cache-Control"] == "public, max-age=300"
    assert client.get("/api/v2/pages/")["Cache-Control"] == "public, max-age=30"


def test_signed_in_editors_get_private_responses(client, api_content, admin_user):
    client.force_login(admin_user)
    for url in ["/members/music-makers/", "/api/v2/pages/", "/admin/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control, url


def test_token_requests_are_private(client, api_content):
    response = client.get("/api/v3/pages/", HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert "public" not in response.get("Cache-Control", "")


def test_responses_setting_cookies_are_private(client, api_content, consent_policy):
    # The cookie settings page has a CSRF-protected form, so it sets the CSRF cookie.
    response = client.get("/cookies/")
    assert response.cookies
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_unlocked_private_page_is_never_shared(client, api_content):
    page = api_content.hidden["password"]
    form = client.get(page.url)
    assert "public" not in form.get("Cache-Control", "")
    restriction = page.view_restrictions.get()
    unlocked = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "letmein", "return_url": page.url},
    )
    assert unlocked.status_code == 302
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Walrus" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_post_and_errors_are_not_marked_public(client, api_content):
    assert "public" not in client.get("/no-such-page/").get("Cache-Control", "")
    assert "public" not in client.get("/api/v2/pages/?limit=x").get("Cache-Control", "")


def test_etag_ignores_a_per_request_csp_nonce(rf):
    from django.http import HttpResponse

    from cms.caching.headers import CacheHeadersMiddleware

    def page_with_nonce(nonce, text="Same page"):
        def view(request):
            request._csp_nonce = nonce  # as django-csp does when a template uses it
            return HttpResponse(f'<script nonce="{nonce}">go()</script><p>{text}</p>')

        return CacheHeadersMiddleware(view)(rf.get("/members/"))

    first, second = page_with_nonce("abc123xyz"), page_with_nonce("def456uvw")
    assert first["ETag"] == second["ETag"]
    assert page_with_nonce("abc123xyz", "Edited page")["ETag"] != first["ETag"]
    changed = CacheHeadersMiddleware(lambda request: HttpResponse("<p>Another page</p>"))(
        rf.get("/members/")
    )
    assert not changed.has_header("ETag")  # left to ConditionalGetMiddleware
