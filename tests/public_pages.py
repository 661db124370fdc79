"""
The public pages every browser check runs on (axe at 320 and 1280 px, the Nu HTML Checker,
screenshots). To check a new page type, append one PublicPage to PUBLIC_PAGES:

    PublicPage(
        name="profile",                       # used in test ids and screenshot names
        build=make_profile,                   # creates what the page needs; returns an object
        url=lambda profile: profile.url,      # the path to open, given what build() returned
    )

`build` runs inside the test's database (a live-server, transactional one), so it may create
pages and snippets freely; keep it small and focused rather than loading the demo content.
Set `keyboard=True` to add the page to the keyboard-navigation test, and `status=404` for
error pages.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import ensure_site_tree


@dataclass(frozen=True)
class PublicPage:
    name: str
    build: Callable[[], Any]
    url: Callable[[Any], str]
    status: int = 200
    keyboard: bool = False

    def __str__(self):  # readable pytest ids
        return self.name


def ensure_consent_policy():
    """The live default cookie policy, so every page is checked with its cookie banner."""
    from cms.consent.defaults import create_default_policy
    from cms.consent.models import ConsentCategory, ConsentPolicy

    policy = create_default_policy(ConsentPolicy, ConsentCategory)
    if policy.live_revision_id is None:
        policy.save_revision().publish()
    return policy


def make_home_page():
    ensure_consent_policy()
    home = ensure_site_tree()
    home.introduction = (
        "<p>Organisations working together so people living with dementia can live well.</p>"
    )
    home.save_revision().publish()
    return home


def make_standard_page():
    """A content page with headings, paragraphs, a list and a link: the body-text checks use it."""
    from home.models import StandardPage

    ensure_consent_policy()
    home = ensure_site_tree()
    existing = StandardPage.objects.filter(slug="about-the-alliance").first()
    if existing:
        return existing
    page = StandardPage(
        title="About the alliance",
        slug="about-the-alliance",
        introduction="Who we are and how organisations can take part.",
        body=[
            ("heading", {"text": "What the alliance does", "level": "h2"}),
            (
                "paragraph",
                "<p>The alliance brings together organisations that want to make life better "
                "for people living with dementia and for their carers. Members say what they "
                'will do and <a href="/members/">report their progress</a> here.</p>',
            ),
            ("heading", {"text": "How to join", "level": "h3"}),
            (
                "paragraph",
                "<ul><li>Tell us about your organisation.</li><li>Write an action plan.</li></ul>",
            ),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_nothing():
    ensure_consent_policy()
    ensure_site_tree()


PUBLIC_PAGES = [
    PublicPage(name="home", build=make_home_page, url=lambda page: "/"),
    PublicPage(
        name="standard-page", build=make_standard_page, url=lambda page: page.url, keyboard=True
    ),
    PublicPage(name="not-found", build=make_nothing, url=lambda _: "/no-such-page/", status=404),
    PublicPage(name="server-error", build=make_nothing, url=lambda _: "/server-error/", status=500),
    # Every component of the design system, with filters applied and on page 2, so the
    # pagination links have to keep the filters (served by tests/urls.py only).
    PublicPage(
        name="design-system",
        build=make_nothing,
        url=lambda _: "/design-system/?region=london&status=planned&page=2",
        keyboard=True,
    ),
]
