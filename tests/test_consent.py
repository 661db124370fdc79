"""Cookie consent: the cookie, the rules for publishing a policy, the forms and the API."""

import re
import time
import uuid

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision

from cms.consent import cookie
from cms.consent.models import ConsentDecision, ConsentPolicy, GatedScript

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def consent_cookie(version=1, categories=(), decided_at=None, consent_id=None):
    return cookie.encode(
        version,
        categories,
        time.time() if decided_at is None else decided_at,
        consent_id or str(uuid.uuid4()),
    )


# --- cookie parsing -------------------------------------------------------------------


def test_a_genuine_current_cookie_is_a_choice():
    value = consent_cookie(categories=["analytics"])
    data = cookie.decode(value, version=1, lifetime_days=182)
    assert data["c"] == ["analytics"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not-a-cookie",
        "eyJ2IjoxfQ:abc:def",
        "%%%%",
        "x" * 5000,
        signing.dumps({"v": 1, "c": ["analytics"], "t": 1}, salt="some.other.salt"),
        signing.dumps([1, 2, 3], salt=cookie.SALT),
        signing.dumps({"v": "1", "c": "analytics", "t": "now"}, salt=cookie.SALT),
    ],
)
def test_malformed_or_foreign_cookies_are_no_choice(value):
    assert cookie.decode(value, version=1, lifetime_days=182) is None


def test_a_tampered_cookie_is_no_choice():
    value = consent_cookie(categories=[])
    payload, rest = value.split(":", 1)
    forged = signing.b64_encode(
        b'{"v":1,"c":["analytics","media"],"t":%d,"id":"x"}' % int(time.time())
    ).decode()
    assert cookie.decode(f"{forged}:{rest}", version=1, lifetime_days=182) is None


def test_a_cookie_for_an_old_policy_version_is_no_choice():
    assert cookie.decode(consent_cookie(version=1), version=2, lifetime_days=182) is None


def test_an_expired_cookie_is_no_choice():
    decided = time.time() - 183 * 86400
    assert cookie.decode(consent_cookie(decided_at=decided), version=1, lifetime_days=182) is None
    still_valid = time.time() - 181 * 86400
    assert cookie.decode(consent_cookie(decided_at=still_valid), version=1, lifetime_days=182)


def test_a_cookie_dated_in_the_future_is_no_choice():
    decided = time.time() + 86400
    assert cookie.decode(consent_cookie(decided_at=decided), version=1, lifetime_days=182) is None


def test_pages_with_a_broken_cookie_still_render_with_the_banner(client, home_page, consent_policy):
    client.cookies[cookie.COOKIE_NAME] = "garbage::%%"
    response = client.get("/")
    assert response.status_code == 200
    assert b"data-consent-banner" in response.content
    assert b'data-consent-state="none"' in response.content
    assert b'data-consent-root data-consent-state="none" ' in response.content


# --- publish-time validation ------------------------------------------------------------


def test_publishing_with_a_blank_reject_label_is_refused(consent_policy):
    consent_policy.reject_label = "  "
    with pytest.raises(Exception) as error:
        consent_policy.save_revision()
    assert "Reject all" in str(error.value)


def test_publishing_a_revision_with_a_default_on_optional_category_is_refused(consent_policy):
    analytics = consent_policy.categories.get(slug="analytics")
    analytics.default_enabled = True
    consent_policy.categories = [
        analytics if c.slug == "analytics" else c for c in consent_policy.categories.all()
    ]
    revision = consent_policy.save_revision()
    with pytest.raises(Exception) as error:
        revision.publish()
    assert "Only strictly necessary categories" in str(error.value)
    live = ConsentPolicy.get_live()
    assert live.categories.get(slug="analytics").default_enabled is False


