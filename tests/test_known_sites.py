"""The request's Wagtail Site, remembered per process and content generation
(cms/caching/sites.py): one query fewer on every public page, never a stale site."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.caching import generation


def site_queries(client, url):
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in counted.captured_queries if "wagtailcore_site" in q["sql"]]


def title(client, url="/"):
    html = client.get(url).content.decode()
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_a_repeat_visit_does_not_look_the_site_up_again(client, home_page):
    client.get("/")
    assert site_queries(client, "/") == []


def test_renaming_the_site_shows_on_the_next_page(client, home_page):
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed Alliance"
    site.save()  # as the admin's Sites form does
    assert "Renamed Alliance" in title(client)


def test_a_site_change_made_by_another_process_is_seen(client, home_page):
    client.get("/")
    # Another process's save: no signal here, only the generation it bumped.
    Site.objects.filter(is_default_site=True).update(site_name="Elsewhere Renamed")
    generation.bump()
    assert "Elsewhere Renamed" in title(client)


def test_a_site_with_its_own_hostname_gets_its_own_answer(client, home_page, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    other = Site.objects.create(
        hostname="other.example", port=80, root_page=home_page, site_name="Other Alliance"
    )
    try:
        assert "Other Alliance" not in title(client)
        html = client.get("/", HTTP_HOST="other.example").content.decode()
        assert "Other Alliance" in html.split("</title>", 1)[0]
        assert "Other Alliance" not in title(client)
    finally:
        # Deleting (not only rolling back) empties Wagtail's cached list of site roots,
        # which would otherwise make later tests' page URLs absolute.
        other.delete()


def test_the_admin_still_asks_the_database(admin_client, home_page):
    admin_client.get("/admin/")
    assert site_queries(admin_client, "/admin/")
