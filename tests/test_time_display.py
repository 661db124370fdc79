"""Scheduled times printed by templates name the site's time zone (Europe/London)."""

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import translation


def render_datetime(value):
    with translation.override("en-gb"):
        return Template("{{ value }}").render(Context({"value": value}))


def test_winter_times_are_shown_in_gmt_with_the_zone_named():
    assert render_datetime(datetime(2026, 1, 15, 9, 30, tzinfo=UTC)) == (
        "15 January 2026, 09:30 GMT"
    )


def test_summer_times_are_shown_in_london_time_as_bst():
    assert render_datetime(datetime(2026, 7, 1, 13, 0, tzinfo=UTC)) == ("1 July 2026, 14:00 BST")


def test_the_page_editor_status_panel_names_the_zone_of_a_scheduled_go_live(
    admin_client, home_page
):
    from home.models import StandardPage

    page = home_page.add_child(instance=StandardPage(title="Winter news", slug="winter-news"))
    page.go_live_at = datetime(2099, 1, 15, 9, 30, tzinfo=UTC)
    page.save_revision().publish()  # scheduled: goes live in 2099

    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200
    assert "15 January 2099, 09:30 GMT" in response.content.decode()
