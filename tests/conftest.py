"""Fixtures shared by the whole suite."""

import pytest
from wagtail.models import Locale, Page, Site

from home.models import HomePage


def ensure_site_tree():
    """
    The default site with its HomePage, as the data migrations make it.

    Tests that use a transactional database (live server, browser) flush every table
    afterwards, data-migration rows included, so later tests rebuild the tree here.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        return site.root_page.specific
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Dementia Action Alliance", slug="home"))
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Dementia Action Alliance",
        root_page=home,
        is_default_site=True,
    )
    return home


@pytest.fixture
def home_page(db):
    """The HomePage at the root of the default site."""
    return ensure_site_tree()


# --- profiles (issue 3) -------------------------------------------------------------


@pytest.fixture
def member_directory(home_page):
    """The /members/ directory page, with the reference lists (regions, sectors...) present."""
    from tests.profiles_support import make_directory

    return make_directory(home_page)


@pytest.fixture
def music24(home_page):
    """Music24 rebuilt from the seed page by the demo loader (and nothing else of the demo)."""
    from home.demo_members import load_music24

    return load_music24(home_page)


# --- editorial (issue 4) -------------------------------------------------------------


@pytest.fixture
def editorial(home_page):
    """Two members with an action and an editor each, and a moderator (see editorial_support)."""
    from tests.editorial_support import build_editorial_site

    return build_editorial_site(home_page)