def test_a_scheduled_publish_of_a_bad_revision_is_skipped_not_crashed(consent_policy, caplog):
    consent_policy.version = 2
    consent_policy.reject_label = ""
    # Bypass clean(), as an API client or an old revision could.
    revision = consent_policy.save_revision(clean=False)
    result = revision.publish(log_action="wagtail.publish.scheduled")
    assert result is None
    assert ConsentPolicy.get_live().version == 1
    assert "not published" in caplog.text
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def policy_form_data(policy, **overrides):
    categories = list(policy.categories.all())
    data = {
        "name": policy.name,
        "version": policy.version,
        "heading": policy.heading,
        "body": '{"blocks":[{"key":"a","type":"unstyled","text":"We use cookies.",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "accept_label": policy.accept_label,
        "reject_label": policy.reject_label,
        "preferences_label": policy.preferences_label,
        "save_label": policy.save_label,
        "confirmation_text": policy.confirmation_text,
        "lifetime_days": policy.lifetime_days,
        "categories-TOTAL_FORMS": len(categories),
        "categories-INITIAL_FORMS": len(categories),
        "categories-MIN_NUM_FORMS": 1,
        "categories-MAX_NUM_FORMS": 1000,
        "action-publish": "action-publish",
    }
    for i, c in enumerate(categories):
        data.update(
            {
                f"categories-{i}-id": c.pk,
                f"categories-{i}-ORDER": i + 1,
                f"categories-{i}-DELETE": "",
                f"categories-{i}-name": c.name,
                f"categories-{i}-slug": c.slug,
                f"categories-{i}-description": c.description,
                f"categories-{i}-lawful_basis": c.lawful_basis,
                f"categories-{i}-cookies": c.cookies,
                f"categories-{i}-hosts": c.hosts,
            }
        )
        if c.is_necessary:
            data[f"categories-{i}-is_necessary"] = "on"
        if c.default_enabled:
            data[f"categories-{i}-default_enabled"] = "on"
    data.update(overrides)
    return data


def edit_url(policy):
    return f"/admin/snippets/consent/consentpolicy/edit/{policy.pk}/"


def test_admin_refuses_to_publish_a_blank_reject_label_with_a_clear_message(
    admin_client, consent_policy
):
    response = admin_client.post(
        edit_url(consent_policy), policy_form_data(consent_policy, reject_label="")
    )
    assert response.status_code == 200
    assert "Visitors must be able to refuse cookies" in response.content.decode()
    assert ConsentPolicy.get_live().reject_label == "Reject all cookies"


def test_admin_refuses_a_default_on_optional_category(admin_client, consent_policy):
    index = [c.slug for c in consent_policy.categories.all()].index("analytics")
    response = admin_client.post(
        edit_url(consent_policy),
        policy_form_data(consent_policy, **{f"categories-{index}-default_enabled": "on"}),
    )
    assert response.status_code == 200
    assert "Only strictly necessary categories" in response.content.decode()
    assert ConsentPolicy.get_live().categories.get(slug="analytics").default_enabled is False


def test_admin_publishes_a_valid_new_version(admin_client, consent_policy):
    response = admin_client.post(
        edit_url(consent_policy), policy_form_data(consent_policy, version=2)
    )
    assert response.status_code == 302
    live = ConsentPolicy.get_live()
    assert live.version == 2
    assert Revision.objects.filter(object_id=str(live.pk)).count() == 2


def test_admin_lists_decisions_read_only(admin_client, consent_policy):
    decision = ConsentDecision.objects.create(
        policy_version=1, categories=["analytics"], method="banner-form"
    )
    listing = admin_client.get("/admin/consent-records/")
    assert listing.status_code == 200
    assert str(decision.consent_id) in listing.content.decode()
    assert admin_client.get("/admin/consent-records/new/").status_code == 404
    inspect = admin_client.get(f"/admin/consent-records/inspect/{decision.pk}/")
    assert inspect.status_code == 200
    assert "banner-form" in inspect.content.decode() or "no JavaScript" in inspect.content.decode()


# --- the no-JS banner form and the settings page ------------------------------------------


def test_banner_form_saves_a_choice_and_redirects_back(client, home_page, consent_policy):
    response = client.post(
        "/cookies/choose/", {"action": "reject", "next": "/some/page/?q=1"}, **ORIGIN
    )
    assert response.status_code == 303
    assert response["Location"] == "/some/page/?q=1&cookies=saved"
    morsel = response.cookies[cookie.COOKIE_NAME]
    assert morsel["samesite"] == "Lax"
    assert morsel["max-age"] == 182 * 86400
    assert not morsel["secure"]
    data = cookie.decode(morsel.value, version=1, lifetime_days=182)
    assert data["c"] == []
    decision = ConsentDecision.objects.get()
    assert decision.method == "banner-form"
    assert decision.categories == []
    assert decision.policy_version == 1
    assert decision.revision_id == consent_policy.live_revision_id
    assert str(decision.consent_id) == data["id"]


