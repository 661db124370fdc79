"""
Query budgets: every public page costs a small, fixed number of database queries, whatever
the number of members, actions, updates and alliances. Each page is measured with a small
and a large data set, and both must fit the same budget (and cost the same).

These are rendering budgets, so the page cache is off (as everywhere in the suite).
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.profiles_support import (
    make_action,
    make_alliance,
    make_directory,
    make_member,
    quarter_update,
)
from tests.test_images_and_static import make_logo

# Queries per page, measured after one warm-up request (Wagtail's per-process caches of
# site root paths and content types; ours of the site, the view restrictions, the home
# page's child types and the sections routed through, the filters' choices and the lists a
# profile names things from: cms/caching/sites.py and restrictions.py,
# profiles/models/tree.py, filter_choices.py and known_snippets.py).
# Raise a budget only with a reason in the commit.
BUDGETS = {
    "home": 5,
    "directory": 5,
    "profile": 4,  # includes the Organization JSON-LD (logo rendition)
    "action": 4,
    "alliance": 6,
}


def queries_for(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def build(home, members, actions_each, updates_each):
    """A site with `members` members in one alliance, each with actions and updates."""
    directory = make_directory(home)
    alliance = make_alliance(home, "Luton DAA", "luton-daa")
    first = None
    for n in range(members):
        member = make_member(
            directory,
            f"Member {n:03d}",
            sectors=["arts", "health"],
            alliances=[alliance],
            member_since=datetime.date(2020, 9, 24),
            logo=make_logo(f"Logo {n}"),
            revision=n == 0,
        )
        first = first or member
        for a in range(actions_each):
            make_action(
                member,
                f"Action {n}-{a}",
                status="being-implemented",
                updates=[
                    quarter_update(2010 + u, u % 4 + 1, f"Update {u} of action {a}")
                    for u in range(updates_each)
                ],
                revision=n == 0 and a == 0,
            )
    action = first.get_children().live().first().specific
    return {
        "home": "/",
        "directory": "/members/",
        "profile": first.url,
        "action": action.url,
        "alliance": alliance.url,
    }


SMALL = {"members": 1, "actions_each": 1, "updates_each": 1}
LARGE = {"members": 30, "actions_each": 5, "updates_each": 6}


def test_every_public_page_fits_its_query_budget_at_any_size(home_page, client, settings, tmp_path):
    """Query counts of every page, first on a small site and then after it grows, with
    a logo on every member (each card's logo must not cost a query of its own)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    urls = build(home_page, **SMALL)
    small = {name: queries_for(client, url)[0] for name, url in urls.items()}
    # Grow the same site: more members, actions and updates everywhere.
    directory = make_directory(home_page)
    alliance = urls["alliance"]
    from profiles.models import LocalAlliancePage

    alliance_page = LocalAlliancePage.objects.get(url_path__endswith="/luton-daa/")
    first = directory.get_children().first().specific
    for a in range(LARGE["actions_each"] * 2):
        make_action(
            first,
            f"More {a}",
            status="planned",
            updates=[quarter_update(2011, 1 + u % 4, f"More update {u}") for u in range(8)],
            revision=False,
        )
    for n in range(LARGE["members"]):
        member = make_member(
            directory,
            f"Extra {n:03d}",
            alliances=[alliance_page],
            sectors=["arts"],
            logo=make_logo(f"Extra logo {n}"),
            revision=False,
        )
        for a in range(LARGE["actions_each"]):
            make_action(
                member,
                f"Extra action {n}-{a}",
                updates=[
                    quarter_update(2012, 1 + u % 4, "x") for u in range(LARGE["updates_each"])
                ],
                revision=False,
            )
    large = {}
    for name, url in urls.items():
        large[name], response = queries_for(client, url)
        if name in ("directory", "alliance"):
            assert response.content.decode().count('class="card"') >= 20, name
    del alliance
    report = {name: (small[name], large[name], BUDGETS[name]) for name in BUDGETS}
    for at_small, at_large, budget in report.values():
        assert at_small <= budget, report
        assert at_large <= budget, report
        assert at_large == at_small, report


API_LIST = "/api/v2/pages/?type=profiles.OrganisationProfilePage&fields=*&limit=20"
API_BUDGET = 4


def test_api_list_of_twenty_profiles_with_every_field_fits_its_budget(
    home_page, client, settings, tmp_path
):
    from profiles.models import DeclarationOutcome

    settings.MEDIA_ROOT = tmp_path / "media"
    directory = make_directory(home_page)
    alliance = make_alliance(home_page, "Luton DAA", "luton-daa")
    outcomes = list(DeclarationOutcome.objects.all()[:3])

    def add(count):
        for n in range(count):
            member = make_member(
                directory,
                sectors=["arts", "health"],
                alliances=[alliance],
                logo=make_logo(f"Api logo {n}"),
                revision=False,
            )
            member.outcomes = outcomes
            member.save()

    add(2)
    with_two, response = queries_for(client, API_LIST)
    assert len(response.json()["items"]) == 2
    add(28)
    with_thirty, response = queries_for(client, API_LIST)
    items = response.json()["items"]
    assert len(items) == 20
    assert items[0]["logo"]["renditions"] and items[0]["sectors"] and items[0]["outcomes"]
    assert with_two <= API_BUDGET and with_thirty <= API_BUDGET, (with_two, with_thirty)
    assert with_thirty == with_two, (with_two, with_thirty)


ALLIANCE_LIST = "/api/v2/pages/?type=profiles.LocalAlliancePage&fields=*&limit=20"


def queries_as_the_list_grows(client, url, add):
    """Queries for the API list at `url` with 2 items, then with 12 (`add(first, count)`
    adds items), and the 12 items."""
    add(0, 2)
    with_two, response = queries_for(client, url)
    assert len(response.json()["items"]) == 2
    add(2, 10)
    with_twelve, response = queries_for(client, url)
    items = response.json()["items"]
    assert len(items) == 12
    return with_two, with_twelve, items


def test_api_list_of_alliances_with_their_members_costs_the_same_at_any_length(home_page, client):
    """Each alliance names its own live members; more alliances must not mean more queries
    (one query for each alliance's members and region before LocalAlliancePage.api_prepare)."""
    directory = make_directory(home_page)

    def add(first, count):
        for n in range(first, first + count):
            alliance = make_alliance(home_page, f"Alliance {n:02d}", f"alliance-{n:02d}")
            make_member(directory, f"Member of {n:02d}", alliances=[alliance], revision=False)
            make_member(directory, f"Also of {n:02d}", alliances=[alliance], revision=False)

    with_two, with_twelve, items = queries_as_the_list_grows(client, ALLIANCE_LIST, add)
    for item in items:
        n = item["title"].removeprefix("Alliance ")
        assert [m["name"] for m in item["members"]] == [f"Also of {n}", f"Member of {n}"]
        assert item["region"]["slug"] == "east-of-england"
    assert with_two <= API_BUDGET and with_twelve == with_two, (with_two, with_twelve)


ACTION_LIST = "/api/v2/pages/?type=profiles.ActionPage&fields=*&limit=20"


def test_api_list_of_actions_with_their_outcomes_costs_the_same_at_any_length(home_page, client):
    """Each action names its own outcomes; more actions must not mean more queries (two
    more for each action, its locale and its outcomes, before ActionPage.api_prepare)."""
    from profiles.models import DeclarationOutcome

    outcomes = list(DeclarationOutcome.objects.order_by("pk")[:3])
    member = make_member(make_directory(home_page), "Outcome Trust", revision=False)

    def add(first, count):
        for n in range(first, first + count):
            action = make_action(member, f"Action {n:02d}", revision=False)
            action.outcomes = outcomes[: n % 3 + 1]
            action.save()

    with_two, with_twelve, items = queries_as_the_list_grows(client, ACTION_LIST, add)
    for item in items:
        n = int(item["title"].removeprefix("Action "))
        assert {o["id"] for o in item["outcomes"]} == {o.pk for o in outcomes[: n % 3 + 1]}
    assert with_two <= API_BUDGET and with_twelve == with_two, (with_two, with_twelve)
