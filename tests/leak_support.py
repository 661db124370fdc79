"""Content for the leak matrix: one kind of non-public content per secret token.

Each kind is a member profile (linked to a live local alliance, in a region and sector)
with an action and a dated update; the kind's token is in the profile's title and
introduction, the action's title and the update's body, so any output that shows any
of them leaks the token. A live, public member sits beside them, so every output has
something to show.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import PageViewRestriction

from profiles.models import ActionPage, OrganisationProfilePage, Region, Sector
from tests.profiles_support import make_alliance, make_directory, make_member, quarter_update

# Distinctive tokens no other fixture text contains (compared case-insensitively).
TOKENS = {
    "draft": "qxdraftleakzeta",
    "unpublished": "qxunpubleakomega",
    "scheduled": "qxschedleakkappa",
    "expired": "qxexpiredleaksigma",
    "password": "qxpasswordleaktau",
    "login": "qxloginleakrho",
    "draft_revision": "qxrevisionleakphi",
}
PUBLIC_TOKEN = "qxpublicmemberbeta"


@dataclass
class LeakContent:
    directory: object
    alliance: object
    public: object
    public_action: object
    profiles: dict = field(default_factory=dict)  # kind -> profile page
    actions: dict = field(default_factory=dict)  # kind -> action page


def _profile(kind, token, alliance, **extra):
    page = OrganisationProfilePage(
        title=f"{token} Trust",
        slug=f"kind-{kind.replace('_', '-')}",
        introduction=f"<p>{token} introduction.</p>",
        member_since=datetime.date(2020, 9, 24),
        region=Region.objects.get(slug="east-of-england"),
        **extra,
    )
    page.sectors = list(Sector.objects.filter(slug="arts"))
    page.local_alliances = [alliance]
    return page


def _action(token, **extra):
    return ActionPage(
        title=f"{token} action",
        slug="the-action",
        description=f"<p>{token} description.</p>",
        status="being-implemented",
        updates=[quarter_update(2026, 2, f"{token} update body.")],
        **extra,
    )


def _add_draft(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def _add_live(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_leak_content(home):
    directory = make_directory(home)
    alliance = make_alliance(home, "Harbour Dementia Action Alliance", "harbour-daa")
    public = make_member(
        directory,
        f"{PUBLIC_TOKEN} Open Trust",
        slug="open-trust",
        sectors=["arts"],
        alliances=[alliance],
    )
    public_action = _add_live(public, _action(PUBLIC_TOKEN))
    content = LeakContent(directory, alliance, public, public_action)

    def add(kind, profile, action):
        content.profiles[kind] = profile
        content.actions[kind] = action

    t = TOKENS
    # Saved as drafts only, never published.
    profile = _add_draft(directory, _profile("draft", t["draft"], alliance))
    add("draft", profile, _add_draft(profile, _action(t["draft"])))

    # Published, then withdrawn by an editor (the whole subtree).
    profile = _add_live(directory, _profile("unpublished", t["unpublished"], alliance))
    action = _add_live(profile, _action(t["unpublished"]))
    action.unpublish()
    profile.unpublish()
    add("unpublished", profile, action)

    # Approved to go live next week: not live until the scheduler publishes it.
    go_live = timezone.now() + datetime.timedelta(days=7)
    profile = _profile("scheduled", t["scheduled"], alliance, go_live_at=go_live)
    profile.live = False
    directory.add_child(instance=profile)
    profile.save_revision(approved_go_live_at=go_live)
    action = _action(t["scheduled"], go_live_at=go_live)
    action.live = False
    profile.add_child(instance=action)
    action.save_revision(approved_go_live_at=go_live)
    add("scheduled", profile, action)

    # Live until yesterday; what the scheduler does when the expiry time passes.
    profile = _add_live(directory, _profile("expired", t["expired"], alliance))
    action = _add_live(profile, _action(t["expired"]))
    for page in (action, profile):
        page.expire_at = timezone.now() - datetime.timedelta(days=1)
        page.save()
        page.unpublish(set_expired=True)
    add("expired", profile, action)

    # Private from the start: the restriction exists before anything is published.
    for kind, restriction in (
        ("password", PageViewRestriction.PASSWORD),
        ("login", PageViewRestriction.LOGIN),
    ):
        profile = _add_draft(directory, _profile(kind, t[kind], alliance))
        PageViewRestriction.objects.create(
            page=profile, restriction_type=restriction, password="letmein"
        )
        profile.get_latest_revision().publish()
        profile.refresh_from_db()
        add(kind, profile, _add_live(profile, _action(t[kind])))

    # Live pages whose newest revision (not yet published) says something new.
    profile = _add_live(directory, _profile("draft_revision", "Bayside Carers", alliance))
    action = _add_live(profile, _action("Bayside"))
    draft = profile.get_latest_revision_as_object()
    draft.title = f"{t['draft_revision']} Trust"
    draft.introduction = f"<p>{t['draft_revision']} introduction.</p>"
    draft.save_revision()
    draft_action = action.get_latest_revision_as_object()
    draft_action.title = f"{t['draft_revision']} action"
    draft_action.updates = [quarter_update(2026, 3, f"{t['draft_revision']} update body.")]
    draft_action.save_revision()
    add("draft_revision", profile, action)

    for page in [*content.profiles.values(), *content.actions.values()]:
        page.refresh_from_db()
    return content
