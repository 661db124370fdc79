"""The member editor's dashboard: their own actions, the latest update, and which are due one."""

import re

import pytest
from django.utils import timezone

from tests.editorial_support import make_user
from tests.profiles_support import dated_update, make_action

pytestmark = pytest.mark.django_db


def panel(html):
    match = re.search(r'id="member-actions-section".*?</section>', html, re.S)
    assert match, "no member actions panel on the dashboard"
    return match.group(0)


def row(html, title):
    match = re.search(rf"<tr>\s*<td[^>]*><a[^>]*>{re.escape(title)}</a>.*?</tr>", html, re.S)
    assert match, f"no row for {title}"
    return match.group(0)


def test_member_editor_sees_own_actions_with_latest_update_and_due(client, editorial):
    today = timezone.localdate()
    fresh = make_action(
        editorial.music24,
        "Dementia friendly concerts",
        updates=[dated_update(today, "Concert held")],
    )
    client.force_login(editorial.music_editor)
    html = panel(client.get("/admin/").content.decode())

    assert "Music24" in html
    old = row(html, "Singing for the brain")
    assert "30 June 2015" in old  # a second-quarter 2015 update counts as its last day
    assert "Due an update" in old
    new = row(html, fresh.title)
    assert f"{today.day} {today:%B %Y}" in new
    assert "Due an update" not in new and "Updated" in new
    # Another member's actions never appear.
    assert "Dementia friendly buses" not in html


def test_action_without_updates_is_due(client, editorial):
    make_action(editorial.music24, "Memory cafe")
    client.force_login(editorial.music_editor)
    html = panel(client.get("/admin/").content.decode())
    assert "No updates yet" in row(html, "Memory cafe")
    assert "Due an update" in row(html, "Memory cafe")


def test_users_who_edit_no_member_see_no_panel(client, editorial):
    client.force_login(editorial.moderator)
    assert 'id="member-actions-section"' not in client.get("/admin/").content.decode()
    nobody = make_user("nobody")
    nobody.groups.add(*editorial.music_editor.groups.filter(name="Member editors"))
    client.force_login(nobody)
    assert 'id="member-actions-section"' not in client.get("/admin/").content.decode()


def test_an_update_for_this_quarter_by_label_counts(client, editorial):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    make_action(
        editorial.music24,
        "Quarterly choir",
        updates=[("update", {"year": today.year, "quarter": str(quarter), "body": "<p>x</p>"})],
    )
    client.force_login(editorial.music_editor)
    assert "Due an update" not in row(
        panel(client.get("/admin/").content.decode()), "Quarterly choir"
    )
