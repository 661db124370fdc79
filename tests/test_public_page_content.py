"""
House rules every public page type keeps, read from the HTML each one serves (the same
pages as the browser checks, tests/public_pages.py): a meta description, Open Graph tags
and a canonical link; dates written out in words; status tags that say the status in words;
one h1 and headings in order; link text that makes sense on its own. Profile pages also
carry schema.org Organization JSON-LD.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup

from tests.public_pages import PUBLIC_PAGES, make_profile

ERROR_PAGES = {page.name for page in PUBLIC_PAGES if page.status >= 400}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
LONG_DATE = re.compile(rf"\b([1-9]|[12]\d|3[01]) ({MONTHS}) \d{{4}}\b")
# 24/09/2020, 2020-09-24, 24.09.20, 24 Sept 2020, 24th September, September 24, 2020, 09 ...
NOT_IN_WORDS = [
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}(st|nd|rd|th)? (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"),
    re.compile(r"\b\d{1,2}(st|nd|rd|th) (" + MONTHS + r")\b"),
    re.compile(rf"\b({MONTHS}) \d{{1,2}}, \d{{4}}\b"),
    re.compile(rf"\b0\d ({MONTHS})\b"),
]
VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this link", "more info"}
STATUS_LABELS = {
    "Planned",
    "Being implemented",
    "Completed",
    "Status: none given",
    "None given",
    "Always on",
}


@pytest.fixture(autouse=True)
def test_urls(settings):
    settings.ROOT_URLCONF = "tests.urls"


def fetch(client, public_page):
    target = public_page.build()
    response = client.get(public_page.url(target))
    assert response.status_code == public_page.status, public_page.name
    return BeautifulSoup(response.content, "html.parser")


def visible_text(soup):
    for hidden in soup(["script", "style", "template", "head"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_every_page_type_has_a_description_open_graph_and_canonical_link(client, db, public_page):
    soup = fetch(client, public_page)
    description = soup.find("meta", attrs={"name": "description"})
    assert description and len(description["content"].strip()) >= 20, description

    if public_page.name in ERROR_PAGES:
        # An error page is not a page to share or to index under its address.
        assert soup.find("link", rel="canonical") is None
        return
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None
    assert re.match(r"https?://[^/]+/", canonical["href"]), canonical
    assert "?" not in canonical["href"], "the canonical address drops filters and page numbers"
    open_graph = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    for name in ("og:type", "og:title", "og:description", "og:url", "og:site_name"):
        assert open_graph.get(name, "").strip(), f"{public_page.name} has no {name}"
    assert open_graph["og:url"] == canonical["href"]
    assert open_graph["og:description"] == description["content"]
    # schema.org Organization data belongs to profile pages only (tested below).
    has_json_ld = soup.find("script", type="application/ld+json") is not None
    assert has_json_ld == (public_page.name == "profile")


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_dates_are_written_out_in_words(client, db, public_page):
    text = visible_text(fetch(client, public_page))
    for pattern in NOT_IN_WORDS:
        match = pattern.search(text)
        assert match is None, f"{public_page.name}: date not in words: {match.group(0)!r}"
    for label in ("Member since", "Last updated", "last updated"):
        for found in re.finditer(rf"{label} (\S+ \S+ \S+)", text):
            assert LONG_DATE.match(found.group(1)), found.group(0)


def test_the_pages_that_show_dates_write_them_in_words(client, db):
    pages = {page.name: page for page in PUBLIC_PAGES}
    profile_text = visible_text(fetch(client, pages["profile"]))
    assert "Member since 24 September 2020" in profile_text
    directory_text = visible_text(fetch(client, pages["directory"]))
    assert "Member since 24 September 2020" in directory_text
    action_text = visible_text(fetch(client, pages["action"]))
    assert "Last updated 2 March 2017" in action_text


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_one_h1_headings_in_order_and_status_in_words(client, db, public_page):
    soup = fetch(client, public_page)
    main = soup.find("main")
    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1, f"{public_page.name}: the first heading in main is h{levels[0]}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{public_page.name}: h{before} is followed by h{after}"
    for tag in soup.select(".status-tag"):
        assert tag.get_text(" ", strip=True) in STATUS_LABELS, tag


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_link_text_makes_sense_on_its_own(client, db, public_page):
    soup = fetch(client, public_page)
    links = soup.select("body a[href]")
    assert links
    for link in links:
        text = " ".join(link.get_text(" ").split()).lower().strip(" .…")
        label = (link.get("aria-label") or "").lower()
        assert text or label or link.find("img", alt=True), f"empty link: {link}"
        assert text not in VAGUE_LINK_TEXT, f"{public_page.name}: vague link text {link}"
        assert not text.startswith(("click here", "read more")), link
        assert link.get("target") in (None, "_self"), f"links open in the same tab: {link}"


def test_profile_carries_schema_org_organization_json_ld(client, db):
    profile = make_profile()
    response = client.get(profile.url)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Music24"
    assert data["url"] == profile.get_full_url()
    assert data["description"].startswith("Music24")
    assert re.match(r"https?://[^/]+/.+\.png$", data["logo"]), data["logo"]
    assert data["sameAs"] == [profile.website]
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "East of England"}
    # Joining the alliance is not founding the organisation: it is a dated membership.
    assert "foundingDate" not in data
    membership = data["memberOf"][0]
    assert membership["@type"] == "Role"
    assert membership["startDate"] == "2020-09-24"
    assert membership["memberOf"]["name"] == "Dementia Action Alliance"
    local = {item["name"] for item in data["memberOf"][1:]}
    assert local == {
        "Luton Dementia Action Alliance",
        "Welwyn Hatfield Dementia Action Alliance (WHDAA)",
    }
    # Editor-typed text cannot close the script element early.
    assert "</" not in scripts[0].string
