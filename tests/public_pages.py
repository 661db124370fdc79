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


# --- Member pages: small fixtures built with tests/profiles_support.py --------------------

# Enough members in one region and sector for three pages of the directory (20 a page).
FILTERED_MEMBERS = 41


def _site():
    ensure_consent_policy()
    return ensure_site_tree()


def make_logo(title="Logo"):
    """A small PNG in Wagtail's image library."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    # Live-server tests flush every table, the root collection made by migrations included.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    buffer = io.BytesIO()
    Image.new("RGB", (240, 120), (0, 70, 130)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="logo.png"), collection=collection
    )


def make_filtered_directory():
    """The directory with region and sector filters that match three pages of members."""
    from tests.profiles_support import make_alliance, make_directory, make_member

    home = _site()
    directory = make_directory(home)
    if directory.get_children().exists():
        return directory
    luton = make_alliance(home, "Luton Dementia Action Alliance", "luton-daa")
    for number in range(1, FILTERED_MEMBERS + 1):
        make_member(
            directory,
            f"Arts organisation {number:02d}",
            slug=f"arts-{number:02d}",
            sectors=["arts", "charity"],
            alliances=[luton] if number % 3 == 0 else [],
            revision=False,
        )
    # Members the filters leave out, so the page shows fewer than all of them.
    make_member(directory, "Leeds Library", region="yorkshire-and-the-humber", revision=False)
    return directory


def make_profile():
    """A Music24-like profile: the seed's Music24 (action plan, five actions, two local
    alliances, sectors, one action being implemented) plus a logo and a completed action."""
    from home.demo_members import load_music24
    from tests.profiles_support import make_action, quarter_update

    home = _site()
    profile = load_music24(home)
    if profile.logo_id is None:
        profile.logo = make_logo("Music24 logo")
        profile.save_revision().publish()
        make_action(
            profile,
            "Memory café concerts",
            slug="memory-cafe-concerts",
            status="completed",
            updates=[quarter_update(2016, 1, "Twelve concerts played in four memory cafés.")],
        )
        profile.refresh_from_db()
    return profile


def make_action_page():
    """An action with a long history of updates, none in the last year (the stale notice)."""
    import datetime

    from tests.profiles_support import dated_update, make_action, make_directory, make_member

    home = _site()
    directory = make_directory(home)
    member = make_member(directory, "Hatfield Singers", slug="hatfield-singers", sectors=["arts"])
    updates = [
        quarter_update_text(year, quarter)
        for year in (2014, 2015, 2016)
        for quarter in (1, 2, 3, 4)
    ]
    updates.append(dated_update(datetime.date(2017, 3, 2), "The choir sang at the town hall."))
    return make_action(
        member,
        "Singing for the brain sessions",
        slug="singing-for-the-brain",
        status="being-implemented",
        updates=updates,
    )


def quarter_update_text(year, quarter):
    from tests.profiles_support import quarter_update

    return quarter_update(
        year, quarter, f"In this quarter of {year} we ran weekly sessions for 20 people."
    )


def _alliance_with_members():
    from tests.profiles_support import make_alliance, make_directory, make_member

    home = _site()
    directory = make_directory(home)
    luton = make_alliance(home, "Luton Dementia Action Alliance", "luton-daa")
    make_alliance(
        home, "Leeds Dementia Action Alliance", "leeds-daa", region="yorkshire-and-the-humber"
    )
    luton.introduction = "<p>Organisations in Luton working to make the town dementia friendly.</p>"
    luton.website = "https://lutondaa.example.org/"
    luton.save_revision().publish()
    make_member(
        directory, "Luton Library", slug="luton-library", sectors=["education"], alliances=[luton]
    )
    make_member(
        directory, "Luton Buses", slug="luton-buses", sectors=["transport"], alliances=[luton]
    )
    return luton


def make_alliance_index():
    _alliance_with_members()
    from profiles.models import LocalAllianceIndexPage

    return LocalAllianceIndexPage.objects.get()


def make_alliance_page():
    return _alliance_with_members()


def make_home_with_updates():
    """The home page with members, counts and their latest updates."""
    import datetime

    from tests.profiles_support import dated_update, make_action, make_directory, make_member

    home = make_home_page()
    directory = make_directory(home)
    for number, status in enumerate(("planned", "being-implemented", "completed"), start=1):
        member = make_member(directory, f"Home member {number}", slug=f"home-member-{number}")
        make_action(
            member,
            f"Dementia friendly visits {number}",
            status=status,
            updates=[
                dated_update(
                    datetime.date(2024, number, 10),
                    "We trained every member of staff as a Dementia Friend this month.",
                )
            ],
        )
    return home


def make_search_results():
    """Search results with a query and a filter: the profile and its actions match."""
    return make_profile()


PUBLIC_PAGES = [
    PublicPage(name="home", build=make_home_page, url=lambda page: "/"),
    PublicPage(
        name="standard-page", build=make_standard_page, url=lambda page: page.url, keyboard=True
    ),
    PublicPage(name="home-with-updates", build=make_home_with_updates, url=lambda page: "/"),
    PublicPage(
        name="directory",
        build=make_filtered_directory,
        url=lambda page: f"{page.url}?region=east-of-england&sector=arts&page=2",
        keyboard=True,
    ),
    PublicPage(name="profile", build=make_profile, url=lambda page: page.url, keyboard=True),
    PublicPage(name="action", build=make_action_page, url=lambda page: page.url),
    PublicPage(name="alliance-index", build=make_alliance_index, url=lambda page: page.url),
    PublicPage(name="alliance", build=make_alliance_page, url=lambda page: page.url),
    PublicPage(
        name="search-results",
        build=make_search_results,
        url=lambda _: "/search/?q=music&region=east-of-england",
    ),
    PublicPage(name="cookie-settings", build=make_nothing, url=lambda _: "/cookies/"),
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
