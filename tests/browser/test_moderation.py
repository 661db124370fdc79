"""
Done when (issue 4): in a real Chromium, a member editor adds an update to their own action and
submits it for moderation; a moderator approves it with a go-live time a few seconds ahead; the
visitor page shows the update only after that time, published by the real worker process; the
same member editor is refused on another member's action.
"""

import re
import signal
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Revision, WorkflowState

from profiles.models import ActionPage
from tests.conftest import ensure_site_tree
from tests.editorial_support import PASSWORD, build_editorial_site
from tests.test_publishing_worker import fetch, start_worker

LONDON = ZoneInfo("Europe/London")
UPDATE_TEXT = "Our choir sang at Luton town hall"


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_action_menu(page):
    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_member_editor_update_goes_live_after_approval_at_the_go_live_time(
    live_server, page, screenshot
):
    site = build_editorial_site(ensure_site_tree())
    base = live_server.url
    action = site.music_action
    public_url = f"{base}/members/music24/singing/"

    # 1. The member editor adds an update to their own action and submits it.
    log_in(page, base, site.music_editor.username)
    expect(page.locator("#member-actions-section")).to_contain_text("Singing for the brain")
    page.goto(f"{base}/admin/pages/{action.pk}/edit/")
    page.get_by_role("button", name=re.compile("Insert a block", re.I)).last.click()
    year = page.locator("input[name^='updates-'][name$='-value-year']").last
    year.fill(str(timezone.localdate().year))
    quarter = page.locator("select[name^='updates-'][name$='-value-quarter']").last
    quarter.select_option(str((timezone.localdate().month - 1) // 3 + 1))
    body = page.locator("[data-contentpath='body'] .public-DraftEditor-content").last
    body.click()
    page.keyboard.type(UPDATE_TEXT)
    expect(body).to_contain_text(UPDATE_TEXT)
    # Draftail writes its hidden input a moment after typing stops.
    saved_body = page.locator("input[name^='updates-'][name$='-value-body']").last
    expect(saved_body).to_have_value(re.compile(UPDATE_TEXT))
    open_action_menu(page)
    page.get_by_role("button", name=re.compile("Submit to Moderator approval", re.I)).click()
    expect(page.locator(".messages")).to_contain_text(re.compile("submitted", re.I))
    screenshot(page, "moderation-1-submitted")
    state = WorkflowState.objects.get(object_id=str(action.pk))
    assert state.status == "in_progress"
    assert UPDATE_TEXT not in fetch(public_url)[1]

    # 2. The same editor is refused on another member's action.
    response = page.goto(f"{base}/admin/pages/{site.luton_action.pk}/edit/")
    refused = response.status == 403 or "permission" in page.content().lower()
    assert refused, "a member editor opened another member's action"
    expect(page.locator("form[data-edit-form]")).to_have_count(0)
    screenshot(page, "moderation-2-refused")

    # 3. The moderator sets a go-live time a few seconds ahead and approves.
    worker = start_worker()
    try:
        log_in(page, base, site.moderator.username)
        page.goto(f"{base}/admin/pages/{action.pk}/edit/")
        # The admin takes minutes ("25 November 2026 17:05"), so the next whole minute at
        # least 15 seconds ahead: long enough to check the page has not changed yet.
        soon = timezone.now() + timedelta(seconds=15)
        go_live = soon.replace(second=0, microsecond=0) + timedelta(minutes=1)
        page.locator("[data-side-panel-toggle='status']").click()
        page.get_by_role("button", name=re.compile("Set schedule", re.I)).first.click()
        field = page.locator("#schedule-publishing-dialog input[name='go_live_at']")
        # The dialog says which zone the typed time is in.
        expect(page.locator("#schedule-publishing-dialog")).to_contain_text("Europe/London")
        typed = go_live.astimezone(LONDON).strftime("%d %B %Y %H:%M")
        field.fill(typed)
        # The date picker covers the button, so press it from the keyboard.
        page.get_by_role("button", name="Save schedule").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_be_visible()
        status_panel = page.locator("[data-side-panel='status']")
        local = go_live.astimezone(LONDON)
        expect(status_panel).to_contain_text(
            re.compile(rf"Go-live:\s*{local.day} {local:%B %Y}, {local:%H:%M} {local:%Z}")
        )
        screenshot(page, "moderation-3a-scheduled")
        open_action_menu(page)
        page.locator("button[data-workflow-action-name='approve']").first.click()
        expect(page.locator(".messages")).to_be_visible()
        screenshot(page, "moderation-3-approved")

        revision = Revision.page_revisions.filter(object_id=str(action.pk)).latest("pk")
        assert revision.approved_go_live_at == go_live
        # Before the go-live time the visitor still sees the previous version.
        status, html = fetch(public_url)
        assert status == 200 and "Second quarter singing" in html
        assert UPDATE_TEXT not in html

        # The moderator's dashboard names the time in Europe/London, zone included.
        page.goto(f"{base}/admin/")
        panel = page.locator("#scheduled-publishing-section")
        expect(panel).to_contain_text("Singing for the brain")
        local = go_live.astimezone(LONDON)
        expect(panel).to_contain_text(f"{local:%H:%M} {local.tzname()}")

        # 4. The worker (a separate process) publishes it on time; nobody runs a command.
        # The worker checks every second; allow it 40 seconds past the go-live time.
        wait = (go_live - timezone.now()).total_seconds() + 40
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            status, html = fetch(public_url)
            if UPDATE_TEXT in html:
                break
            time.sleep(0.5)
        assert UPDATE_TEXT in html, "the approved update never went live"
        assert timezone.now() >= go_live
        page.goto(public_url)
        expect(page.locator("main")).to_contain_text(UPDATE_TEXT)
        screenshot(page, "moderation-4-live")
        assert len(ActionPage.objects.get(pk=action.pk).updates) == 2
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[0]
    assert worker.returncode == 0, output
