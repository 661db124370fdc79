"""Content for the API, feed and sitemap tests: two live members, and every kind of page
a visitor must never see through the API (each with a word no live page contains)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, PageViewRestriction

from profiles.models import DeclarationOutcome, OrganisationProfilePage
from tests.profiles_support import (
    dated_update,
    make_action,
    make_alliance,
    make_directory,
    make_member,
    quarter_update,
)

# Words that appear only in content that is not live and public.
HIDDEN_WORDS = {
    "draft": "Zanzibar",
    "unpublished": "Quokka",
    "scheduled": "Xylophone",
    "expired": "Yodeller",
    "password": "Walrus",
    "login": "Vuvuzela",
    "draft_revision": "Umbrella",
}


@dataclass
class APIContent:
    directory: object
    music: object
    carers: object
    music_action: object
    carers_action: object
    luton: object
    leeds: object
    logo: object
    hidden: dict = field(default_factory=dict)  # kind -> page


def add_unpublished(parent, page):
    """A page saved as a draft only: never live."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    page.refresh_from_db()
    return page


def unpublish_subtree(page, set_expired=False):
    for each in page.get_descendants(inclusive=True).live().specific():
        each.unpublish(set_expired=set_expired)
    page.refresh_from_db()


def make_api_content(home):
    directory = make_directory(home)
    luton = make_alliance(home, "Luton Dementia Action Alliance", "luton-daa")
    leeds = make_alliance(
        home, "Leeds Dementia Action Alliance", "leeds-daa", "yorkshire-and-the-humber"
    )
    # Transactional tests flush the root collection the migrations made; images need it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    logo = Image.objects.create(
        title="Music Makers logo",
        file=get_test_image_file(size=(640, 320)),
        description="Music Makers: three notes in a circle",
    )
    outcome = DeclarationOutcome.objects.get(number=5)

    music = make_member(
        directory,
        "Music Makers",
        slug="music-makers",
        region="east-of-england",
        sectors=["arts", "health"],
        alliances=[luton],
        logo=logo,
        introduction="<p>Music Makers plays music with people living with dementia.</p>",
    )
    music.outcomes = [outcome]
    music.save_revision().publish()
    music_action = make_action(
        music,
        "Singing for the brain",
        slug="singing",
        status="being-implemented",
        updates=[
            quarter_update(2014, 4, "Pilot funded by the council."),
            quarter_update(2015, 2, "Kept running through fundraising."),
            dated_update(datetime.date(2015, 3, 1), "Second group opened."),
        ],
    )
    music_action.outcomes = [outcome]
    music_action.save_revision().publish()

    carers = make_member(
        directory,
        "Leeds Carers",
        slug="leeds-carers",
        region="yorkshire-and-the-humber",
        sectors=["care"],
        alliances=[leeds],
    )
    carers_action = make_action(
        carers,
        "Carers cafe",
        slug="carers-cafe",
        status="completed",
        updates=[quarter_update(2016, 1, "The cafe opened every Tuesday.")],
    )

    hidden = {}
    w = HIDDEN_WORDS
    hidden["draft"] = add_unpublished(
        directory,
        OrganisationProfilePage(
            title=f"{w['draft']} Trust",
            slug="draft-member",
            introduction=f"<p>{w['draft']}</p>",
        ),
    )
    unpublished = make_member(directory, f"{w['unpublished']} Group", slug="unpublished-member")
    make_action(unpublished, f"{w['unpublished']} walks", updates=[quarter_update(2019, 1, "x")])
    unpublish_subtree(unpublished)
    hidden["unpublished"] = unpublished

    scheduled = OrganisationProfilePage(
        title=f"{w['scheduled']} Band",
        slug="scheduled-member",
        introduction=f"<p>{w['scheduled']}</p>",
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=7),
    )
    directory.add_child(instance=scheduled)
    scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)
    hidden["scheduled"] = scheduled

    expired = make_member(directory, f"{w['expired']} Choir", slug="expired-member")
    make_action(expired, f"{w['expired']} song", updates=[quarter_update(2020, 1, "x")])
    expired.expire_at = timezone.now() - datetime.timedelta(days=1)
    expired.save()
    # What the scheduler does when the expiry time passes.
    unpublish_subtree(expired, set_expired=True)
    hidden["expired"] = expired

    password = make_member(directory, f"{w['password']} Club", slug="password-member")
    make_action(
        password,
        f"{w['password']} outing",
        slug="password-action",
        updates=[quarter_update(2026, 3, f"{w['password']} update.")],
    )
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    hidden["password"] = password

    login = make_member(directory, f"{w['login']} Society", slug="login-member")
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    hidden["login"] = login

    # A live page whose newest (unpublished) revision says something new.
    draft_of_live = music.get_latest_revision_as_object()
    draft_of_live.introduction = f"<p>{w['draft_revision']} is coming soon.</p>"
    draft_of_live.save_revision()
    hidden["draft_revision"] = music

    for page in (music, carers, music_action, carers_action):
        page.refresh_from_db()
    return APIContent(
        directory=directory,
        music=music,
        carers=carers,
        music_action=music_action,
        carers_action=carers_action,
        luton=luton,
        leeds=leeds,
        logo=logo,
        hidden=hidden,
    )
