"""The demo loader builds the whole site once; running it again changes nothing."""

import datetime
from io import StringIO

from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Revision

from profiles.models import ActionPage, LocalAlliancePage, OrganisationProfilePage
from tests.profiles_support import make_member


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "latest_revision_id", "live")),
        "revisions": Revision.objects.count(),
        "memberships": sorted(
            OrganisationProfilePage.local_alliances.through.objects.values_list(
                "organisationprofilepage_id", "localalliancepage_id"
            )
        ),
    }


def test_demo_loader_is_idempotent_and_fills_the_directory(client, home_page):
    call_command("load_demo_content", stdout=StringIO())
    first = snapshot()
    call_command("load_demo_content", stdout=StringIO())
    assert snapshot() == first

    members = OrganisationProfilePage.objects.live()
    assert members.count() >= 13
    assert members.values("region").distinct().count() >= 5
    assert LocalAlliancePage.objects.live().count() >= 5
    assert ActionPage.objects.live().exclude(status="").count() >= 5
    # Enough variety that every filter shows something.
    for query in ("?region=east-of-england", "?status=completed", "?alliance=leeds-daa"):
        soup = BeautifulSoup(client.get(f"/members/{query}").content, "html.parser")
        assert soup.select(".card-list .card")


def test_home_page_shows_counts_and_latest_updates_newest_first(client, home_page):
    call_command("load_demo_content", stdout=StringIO())
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    facts = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in soup("dt")}
    assert facts["Member organisations"] == str(OrganisationProfilePage.objects.live().count())
    assert facts["Actions pledged"] == str(ActionPage.objects.live().count())
    latest = [a.get_text(strip=True) for a in soup.select(".card-list .card__title a")]
    newest = (
        ActionPage.objects.live()
        .filter(latest_update_date__isnull=False)
        .order_by("-latest_update_date")
        .first()
    )
    assert latest[0] == newest.title
    assert len(soup("h1")) == 1


def test_new_member_badge_follows_member_since(client, member_directory):
    recent = make_member(
        member_directory, "Joined Lately", member_since=datetime.date.today().replace(day=1)
    )
    old = make_member(member_directory, "Joined Long Ago", member_since=datetime.date(2015, 1, 1))
    assert "New member" in client.get(recent.url).content.decode()
    assert "New member" not in client.get(old.url).content.decode()
    soup = BeautifulSoup(client.get("/members/").content, "html.parser")
    badges = {
        card.select_one(".card__title").get_text(strip=True): bool(card.select_one(".badge"))
        for card in soup.select(".card-list .card")
    }
    assert badges == {"Joined Lately": True, "Joined Long Ago": False}


def test_alliance_index_counts_live_members(client, music24):
    soup = BeautifulSoup(client.get("/local-alliances/").content, "html.parser")
    text = soup.find("main").get_text(" ", strip=True)
    assert "Welwyn Hatfield Dementia Action Alliance (WHDAA)" in text
    assert "1 member" in text
