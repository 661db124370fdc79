"""/updates/feed/, /sitemap.xml and /robots.txt contain only live, public content."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from profiles.feeds import FEED_LENGTH
from tests.api_support import HIDDEN_WORDS
from tests.profiles_support import make_action

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse_feed(client):
    response = client.get("/updates/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    return feed


def test_feed_lists_updates_newest_first_with_title_link_and_date(client, api_content):
    feed = parse_feed(client)
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Leeds Carers — Carers cafe: 2016 – First quarter update",
        "Music Makers — Singing for the brain: 2015 – Second quarter update",
        "Music Makers — Singing for the brain: Update of 1 March 2015",
        "Music Makers — Singing for the brain: 2014 – Fourth quarter update",
    ]
    first = feed.entries[0]
    assert first.link == "http://testserver/members/leeds-carers/carers-cafe/"
    assert first.published_parsed[:3] == (2016, 3, 31)
    assert "The cafe opened every Tuesday." in first.summary
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_feed_leaves_out_hidden_pages(client, api_content):
    text = str(parse_feed(client))
    for kind, word in HIDDEN_WORDS.items():
        assert word not in text, kind


def test_feed_keeps_the_latest_fifty_in_few_queries(
    client, api_content, django_assert_max_num_queries
):
    # 60 actions with one update each, on top of the fixture's four updates.
    for n in range(60):
        make_action(
            api_content.carers,
            f"Bulk action {n}",
            updates=[
                (
                    "update",
                    {
                        "date": datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                        "year": 2020 + (n >= 366),
                        "body": f"<p>Bulk {n}</p>",
                    },
                )
            ],
            revision=False,
        )
    with django_assert_max_num_queries(12):
        feed = parse_feed(client)
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title.endswith(f"Update of {29} February 2020")
    assert all("Bulk" in entry.summary for entry in feed.entries)


def sitemap_sections(client):
    """The addresses the sitemap index at /sitemap.xml lists, as paths with their query."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [
        loc.text.split("://", 1)[1].split("/", 1)[1]
        for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NS)
    ]


def sitemap_locations(client):
    """Every page address in every section of the sitemap, with its date."""
    entries = {}
    for section in sitemap_sections(client):
        response = client.get("/" + section)
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 (our own response)
        for url in root.findall("sm:url", SITEMAP_NS):
            lastmod = url.find("sm:lastmod", SITEMAP_NS)
            location = url.find("sm:loc", SITEMAP_NS).text
            assert location not in entries, f"{location} listed twice"
            entries[location] = None if lastmod is None else lastmod.text
    return entries


def test_sitemap_lists_live_public_pages_only(client, api_content):
    locations = sitemap_locations(client)
    published = timezone.localdate(api_content.music_action.last_published_at).isoformat()
    assert locations["http://localhost/members/music-makers/singing/"] == published
    assert locations["http://localhost/members/music-makers/"]
    assert locations["http://localhost/local-alliances/leeds-daa/"]
    for kind, page in api_content.hidden.items():
        if kind != "draft_revision":
            assert not any(page.slug in loc for loc in locations), kind
    assert not any("password-action" in loc for loc in locations)


def test_a_site_larger_than_a_section_is_listed_whole(client, api_content, monkeypatch):
    from cms.sitemaps import PageSitemap

    everything = sitemap_locations(client)
    monkeypatch.setattr(PageSitemap, "limit", 3)
    sections = sitemap_sections(client)
    assert len(sections) == -(-len(everything) // 3) > 1
    assert sitemap_locations(client) == everything


def test_a_section_costs_the_same_few_queries_at_any_size(
    client, api_content, monkeypatch, django_assert_max_num_queries
):
    from cms.sitemaps import PageSitemap

    client.get("/sitemap-pages.xml")
    # Addresses come from the page tree alone, not from every page loaded as its own type.
    with django_assert_max_num_queries(4):
        assert client.get("/sitemap-pages.xml").content.count(b"<url>") > 5
    monkeypatch.setattr(PageSitemap, "limit", 2)
    with django_assert_max_num_queries(4):
        assert client.get("/sitemap-pages.xml?p=2").content.count(b"<url>") == 2


def test_no_page_type_changes_its_sitemap_entry():
    """cms/sitemaps.py reads pages as plain Wagtail pages, so an override would be ignored."""
    from wagtail.models import Page, get_page_models

    overriding = [
        model.__name__
        for model in get_page_models()
        if model.get_sitemap_urls is not Page.get_sitemap_urls
    ]
    assert overriding == []


def test_robots_points_at_the_sitemap(client, api_content):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
