"""Metadata, dates, navigation and error pages as rendered HTML (no browser needed)."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from cms.templatetags.site_tags import derive_description, long_date
from home.models import StandardPage


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2020, 9, 24), "24 September 2020"),
        (datetime.date(2015, 4, 1), "1 April 2015"),
        # 23:30 UTC on 31 March is already 1 April in London (BST).
        (datetime.datetime(2021, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC")), "1 April 2021"),
        (None, ""),
    ],
)
def test_long_date_writes_dates_out_in_words(value, expected):
    assert long_date(value) == expected


@pytest.fixture
def standard_page(home_page):
    page = StandardPage(
        title="Getting involved",
        slug="getting-involved",
        body=[
            ("heading", {"text": "Start here to find out more", "level": "h2"}),
            (
                "paragraph",
                "<p>Local alliances bring <b>organisations</b> together in one area.</p>",
            ),
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_description_prefers_search_description_then_summary_then_body(standard_page):
    assert derive_description(standard_page) == (
        "Local alliances bring organisations together in one area."
    )
    standard_page.introduction = "How organisations join."
    assert derive_description(standard_page) == "How organisations join."
    standard_page.search_description = "Join the alliance."
    assert derive_description(standard_page) == "Join the alliance."
    standard_page.search_description = "word " * 60
    assert len(derive_description(standard_page)) <= 160


@pytest.mark.django_db
def test_pages_carry_description_canonical_and_open_graph(client, standard_page):
    html = client.get(standard_page.url).content.decode()
    assert '<meta name="description" content="Local alliances bring organisations' in html
    assert '<link rel="canonical" href="http://localhost/getting-involved/">' in html
    assert '<meta property="og:title" content="Getting involved">' in html
    assert '<meta property="og:url" content="http://localhost/getting-involved/">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<html lang="en-GB">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


@pytest.mark.django_db
def test_canonical_link_drops_the_query_string(client, standard_page):
    html = client.get(standard_page.url + "?utm_source=mail").content.decode()
    assert '<link rel="canonical" href="http://localhost/getting-involved/">' in html


@pytest.mark.django_db
def test_main_navigation_has_five_items_in_order_and_marks_the_current_one(client, home_page):
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    labels = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
    assert labels == ["Home", "Members", "Local alliances", "Search", "Cookie settings"]
    assert '<a href="/" aria-current="page">Home</a>' in nav
    assert "target=" not in nav  # links open in the same tab
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    assert '<a href="/cookies/">Cookie settings</a>' in footer


@pytest.mark.django_db
def test_consent_banner_block_comes_before_the_skip_link(home_page):
    html = Template(
        '{% extends "base.html" %}{% block consent_banner %}<section aria-label="Cookies">'
        "BANNER</section>{% endblock %}"
    ).render(Context({"request": RequestFactory().get("/")}))
    assert html.index("BANNER") < html.index('class="skip-link"')


@pytest.mark.django_db
def test_json_ld_from_a_page_model_is_embedded_safely(home_page):
    class Described:
        title = "Music24"

        def get_structured_data(self, request):
            return {"@type": "Organization", "name": "Music24 </script><script>alert(1)"}

    html = Template("{% load site_tags %}{% page_structured_data page %}").render(
        Context({"page": Described()})
    )
    assert html.startswith('<script type="application/ld+json">')
    assert "</script><script>" not in html
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["name"] == "Music24 </script><script>alert(1)"


def test_pagination_links_keep_the_filters():
    request = RequestFactory().get("/members/", {"region": "london", "sector": "arts", "page": 2})
    page_obj = Paginator(list(range(50)), 10).get_page(2)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'aria-label="Pages"' in html
    assert 'href="?region=london&amp;sector=arts&amp;page=3" rel="next">Next page' in html
    assert 'href="?region=london&amp;sector=arts&amp;page=1" rel="prev">Previous page' in html
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>' in html
    assert "Page 2 of 5" in html


def test_pagination_is_absent_for_a_single_page():
    request = RequestFactory().get("/members/")
    page_obj = Paginator([1, 2], 10).get_page(1)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert html.strip() == ""


def test_warning_notice_says_so_in_words():
    html = render_to_string("includes/notice.html", {"text": "Old page.", "variant": "warning"})
    assert "notice--warning" in html
    assert "<strong>Warning:</strong> Old page." in html


def test_server_error_page_renders_without_the_database():
    """No db fixture: any query here would raise, as it may when the database is down."""
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong</h1>" in html
    assert '<html lang="en-GB">' in html
    assert 'href="/cookies/">Cookie settings</a>' in html


@pytest.mark.django_db
def test_not_found_page_is_in_the_site_style(client, home_page):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def test_breadcrumbs_are_the_same_whether_the_page_was_routed_or_read_from_the_database(
    client, home_page
):
    """Routing leaves each page's parent on it, so a served page's trail costs no query; a
    page read on its own (a preview, a template rendering it elsewhere) reads the trail."""
    from profiles.models import ActionPage
    from tests.profiles_support import make_action, make_directory, make_member

    member = make_member(make_directory(home_page), "Music24")
    action = make_action(member, "Singing for the Brain")
    html = client.get(action.url).content.decode()
    nav = html[html.index('aria-label="Breadcrumb"') :].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert links == [("/", "Home"), ("/members/", "Members"), (member.url, "Music24")]
    assert 'aria-current="page">Singing for the Brain<' in nav

    fresh = ActionPage.objects.get(pk=action.pk)
    rendered = Template(
        "{% load site_tags %}{% for a in page|breadcrumb_ancestors %}{{ a.title }}|{% endfor %}"
    ).render(Context({"page": fresh}))
    assert rendered == "".join(f"{p.title}|" for p in action.get_ancestors()[1:])
