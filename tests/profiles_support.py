"""Small factories for profile tests: a directory, members, actions, alliances."""

import datetime
import itertools

from profiles.models import (
    ActionPage,
    LocalAllianceIndexPage,
    LocalAlliancePage,
    MemberDirectoryPage,
    OrganisationProfilePage,
    Region,
    Sector,
)
from profiles.reference_data import ensure_reference_data

_counter = itertools.count(1)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_directory(home):
    ensure_reference_data()
    existing = MemberDirectoryPage.objects.child_of(home).first()
    return existing or publish(home, MemberDirectoryPage(title="Members", slug="members"))


def make_alliance_index(home):
    existing = LocalAllianceIndexPage.objects.child_of(home).first()
    return existing or publish(
        home, LocalAllianceIndexPage(title="Local alliances", slug="local-alliances")
    )


def make_alliance(home, title, slug, region="east-of-england"):
    index = make_alliance_index(home)
    return publish(
        index,
        LocalAlliancePage(title=title, slug=slug, region=Region.objects.get(slug=region)),
    )


def make_member(
    directory,
    title=None,
    *,
    region="east-of-england",
    sectors=(),
    alliances=(),
    member_since=datetime.date(2020, 9, 24),
    revision=True,
    **fields,
):
    """A live member. revision=False skips the revision, for bulk query-count fixtures."""
    n = next(_counter)
    title = title or f"Member {n}"
    page = OrganisationProfilePage(
        title=title,
        slug=fields.pop("slug", f"member-{n}"),
        introduction=fields.pop("introduction", f"<p>{title} helps people live well.</p>"),
        member_since=member_since,
        region=Region.objects.get(slug=region) if region else None,
        **fields,
    )
    page.sectors = list(Sector.objects.filter(slug__in=sectors))
    page.local_alliances = list(alliances)
    if revision:
        return publish(directory, page)
    directory.add_child(instance=page)
    return page


def quarter_update(year, quarter, text):
    return ("update", {"year": year, "quarter": str(quarter), "body": f"<p>{text}</p>"})


def dated_update(date, text):
    return ("update", {"year": date.year, "date": date, "body": f"<p>{text}</p>"})


def make_action(profile, title=None, *, status="", updates=(), revision=True, **fields):
    n = next(_counter)
    title = title or f"Action {n}"
    page = ActionPage(
        title=title,
        slug=fields.pop("slug", f"action-{n}"),
        description=fields.pop("description", f"<p>What {title} is about.</p>"),
        status=status,
        updates=list(updates),
        **fields,
    )
    if revision:
        return publish(profile, page)
    profile.add_child(instance=page)
    return page
