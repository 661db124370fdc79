"""A long moderation queue: the dashboard counts it and lists the newest few, with the
workflow tasks report for the rest (cms/publishing/review_queue.py); a short one keeps
Wagtail's own panel with its actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.editorial_support import signed_in, submit_for_moderation
from tests.profiles_support import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_waiting(editorial):
    titles = []
    for n in range(3):
        action = make_action(editorial.music24, f"Waiting action {n}")
        submit_for_moderation(editorial.music_editor, action, f"Update {n}")
        titles.append(action.title)
    return titles


def test_a_long_queue_shows_a_count_the_newest_and_the_report(editorial, three_waiting, settings):
    settings.REVIEW_PANEL_LIMIT = 2
    page = signed_in(editorial.moderator).get("/admin/").content.decode()
    assert "3 changes are waiting for your review" in page
    assert 'href="/admin/reports/workflow_tasks/"' in page
    # The newest two, each linking to where it is reviewed; not the oldest.
    assert "Waiting action 2" in page and "Waiting action 1" in page
    assert "Waiting action 0" not in page
    assert "Mia" in page  # who submitted them


def test_a_short_queue_keeps_wagtails_panel(editorial, three_waiting, settings):
    settings.REVIEW_PANEL_LIMIT = 3
    page = signed_in(editorial.moderator).get("/admin/").content.decode()
    assert "changes are waiting for your review" not in page
    assert "Awaiting your review" in page
    for title in three_waiting:
        assert title in page


def test_the_long_queue_panel_costs_the_same_queries_for_more_waiting(
    editorial, three_waiting, settings
):
    settings.REVIEW_PANEL_LIMIT = 1
    client = signed_in(editorial.moderator)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as with_three:
        client.get("/admin/")
    for n in range(3):
        action = make_action(editorial.music24, f"Later action {n}")
        submit_for_moderation(editorial.music_editor, action, f"Later {n}")
    with CaptureQueriesContext(connection) as with_six:
        page = client.get("/admin/").content.decode()
    assert "6 changes are waiting for your review" in page
    assert len(with_six) == len(with_three), (len(with_three), len(with_six))
