"""A real Chromium loads the site and the admin under our CSP with no violations."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ensure_site_tree

# Collect violations from the page itself as well as from the console, so a blocked
# inline script, style or image is caught whichever way Chromium reports it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched_page(page):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_console = console
    return page


def assert_no_violations(page, where):
    # "networkidle" never comes on the page editor (it pings its editing session), so wait
    # for the load event and give late scripts a moment to run.
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{where}: {violations}"
    assert page.csp_console == [], f"{where}: {page.csp_console}"


def test_public_pages_and_admin_run_without_csp_violations(live_server, watched_page, db):
    page = watched_page
    home = ensure_site_tree()
    get_user_model().objects.create_superuser("editor", "e@example.org", "pw-secure-123")

    response = page.goto(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").count() == 1
    assert_no_violations(page, "home page")

    page.goto(live_server.url + "/admin/login/")
    assert_no_violations(page, "admin login")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "pw-secure-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert_no_violations(page, "admin dashboard")

    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.wait_for_selector("form[data-edit-form], #page-edit-form, form")
    assert_no_violations(page, "page editor")

    page.goto(live_server.url + "/admin/images/")
    assert_no_violations(page, "image listing")

    # An editor viewing the public site gets Wagtail's user bar under the public policy.
    page.goto(live_server.url + "/")
    page.wait_for_selector("wagtail-userbar", state="attached")
    assert_no_violations(page, "home page with user bar")
