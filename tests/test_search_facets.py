"""Filters combine with the query, and every facet count matches a count made directly."""

import pytest
from django.db.models import Q

from profiles.models import ActionPage, OrganisationProfilePage
from tests.profiles_support import make_action, make_alliance, make_member, quarter_update
from tests.search_support import answer, result_cards, search, shown_counts, total_shown

WORD = "harmonium"


@pytest.fixture
def members(member_directory, home_page):
    luton = make_alliance(home_page, "Luton Dementia Action Alliance", "luton-daa")
    bristol = make_alliance(
        home_page, "Bristol Dementia Action Alliance", "bristol-daa", "south-west"
    )
    choir = make_member(
        member_directory,
        "Luton Choir",
        introduction=f"<p>A {WORD} choir.</p>",
        region="east-of-england",
        sectors=["arts", "charity"],
        alliances=[luton],
    )
    make_action(choir, "Weekly sessions", status="being-implemented", description=f"<p>{WORD}</p>")
    make_action(
        choir,
        "Online coffee",
        status="planned",
        updates=[quarter_update(2024, 1, f"We played the {WORD} online.")],
    )
    make_action(choir, "Unrelated", status="completed", description="<p>Walking.</p>")
    library = make_member(
        member_directory, "Northern Library", region="north-east", sectors=["education"]
    )
    make_action(library, "Reading group", status="completed", description=f"<p>{WORD} reads</p>")
    make_action(library, f"{WORD.title()} mornings", status="")
    cafe = make_member(
        member_directory,
        "Riverside Cafe",
        region="london",
        sectors=["leisure", "charity"],
        alliances=[luton, bristol],
        action_plan=[answer(f"We host a {WORD} group.")],
    )
    make_action(cafe, "Quiet hour", status="planned", description="<p>Lower lights.</p>")
    make_member(member_directory, "Quiet Member", region="london", sectors=["arts"])
    # Draft text must never be counted.
    draft = make_action(library, "Draft idea", status="planned", description="<p>Nothing.</p>")
    draft.description = f"<p>{WORD}</p>"
    draft.save_revision()


def expected_results(query_matches, region="", sector="", alliance="", status=""):
    """The results counted directly from the models, with the rules the page states."""
    found = []
    for page in query_matches:
        if isinstance(page, ActionPage):
            member = OrganisationProfilePage.objects.get(path=page.path[: -ActionPage.steplen])
            status_ok = page.status == status
        else:
            member = page
            status_ok = ActionPage.objects.child_of(member).live().filter(status=status).exists()
        if region and (member.region is None or member.region.slug != region):
            continue
        if sector and not member.sectors.filter(slug=sector).exists():
            continue
        if alliance and not member.local_alliances.filter(slug=alliance).exists():
            continue
        if status and not status_ok:
            continue
        found.append(page)
    return found


def pages_containing_word():
    """Pages whose live text contains WORD, found without the search engine."""
    orgs = OrganisationProfilePage.objects.live().filter(
        Q(introduction__icontains=WORD) | Q(action_plan__icontains=WORD) | Q(title__icontains=WORD)
    )
    actions = ActionPage.objects.live().filter(
        Q(description__icontains=WORD) | Q(updates__icontains=WORD) | Q(title__icontains=WORD)
    )
    # A draft's text is only in its revision, never in these live columns.
    return list(orgs) + list(actions)


COMBINATIONS = [
    {},
    {"region": "east-of-england"},
    {"sector": "charity"},
    {"alliance": "luton-daa"},
    {"status": "planned"},
    {"status": "completed"},
    {"sector": "charity", "status": "planned"},
    {"region": "london", "alliance": "luton-daa"},
    {"region": "north-east", "status": "completed"},
]


@pytest.mark.parametrize(
    "filters", COMBINATIONS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none"
)
def test_results_and_facet_counts_agree_with_direct_counts(client, members, filters):
    matches = pages_containing_word()
    assert len(matches) == 6  # the fixture: 2 organisations, 4 actions

    response = search(client, q=WORD, **filters)
    expected = expected_results(matches, **filters)
    assert total_shown(response) == len(expected)
    assert sorted(title for _, title in result_cards(response)) == sorted(p.title for p in expected)

    counts = shown_counts(response)
    for name, options in counts.items():
        for value, shown in options.items():
            others = {k: v for k, v in filters.items() if k != name}
            direct = len(expected_results(matches, **others, **{name: value}))
            assert shown == direct, (name, value)
    # Options with results are never hidden.
    for name in ("region", "sector", "alliance"):
        for value in {
            "east-of-england",
            "north-east",
            "london",
            "arts",
            "charity",
            "education",
            "leisure",
            "luton-daa",
            "bristol-daa",
        }:
            others = {k: v for k, v in filters.items() if k != name}
            try:
                direct = len(expected_results(matches, **others, **{name: value}))
            except TypeError:
                continue
            if direct:
                assert counts[name].get(value) == direct, (name, value)


def test_filters_without_a_query_list_everything_that_matches(client, members):
    response = search(client, sector="charity")
    titles = {title for _, title in result_cards(response)}
    assert titles == {
        "Luton Choir",
        "Riverside Cafe",
        "Weekly sessions",
        "Online coffee",
        "Unrelated",
        "Quiet hour",
    }


def test_result_type_labels(client, members):
    cards = {title: label for label, title in result_cards(search(client, q=WORD))}
    assert cards["Luton Choir"] == "Organisation"
    assert cards["Reading group"] == "Action"


def test_the_form_shows_the_chosen_options_and_reads_counts_aloud(client, members):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(search(client, q=WORD, region="north-east").content, "html.parser")
    checked = {radio["name"]: radio["value"] for radio in soup.select("input[type=radio][checked]")}
    assert checked == {"region": "north-east", "sector": "", "alliance": "", "status": ""}
    labels = {
        radio["value"]: radio.find_parent("label").get_text(" ", strip=True)
        for radio in soup.select("input[name=region]")
    }
    # Screen readers hear "(2 results)", not a bare "(2)"; one result is singular.
    assert labels["north-east"] == "North East (2 results )", labels
    assert labels["london"] == "London (1 result )", labels
    assert labels[""] == "Any region"


def test_unknown_filter_values_show_a_normal_empty_page(client, members):
    response = search(client, q=WORD, region="atlantis", sector="x" * 500, status="nonsense")
    assert total_shown(response) == 0
    assert "No results" in response.content.decode()


def test_empty_state_offers_suggestions(client, members):
    response = search(client, q="zzqqxx")
    body = response.content.decode()
    assert "No results for “zzqqxx”" in body
    assert 'href="?q=singing"' in body
    assert 'href="/members/"' in body


def test_option_labels_and_values_are_escaped(client, members):
    from profiles.models import Sector

    Sector.objects.create(name='Arts & <b>"Crafts"</b>', slug="arts-crafts")

    # Chosen, so it is listed although nothing matches it.
    body = search(client, q=WORD, sector="arts-crafts").content.decode()

    assert (
        '<input type="radio" name="sector" value="arts-crafts" checked> '
        "Arts &amp; &lt;b&gt;&quot;Crafts&quot;&lt;/b&gt;"
    ) in body
    assert "<b>" not in body
