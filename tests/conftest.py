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


@pytest.fixture
def consent_policy(db):
    """The live default consent policy (necessary, analytics, media), with a published revision."""
    from cms.consent.defaults import create_default_policy
    from cms.consent.models import ConsentCategory, ConsentPolicy

    policy = create_default_policy(ConsentPolicy, ConsentCategory)
    if policy.live_revision_id is None:
        policy.save_revision().publish()
        policy.refresh_from_db()
    return policy


# --- Webhooks (issue 6) ---------------------------------------------------------------


@pytest.fixture
def webhook_receiver():
    """
    A real HTTP server on 127.0.0.1 (port chosen by the OS) that records every POST.

    `receiver.responses` is a list of status codes to answer with, in order (200 once
    it runs out); `receiver.requests` holds (headers, body) of each request received.
    """
    import http.server
    import threading

    class Receiver:
        def __init__(self):
            self.requests = []
            self.responses = []
            self.lock = threading.Lock()

    receiver = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                receiver.requests.append((dict(self.headers), body))
                code = receiver.responses.pop(0) if receiver.responses else 200
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if code < 300 else b"boom")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield receiver
    server.shutdown()
    server.server_close()


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


# --- Page cache (issue 9) ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """
    Every test starts with an empty page cache (and consent configuration, known sites,
    view restrictions, home page child types, filter choices and image renditions). The
    database rolls back between tests but the in-process caches do not: a rolled-back
    generation number would otherwise find the previous test's pages, and a new image given
    a rolled-back id another image's sizes.
    """
    forget_in_process_caches()
    yield
    forget_in_process_caches()


def forget_in_process_caches():
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from cms.caching import per_generation

    caches["pages"].clear()
    # Wagtail keeps renditions in the default cache. Only an in-process one is emptied: a
    # Redis one (REDIS_URL set) may be shared, and clearing it flushes its whole database.
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    per_generation.forget_all()


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, as in every environment but the test suite."""
    settings.PAGE_CACHE_ENABLED = True
    return settings


# --- API, feed and sitemap (issue 6) --------------------------------------------------


@pytest.fixture(scope="module")
def api_content(django_db_setup, django_db_blocker):
    """Two live members with actions, plus every kind of page that must stay hidden.

    Built once per module inside a transaction that is rolled back afterwards (as
    Django's setUpTestData does); each test still runs in its own savepoint, so a
    test's changes never reach the next one. Use with the `db` marker, not
    `transactional_db`.
    """
    from django.db import transaction

    from tests.api_support import make_api_content

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield make_api_content(ensure_site_tree())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- editorial (issue 4) -------------------------------------------------------------


@pytest.fixture
def editorial(home_page):
    """Two members with an action and an editor each, and a moderator (see editorial_support)."""
    from tests.editorial_support import build_editorial_site

    return build_editorial_site(home_page)
