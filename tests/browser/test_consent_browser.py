"""
Cookie consent in a real Chromium: a live server, a gated analytics script and a video
embed, both pointing at local fake hosts that record every request they receive.
"""

import base64
import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from cms.consent.models import ConsentDecision, ConsentPolicy, GatedScript
from home.models import StandardPage

from .fakehost import FakeHost


@pytest.fixture
def analytics_host():
    host = FakeHost().start()
    yield host
    host.stop()


@pytest.fixture
def video_host():
    host = FakeHost().start()
    yield host
    host.stop()


@pytest.fixture
def site(live_server, home_page, consent_policy, analytics_host, video_host):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    GatedScript.objects.create(
        name="Fake analytics", category="analytics", src=analytics_host.url + "/analytics.js"
    )
    video_url = video_host.url + "/watch/1"
    Embed.objects.create(
        hash=get_embed_hash(video_url),
        url=video_url,
        type="video",
        html=f'<iframe src="{video_host.url}/embed/1" title="Our film"></iframe>',
        provider_name="Fake Video",
        title="Our film",
    )
    video_page = StandardPage(
        title="Our film",
        slug="film",
        body=[("paragraph", f'<p>Watch this.</p><embed embedtype="media" url="{video_url}"/>')],
    )
    home_page.add_child(instance=video_page)
    video_page.save_revision().publish()
    return live_server.url


def consent_cookie(context):
    for c in context.cookies():
        if c["name"] == "alliance_consent":
            payload = c["value"].strip('"').split(":")[0]
            payload += "=" * (-len(payload) % 4)
            return c, json.loads(base64.urlsafe_b64decode(payload))
    return None, None


def cookie_names(context):
    return sorted(c["name"] for c in context.cookies())


def banner(page):
    return page.locator("[data-consent-banner]")


def assert_no_axe_violations(page, context=None):
    results = Axe().run(page, context=context)
    assert results.violations_count == 0, results.generate_report()