def test_after_a_no_js_choice_the_page_shows_the_confirmation(client, home_page, consent_policy):
    response = client.post("/cookies/choose/", {"action": "accept", "next": "/"}, **ORIGIN)
    assert response["Location"] == "/?cookies=saved"
    html = client.get(response["Location"]).content.decode()
    root = html.split("data-consent-root", 1)[1].split(">", 1)[0]
    assert "hidden" not in root
    assert "data-consent-ask hidden" in html
    assert 'data-consent-confirmation tabindex="-1">' in html
    # Without the flag, a visitor who has chosen sees no banner at all.
    html = client.get("/").content.decode()
    assert "hidden" in html.split("data-consent-root", 1)[1].split(">", 1)[0]


def test_cookie_is_secure_over_https(client, consent_policy):
    response = client.post(
        "/cookies/choose/",
        {"action": "accept", "next": "/"},
        secure=True,
        HTTP_ORIGIN="https://testserver",
    )
    assert response.status_code == 303
    assert response.cookies[cookie.COOKIE_NAME]["secure"]


def test_saving_only_analytics_accepts_only_analytics(client, consent_policy):
    response = client.post(
        "/cookies/choose/",
        {"action": "save", "categories": ["analytics", "necessary", "made-up"], "next": "/"},
        **ORIGIN,
    )
    data = cookie.decode(response.cookies[cookie.COOKIE_NAME].value, version=1, lifetime_days=182)
    assert data["c"] == ["analytics"]


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_banner_form_refuses_an_off_site_next(client, consent_policy, next_url):
    response = client.post("/cookies/choose/", {"action": "accept", "next": next_url}, **ORIGIN)
    assert response.status_code == 400
    assert "page on this website" in response.content.decode()
    assert cookie.COOKIE_NAME not in response.cookies
    assert not ConsentDecision.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_banner_form_refuses_cross_site_posts(client, consent_policy, headers):
    response = client.post("/cookies/choose/", {"action": "accept", "next": "/"}, **headers)
    assert response.status_code == 403
    assert not ConsentDecision.objects.exists()


def test_banner_form_accepts_same_origin_fetch_metadata(client, consent_policy):
    response = client.post(
        "/cookies/choose/",
        {"action": "accept", "next": "/"},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"version": 1, "categories": ["analytics", "media"]}
    assert ConsentDecision.objects.get().method == "banner-js"


def test_banner_form_rejects_an_unknown_action(client, consent_policy):
    response = client.post("/cookies/choose/", {"action": "maybe", "next": "/"}, **ORIGIN)
    assert response.status_code == 400


