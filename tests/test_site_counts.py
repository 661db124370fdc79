"""The counts the home page and the local alliance index show: live pages only (and, on the
home page, public ones), however they are counted (profiles/home.py, profiles/models/
alliances.py count on the page table rather than through each type's own table)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.profiles_support import make_action, make_alliance, make_member

pytestmark = pytest.mark.django_db


def home_figures(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in soup("dt")}


def test_the_home_page_counts_live_public_members_and_actions(client, member_directory):
    shown = make_member(member_directory, "Counted Trust")
    make_action(shown, "Counted walk")
    make_action(shown, "Withdrawn walk").unpublish()
    make_member(member_directory, "Draft Trust").unpublish()
    private = make_member(member_directory, "Private Trust")
    make_action(private, "Private walk")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    figures = home_figures(client)
    assert figures["Member organisations"] == "1"
    assert figures["Actions pledged"] == "1"


def test_the_alliance_index_counts_live_members_of_each_alliance(
    client, member_directory, home_page
):
    luton = make_alliance(home_page, "Luton Dementia Action Alliance", "luton-daa")
    leeds = make_alliance(home_page, "Leeds Dementia Action Alliance", "leeds-daa")
    make_member(member_directory, "Luton One", alliances=[luton])
    make_member(member_directory, "Luton Two", alliances=[luton, leeds])
    make_member(member_directory, "Luton Draft", alliances=[luton]).unpublish()
    york = make_alliance(home_page, "York Dementia Action Alliance", "york-daa")
    make_member(member_directory, "York Draft", alliances=[york]).unpublish()
    soup = BeautifulSoup(client.get("/local-alliances/").content, "html.parser")
    cards = {
        card.select_one(".card__title").get_text(strip=True): card.get_text(" ", strip=True)
        for card in soup.select(".card")
    }
    assert "2 members" in cards["Luton Dementia Action Alliance"]
    assert "1 member" in cards["Leeds Dementia Action Alliance"]
    assert "1 members" not in cards["Leeds Dementia Action Alliance"]
    assert "0 members" in cards["York Dementia Action Alliance"]
