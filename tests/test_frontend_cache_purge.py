"""Frontend cache (CDN) purge on publish, unpublish and expiry."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page

from cms.publishing.cache_settings import frontend_cache_settings
from cms.publishing.purge import urls_purged, urls_to_purge
from home.models import StandardPage

PURGED = []


class RecordingBackend(BaseBackend):
    """Stands in for Cloudflare/CloudFront at the backend boundary."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.test_frontend_cache_purge.RecordingBackend"}
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


@pytest.fixture
def team_page(home_page):
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    team = about.add_child(instance=StandardPage(title="Team", slug="team", live=False))
    team.save_revision()
    return team


EXPECTED = [
    "http://localhost/about/team/",
    "http://localhost/about/",
    "http://localhost/",
    "http://localhost/members/",
    "http://localhost/updates/feed/",
    "http://localhost/sitemap.xml",
    "http://localhost/sitemap-pages.xml",
]


def test_urls_to_purge_cover_page_parents_directory_and_feed(team_page):
    assert urls_to_purge(team_page) == EXPECTED


def test_other_apps_add_urls_with_the_hook(team_page):
    def local_alliance_pages(page):
        return ["/local-alliances/luton/", "https://partner.example.org/members.json"]

    with hooks.register_temporarily("alliance_purge_urls", local_alliance_pages):
        urls = urls_to_purge(team_page)
    assert urls == EXPECTED + [
        "http://localhost/local-alliances/luton/",
        "https://partner.example.org/members.json",
    ]


def test_publish_purges_after_commit(team_page, purged, django_capture_on_commit_callbacks):
    heard = []

    def page_cache(sender, page, urls, **kwargs):
        heard.append((page.pk, urls))

    urls_purged.connect(page_cache)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            team_page.get_latest_revision().publish()
        assert purged == []  # nothing purged before the publish commits
        for callback in callbacks:
            callback()
    finally:
        urls_purged.disconnect(page_cache)
    # Each URL once: Wagtail's own page-only purge is replaced, not added to.
    assert sorted(purged) == sorted(EXPECTED)
    assert heard == [(team_page.pk, EXPECTED)]


def test_unpublish_and_expiry_purge(team_page, purged, django_capture_on_commit_callbacks):
    team_page.get_latest_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=team_page.pk).unpublish()
    assert sorted(purged) == sorted(EXPECTED)

    purged.clear()
    team_page.get_latest_revision().publish()
    purged.clear()
    StandardPage.objects.filter(pk=team_page.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert sorted(purged) == sorted(EXPECTED)


def test_scheduling_alone_purges_nothing(team_page, purged, django_capture_on_commit_callbacks):
    team_page.go_live_at = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        team_page.save_revision().publish()
    assert purged == []


def test_no_backend_configured_means_no_purge():
    assert frontend_cache_settings({}) is None
    assert frontend_cache_settings({"FRONTEND_CACHE_BACKEND": ""}) is None


def test_backends_from_environment():
    assert frontend_cache_settings(
        {"FRONTEND_CACHE_BACKEND": "http", "FRONTEND_CACHE_LOCATION": "http://varnish:6081"}
    ) == {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://varnish:6081",
        }
    }
    cloudflare = frontend_cache_settings(
        {
            "FRONTEND_CACHE_BACKEND": "cloudflare",
            "CLOUDFLARE_BEARER_TOKEN": "tok",
            "CLOUDFLARE_ZONEID": "zone",
            "FRONTEND_CACHE_HOSTNAMES": "alliance.example.org, www.alliance.example.org",
        }
    )["default"]
    assert cloudflare["BEARER_TOKEN"] == "tok" and cloudflare["ZONEID"] == "zone"
    assert cloudflare["HOSTNAMES"] == ["alliance.example.org", "www.alliance.example.org"]
    cloudfront = frontend_cache_settings(
        {"FRONTEND_CACHE_BACKEND": "cloudfront", "CLOUDFRONT_DISTRIBUTION_ID": "E123"}
    )["default"]
    assert cloudfront["BACKEND"].endswith("CloudfrontBackend")


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"FRONTEND_CACHE_BACKEND": "akamai"}, "use one of http, cloudflare, cloudfront"),
        ({"FRONTEND_CACHE_BACKEND": "http"}, "needs FRONTEND_CACHE_LOCATION"),
        ({"FRONTEND_CACHE_BACKEND": "cloudflare"}, "needs CLOUDFLARE_BEARER_TOKEN"),
    ],
)
def test_incomplete_configuration_is_a_clear_error(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        frontend_cache_settings(environ)