def test_settings_page_uses_a_csrf_token(consent_policy, home_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/cookies/")
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert strict.post("/cookies/", {"categories": ["analytics"]}).status_code == 403


def test_settings_page_withdraws_and_deletes_that_categorys_cookies(
    client, home_page, consent_policy
):
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics", "media"])
    client.cookies["_fa_id"] = "123"
    page = client.get("/cookies/")
    assert 'value="analytics" checked' in page.content.decode()
    response = client.post("/cookies/", {"categories": ["media"]})
    assert response.status_code == 303
    assert response["Location"] == "/cookies/?saved=1"
    assert response.cookies["_fa_id"]["max-age"] == 0
    data = cookie.decode(response.cookies[cookie.COOKIE_NAME].value, version=1, lifetime_days=182)
    assert data["c"] == ["media"]
    assert ConsentDecision.objects.get().method == "settings-page"
    saved = client.get("/cookies/?saved=1")
    assert "saved your cookie settings" in saved.content.decode()


def test_a_second_decision_keeps_the_consent_id(client, consent_policy):
    client.post("/cookies/choose/", {"action": "accept", "next": "/"}, **ORIGIN)
    client.post("/cookies/choose/", {"action": "reject", "next": "/"}, **ORIGIN)
    first, second = ConsentDecision.objects.order_by("created_at", "pk")
    assert first.consent_id == second.consent_id
    assert (first.categories, second.categories) == (["analytics", "media"], [])


def test_decision_records_hold_no_ip_address():
    names = {f.name for f in ConsentDecision._meta.get_fields()}
    assert not names & {"ip", "ip_address", "remote_addr", "user_agent"}


# --- gating and caching -------------------------------------------------------------------


@pytest.fixture
def analytics_script(db):
    return GatedScript.objects.create(
        name="Analytics", category="analytics", src="https://stats.example/a.js"
    )


def test_scripts_are_inert_before_a_choice(client, home_page, consent_policy, analytics_script):
    response = client.get("/")
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="text/plain" nonce="{nonce}" data-consent-category="analytics"' in html
    assert 'data-consent-src="https://stats.example/a.js"' in html
    assert '<script src="https://stats.example/a.js"' not in html


def test_scripts_run_on_first_load_when_accepted(
    client, home_page, consent_policy, analytics_script
):
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics"])
    response = client.get("/")
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    script = f'<script src="https://stats.example/a.js" nonce="{nonce}" data-consent-category='
    assert script + '"analytics"' in html
    assert 'data-consent-root data-consent-state="1:analytics"' in html
    assert " hidden>" in html.split("data-consent-root", 1)[1].split("\n", 1)[0]
    assert response["X-Consent-Variant"] == "1:analytics"


def test_a_version_bump_holds_scripts_and_asks_again(
    client, home_page, consent_policy, analytics_script
):
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics"])
    consent_policy.version = 2
    consent_policy.save_revision().publish()
    html = client.get("/").content.decode()
    assert '<script src="https://stats.example/a.js"' not in html
    assert 'data-consent-state="none"' in html


def test_gpc_means_reject_when_no_choice_exists(
    client, home_page, consent_policy, analytics_script
):
    response = client.get("/", HTTP_SEC_GPC="1")
    html = response.content.decode()
    assert 'data-consent-state="gpc"' in html
    assert '<script src="https://stats.example/a.js"' not in html
    # A stored choice made later on the settings page wins over the signal.
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics"])
    html = client.get("/", HTTP_SEC_GPC="1").content.decode()
    assert '<script src="https://stats.example/a.js"' in html


def test_pages_vary_on_cookie_and_gpc_and_banner_markup_is_the_same_for_everyone(
    client, home_page, consent_policy
):
    first = client.get("/")
    assert "Cookie" in first["Vary"] and "Sec-GPC" in first["Vary"]
    client.cookies[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics"])
    second = client.get("/")

    def banner(response):
        html = response.content.decode()
        return html[html.index("data-consent-banner") : html.index("</form>")]

    assert banner(first) == banner(second)
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies
    assert "Set-Cookie" not in first.headers


def test_inline_gated_scripts_carry_the_csp_nonce(rf, consent_policy):
    from django.template import Context, Template

    GatedScript.objects.create(name="Inline", category="analytics", code="window.x = 1;")
    request = rf.get("/")
    request.csp_nonce = "abc123"
    html = Template("{% load consent_tags %}{% consent_scripts %}").render(
        Context({"request": request})
    )
    assert 'nonce="abc123" data-consent-category="analytics"' in html
    assert html.count('nonce="abc123"') == 2  # the gated script and the consent engine


def test_gated_script_needs_a_source_or_code(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        GatedScript(name="Empty", category="analytics").full_clean()


def test_gated_script_category_must_exist_in_the_policy(consent_policy):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        GatedScript(name="Ads", category="adverts", src="https://ads.example/a.js").full_clean()
    assert "no category “adverts”" in str(error.value)
    GatedScript(name="Stats", category="analytics", src="https://stats.example/a.js").full_clean()


def test_rich_text_video_embeds_are_click_to_load(consent_policy):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.rich_text import expand_db_html

    url = "https://video.example/watch/1"
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        max_width=None,
        type="video",
        html='<iframe src="https://video.example/embed/1" title="A film"></iframe>',
        provider_name="Video Example",
        title="A film",
    )
    html = expand_db_html(f'<embed embedtype="media" url="{url}"/>')
    assert 'data-consent-category="media"' in html
    assert "<template data-consent-embed-content>" in html
    before_template = html.split("<template", 1)[0]
    assert "<iframe" not in before_template
    assert f'href="{url}"' in html


# --- API ------------------------------------------------------------------------------------


def test_api_serves_the_published_configuration(client, consent_policy):
    consent_policy.heading = "Draft heading"
    consent_policy.save_revision()  # a draft must not leak
    response = client.get("/api/v2/consent/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["texts"]["heading"] == "Cookies on the Dementia Action Alliance website"
    assert body["texts"]["reject_all"] == "Reject all cookies"
    assert body["lifetime_days"] == 182
    slugs = [c["slug"] for c in body["categories"]]
    assert slugs == ["necessary", "analytics", "media"]
    media = body["categories"][2]
    assert media["necessary"] is False and media["default_enabled"] is False
    assert "www.youtube-nocookie.com" in media["hosts"]
    necessary = body["categories"][0]
    assert {"name": "alliance_consent", "purpose": "remembers your cookie choices"} in necessary[
        "cookies"
    ]


def test_api_router_serves_pages(client, home_page):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert "items" in response.json()


def test_default_policy_comes_from_the_data_migration(db):
    live = ConsentPolicy.get_live()
    assert live is not None and live.version == 1
    assert [c.slug for c in live.categories.all()] == ["necessary", "analytics", "media"]


def test_admin_pages_for_the_policy_render(admin_client, consent_policy):
    assert admin_client.get("/admin/").status_code == 200
    listing = admin_client.get("/admin/snippets/consent/consentpolicy/")
    assert listing.status_code == 200
    edit = admin_client.get(edit_url(consent_policy))
    assert edit.status_code == 200
    assert "Reject all cookies" in edit.content.decode()
    scripts = admin_client.get("/admin/snippets/consent/gatedscript/add/")
    assert scripts.status_code == 200


def test_admin_preview_shows_the_banner_texts(admin_client, consent_policy):
    url = f"/admin/snippets/consent/consentpolicy/preview/{consent_policy.pk}/"
    data = policy_form_data(consent_policy, heading="Previewed heading")
    data.pop("action-publish")
    assert admin_client.post(url, data).json()["is_valid"] is True
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Previewed heading" in preview.content.decode()


def test_a_scheduled_publish_run_by_the_command_skips_a_bad_revision(consent_policy):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    consent_policy.version = 2
    consent_policy.reject_label = ""
    revision = consent_policy.save_revision(clean=False)
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    assert ConsentPolicy.get_live().version == 1
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_a_valid_scheduled_version_goes_live(consent_policy):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    consent_policy.version = 2
    revision = consent_policy.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    assert ConsentPolicy.get_live().version == 2


def test_templates_can_gate_their_own_fragments_and_embeds(rf, consent_policy):
    from django.template import Context, Template
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = "https://video.example/watch/2"
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        type="video",
        html='<iframe src="https://video.example/embed/2" title="Film"></iframe>',
        provider_name="Video Example",
    )
    template = Template(
        '{% load consent_tags %}{% consent_allows "analytics" as ok %}'
        "{% if ok %}ANALYTICS{% endif %}{{ url|consent_embed }}"
    )
    request = rf.get("/")
    html = template.render(Context({"request": request, "url": url}))
    assert "ANALYTICS" not in html
    assert "<template data-consent-embed-content>" in html
    request = rf.get("/")
    request.COOKIES[cookie.COOKIE_NAME] = consent_cookie(categories=["analytics"])
    html = template.render(Context({"request": request, "url": url}))
    assert "ANALYTICS" in html


def test_the_banner_costs_no_query_once_the_process_knows_the_consent_configuration(
    client, home_page, consent_policy
):
    GatedScript.objects.create(name="A", category="analytics", src="https://a.example/a.js")
    GatedScript.objects.create(name="B", category="media", code="window.b = 1;")
    client.get("/")  # warm Wagtail's own caches (site, locale) and the consent configuration
    # The page's own budget is the performance tests' business; here only the banner's part.
    with CaptureQueriesContext(connection) as counted:
        html = client.get("/").content.decode()
    consent_queries = [q for q in counted.captured_queries if "consent_" in q["sql"]]
    assert consent_queries == [], [q["sql"] for q in consent_queries]
    assert 'data-consent-src="https://a.example/a.js"' in html
    assert "window.b = 1;" in html


def test_a_consent_change_made_by_another_process_shows_on_the_next_page(
    client, home_page, consent_policy
):
    """Another process (the worker, a second web process) changes a gated script: this
    process sees it through the content generation, with no signal of its own."""
    from cms.caching import generation

    script = GatedScript.objects.create(name="A", category="analytics", code="window.a = 1;")
    assert "window.a = 1;" in client.get("/").content.decode()
    GatedScript.objects.filter(pk=script.pk).update(enabled=False)  # no signal here
    generation.bump()  # what that process's save did in its own transaction
    assert "window.a = 1;" not in client.get("/").content.decode()


def test_a_second_policy_is_refused(consent_policy):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        ConsentPolicy(body="<p>x</p>").full_clean()
    assert "already a consent policy" in str(error.value)
