"""Every fact on the old site's Music24 page appears on the rebuilt pages.

The expected text is read from the scraped seed page itself, so nothing here is
retyped: if the demo loses or changes a sentence, the matching line fails.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from profiles.models import ActionPage

# A byte-for-byte copy of the scraped page (shared/seed/000_55227073074169e5.txt).
SEED = Path(__file__).parent / "data" / "music24_seed.txt"


def seed_lines():
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Music24 is a registered"))
    return lines[start:]


def normalise(text):
    text = re.sub(r"\s+", " ", text).strip().lower()
    # The old site wrote "2015 - Second Quarter Update"; we use an en dash.
    text = re.sub(r"(\d{4}) - (\w+ quarter update)", r"\1 – \2", text)
    return re.sub(r"^\d+\. ", "", text)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return normalise(main.get_text())


def split_seed():
    lines = seed_lines()
    actions_at = lines.index("2. Actions")
    profile = [line.strip() for line in lines[:actions_at] if line.strip()]
    actions, current = [], None
    for line in lines[actions_at + 1 :]:
        if line.strip() == "New Member":
            break
        if line.strip().startswith("•"):
            current = {"title": line.strip().lstrip("•").strip(), "lines": []}
            actions.append(current)
        elif line.strip() and current:
            current["lines"].append(line.strip())
    return profile, actions


@pytest.fixture
def profile_text(client, music24):
    return page_text(client, "/members/music24/")


def test_music24_lives_at_its_old_address(client, music24):
    assert music24.url == "/members/music24/"
    assert client.get("/members/music24/").status_code == 200


def test_every_profile_fact_of_the_seed_is_on_the_profile_page(profile_text):
    profile_lines, _ = split_seed()
    assert len(profile_lines) >= 10
    for line in profile_lines:
        if line.startswith("Arts, Health"):
            # Sectors are listed alphabetically, so check each one is there.
            for sector in line.split(", "):
                assert normalise(sector) in profile_text
        else:
            assert normalise(line.rstrip(":")) in profile_text, line


def test_profile_lists_all_five_actions_with_status(profile_text):
    _, actions = split_seed()
    assert len(actions) == 5
    for action in actions:
        assert normalise(action["title"]) in profile_text
    assert "being implemented" in profile_text


def test_each_action_page_shows_its_description_status_and_every_update(client, music24):
    _, actions = split_seed()
    for seed_action in actions:
        page = ActionPage.objects.child_of(music24).get(title=seed_action["title"])
        text = page_text(client, page.url)
        for line in seed_action["lines"]:
            assert normalise(line) in text, (seed_action["title"], line)


def test_seed_updates_are_shown_newest_first(client, music24):
    page = ActionPage.objects.child_of(music24).get(title__startswith="Offer a creative")
    text = page_text(client, page.url)
    positions = [
        text.index(heading)
        for heading in (
            "2015 – second quarter update",
            "2014 – fourth quarter update",
            "2014 – first quarter update",
        )
    ]
    assert positions == sorted(positions)


def test_local_alliances_list_music24_back(client, music24):
    for slug in ("luton-daa", "whdaa"):
        assert "music24" in page_text(client, f"/local-alliances/{slug}/")