def test_before_any_choice_nothing_optional_runs(
    site, page, context, analytics_host, video_host, screenshot
):
    page.goto(site + "/")
    assert banner(page).is_visible()
    page.goto(site + "/film/")
    assert banner(page).is_visible()
    assert page.locator("iframe").count() == 0
    assert page.get_by_text("comes from Fake Video").is_visible()
    page.wait_for_load_state("networkidle")
    assert analytics_host.requests == []
    assert video_host.requests == []
    assert cookie_names(context) == []
    # The banner is a labelled region before the skip link, and does not cover the page.
    region = page.get_by_role("region", name="Cookies on the Dementia Action Alliance website")
    assert region.is_visible()
    order = page.evaluate(
        "document.querySelector('[data-consent-banner]').compareDocumentPosition("
        "document.querySelector('.skip-link')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert order
    accept = page.get_by_role("button", name="Accept all cookies")
    reject = page.get_by_role("button", name="Reject all cookies")
    a, r = accept.bounding_box(), reject.bounding_box()
    assert (a["width"], a["height"]) == (r["width"], r["height"])
    weight = "el => getComputedStyle(el).fontWeight + getComputedStyle(el).fontSize"
    assert accept.evaluate(weight) == reject.evaluate(weight)
    screenshot(page, "consent-banner")
    assert_no_axe_violations(page, context="[data-consent-banner]")
    page.get_by_text("Choose which cookies").click()
    assert_no_axe_violations(page)


def test_reject_is_one_click_and_sticks(site, page, context, analytics_host, video_host):
    page.goto(site + "/film/")
    page.get_by_role("button", name="Reject all cookies").click()
    confirmation = page.locator("[data-consent-confirmation]")
    confirmation.wait_for(state="visible")
    assert page.evaluate("document.activeElement.hasAttribute('data-consent-confirmation')")
    _, data = consent_cookie(context)
    assert data["v"] == 1 and data["c"] == []
    for path in ["/", "/film/", "/"]:
        page.goto(site + path)
        assert not banner(page).is_visible()
    page.wait_for_load_state("networkidle")
    assert analytics_host.requests == []
    assert video_host.requests == []
    decision = ConsentDecision.objects.get()
    assert decision.method == "banner-js"
    assert decision.categories == []
    assert str(decision.consent_id) == data["id"]


def test_accepting_only_analytics_loads_only_analytics(
    site, page, context, analytics_host, video_host
):
    page.goto(site + "/film/")
    page.get_by_text("Choose which cookies").click()
    page.get_by_label("Analytics").check()
    assert not page.get_by_label("Embedded media").is_checked()
    page.get_by_role("button", name="Save cookie settings").click()
    # Without a reload: the inert script is activated in place.
    page.wait_for_function("window.fakeAnalyticsRuns === 1")
    assert analytics_host.hits("/analytics.js")
    assert page.locator("iframe").count() == 0
    assert "_fa_id" in cookie_names(context)
    # And the server sends it as a normal script on the next page load.
    analytics_host.requests.clear()
    page.goto(site + "/film/")
    page.wait_for_function("window.fakeAnalyticsRuns === 1")
    assert page.locator('script[src$="/analytics.js"][data-consent-loaded]').count() == 1
    page.wait_for_load_state("networkidle")
    assert video_host.requests == []
    assert ConsentDecision.objects.get().categories == ["analytics"]


def test_accepting_media_loads_the_video_and_click_to_load_works_alone(
    site, page, analytics_host, video_host
):
    page.goto(site + "/film/")
    page.get_by_role("button", name="Load video").click()
    page.locator("iframe[title='Our film']").wait_for()
    page.wait_for_load_state("networkidle")
    assert video_host.hits("/embed/1")
    assert analytics_host.requests == []
    # Accept all: both categories run without reload.
    video_host.requests.clear()
    page.goto(site + "/film/")
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Accept all cookies").click()
    page.locator("iframe[title='Our film']").wait_for()
    page.wait_for_function("window.fakeAnalyticsRuns === 1")
    assert video_host.hits("/embed/1")


def test_settings_page_withdraws_and_deletes_cookies(
    site, page, context, analytics_host, screenshot
):
    page.goto(site + "/")
    page.get_by_role("button", name="Accept all cookies").click()
    page.wait_for_function("window.fakeAnalyticsRuns === 1")
    assert "_fa_id" in cookie_names(context)
    page.get_by_role("contentinfo").get_by_role("link", name="Cookie settings").click()
    page.wait_for_url("**/cookies/")
    assert page.locator("h1").inner_text() == "Cookie settings"
    assert not banner(page).is_visible()
    assert_no_axe_violations(page)
    checkbox = page.get_by_label("Use analytics cookies")
    assert checkbox.is_checked()
    checkbox.uncheck()
    page.get_by_role("button", name="Save cookie settings").click()
    page.wait_for_url("**/cookies/?saved=1")
    assert page.get_by_role("status").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-consent-saved')")
    screenshot(page, "consent-settings-saved")
    assert_no_axe_violations(page)
    assert "_fa_id" not in cookie_names(context)
    _, data = consent_cookie(context)
    assert data["c"] == ["media"]
    analytics_host.requests.clear()
    page.goto(site + "/")
    page.wait_for_load_state("networkidle")
    assert analytics_host.requests == []
    assert [d.method for d in ConsentDecision.objects.order_by("created_at", "pk")] == [
        "banner-js",
        "settings-page",
    ]


def test_a_new_policy_version_asks_again_and_holds_scripts(
    site, page, context, analytics_host, consent_policy
):
    page.goto(site + "/")
    page.get_by_role("button", name="Accept all cookies").click()
    page.wait_for_function("window.fakeAnalyticsRuns === 1")
    policy = ConsentPolicy.objects.get(pk=consent_policy.pk)
    policy.version = 2
    policy.save_revision().publish()
    analytics_host.requests.clear()
    page.goto(site + "/")
    assert banner(page).is_visible()
    page.wait_for_load_state("networkidle")
    assert analytics_host.requests == []
    assert page.evaluate("window.fakeAnalyticsRuns === undefined")


def test_cookie_lifetime_is_the_configured_one_and_not_extended(site, page, context):
    page.goto(site + "/")
    page.get_by_role("button", name="Reject all cookies").click()
    page.locator("[data-consent-confirmation]").wait_for(state="visible")
    first, _ = consent_cookie(context)
    remaining = first["expires"] - page.evaluate("Date.now() / 1000")
    assert 182 * 86400 - 120 < remaining <= 182 * 86400 + 5
    assert first["sameSite"] == "Lax"
    page.goto(site + "/film/")
    page.goto(site + "/")
    again, _ = consent_cookie(context)
    assert again["expires"] == first["expires"]
    assert again["value"] == first["value"]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_without_javascript_the_forms_work_and_refuse_off_site_next(
    site, no_js_page, analytics_host
):
    page = no_js_page
    page.goto(site + "/film/")
    page.get_by_text("Choose which cookies").click()
    page.get_by_label("Analytics").check()
    page.get_by_role("button", name="Save cookie settings").click()
    page.wait_for_url(site + "/film/?cookies=saved")
    assert page.get_by_text("You’ve saved your cookie settings").is_visible()
    assert not page.get_by_role("button", name="Accept all cookies").is_visible()
    page.goto(site + "/film/")
    assert not banner(page).is_visible()
    _, data = consent_cookie(page.context)
    assert data["c"] == ["analytics"]
    decision = ConsentDecision.objects.get()
    assert (decision.method, decision.categories) == ("banner-form", ["analytics"])
    # Server-side gating works with no JavaScript at all: the script tag is real.
    assert page.locator('script[src$="/analytics.js"]').count() == 1
    # The settings page is a plain form too.
    page.goto(site + "/cookies/")
    page.get_by_label("Use analytics cookies").uncheck()
    page.get_by_role("button", name="Save cookie settings").click()
    page.wait_for_url("**/cookies/?saved=1")
    _, data = consent_cookie(page.context)
    assert data["c"] == []
    # A forged form with an off-site `next` is refused (posted from our own origin).
    for evil in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        response = page.request.post(
            site + "/cookies/choose/",
            form={"action": "accept", "next": evil},
            headers={"Origin": site},
            max_redirects=0,
        )
        assert response.status == 400
    # And a post from another site is refused outright.
    response = page.request.post(
        site + "/cookies/choose/",
        form={"action": "accept", "next": "/"},
        headers={"Origin": "https://evil.example"},
        max_redirects=0,
    )
    assert response.status == 403
    assert ConsentDecision.objects.count() == 2


def test_global_privacy_control_defaults_to_reject(browser, site, analytics_host, video_host):
    context = browser.new_context(locale="en-GB", extra_http_headers={"Sec-GPC": "1"})
    page = context.new_page()
    try:
        page.goto(site + "/film/")
        page.wait_for_load_state("networkidle")
        assert not banner(page).is_visible()
        assert analytics_host.requests == []
        assert video_host.requests == []
        page.goto(site + "/cookies/")
        assert page.get_by_text("Global Privacy Control").is_visible()
        assert not page.get_by_label("Use analytics cookies").is_checked()
    finally:
        context.close()


def test_the_banner_is_keyboard_operable(site, page, context):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Accept all cookies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Reject all cookies"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens "Choose which cookies"
    focused = "document.activeElement.id || document.activeElement.textContent.trim()"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "consent-banner-analytics"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "consent-banner-media"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Save cookie settings"
    page.keyboard.press("Enter")
    page.locator("[data-consent-confirmation]").wait_for(state="visible")
    assert page.evaluate("document.activeElement.hasAttribute('data-consent-confirmation')")
    _, data = consent_cookie(context)
    assert data["c"] == ["media"]
