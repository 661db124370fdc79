"""Fuzzing the public query interfaces with hypothesis: whatever a visitor sends, the answer
is never a server error.

Bounded and repeatable: 50 examples per test, derandomized (the same examples every
run), no example database on disk. Each test shares the module's content (the API
fixture: live members, actions, alliances and every kind of hidden page).
"""

import string
from unittest import mock

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a URL or form can carry (lone surrogates cannot be encoded at all), with NUL,
# control characters, quotes and very long values among the examples.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
long_text = st.text(alphabet="a%\x00<'\" ", min_size=900, max_size=1200)
slugish = st.sampled_from(
    ["", "arts", "east-of-england", "luton-daa", "being-implemented", "completed", "x" * 101]
)
values = st.one_of(any_text, slugish, long_text, st.integers().map(str))
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "0", "1", "2", "1e3", "0x10", " 3", "९", "1.5", "-0"]),
    any_text,
)


def assert_no_server_error(response, where):
    assert response.status_code < 500, f"{where} answered {response.status_code}"


@pytest.fixture
def browser():
    return Client()


@FUZZ
@given(region=values, sector=values, alliance=values, status=values, page=numbers, extra=any_text)
def test_directory_filters_never_fail(
    browser, api_content, region, sector, alliance, status, page, extra
):
    query = {
        "region": region,
        "sector": sector,
        "alliance": alliance,
        "status": status,
        "page": page,
        extra[:20] or "junk": extra,
    }
    response = browser.get("/members/", query)
    assert_no_server_error(response, f"/members/ {query!r}")
    assert response.status_code in (200, 400)


@FUZZ
@given(q=st.one_of(any_text, long_text), region=values, status=values, page=numbers)
def test_search_never_fails(browser, api_content, q, region, status, page):
    query = {"q": q, "region": region, "status": status, "page": page}
    response = browser.get("/search/", query)
    assert_no_server_error(response, f"/search/ {query!r}")
    assert response.status_code in (200, 400)


API_FIELDS = st.sampled_from(
    ["*", "-title", "title,introduction", "_,id", "updates(year)", "parent", "nonexistent", ""]
)
API_TYPES = st.sampled_from(
    [
        "profiles.OrganisationProfilePage",
        "profiles.ActionPage",
        "wagtailcore.Page",
        "auth.User",
        "nope",
        "",
    ]
)
API_ORDERS = st.sampled_from(["title", "-title", "random", "id", "password", "?", ""])


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "fields": st.one_of(API_FIELDS, any_text),
            "type": st.one_of(API_TYPES, any_text),
            "limit": numbers,
            "offset": numbers,
            "order": st.one_of(API_ORDERS, any_text),
            "search": st.one_of(any_text, long_text),
            "search_operator": st.one_of(st.sampled_from(["and", "or"]), any_text),
            "region": values,
            "sector": values,
            "alliance": values,
            "status": values,
            "child_of": numbers,
            "descendant_of": numbers,
            "member_since": any_text,
            "title": any_text,
            "slug": any_text,
        },
    ),
    extra_key=st.text(alphabet=string.ascii_lowercase + "_", max_size=12),
    extra_value=any_text,
)
def test_api_v2_parameters_never_fail(browser, api_content, params, extra_key, extra_value):
    if extra_key:
        params = {**params, extra_key: extra_value}
    response = browser.get("/api/v2/pages/", params)
    assert_no_server_error(response, f"/api/v2/pages/ {params!r}")
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


def as_wsgi_header(text):
    """What a WSGI server puts in the environ: the header's bytes (UTF-8 from the
    browser), decoded as latin-1; CR and LF cannot be inside a header."""
    return text.encode("utf-8").decode("latin-1").replace("\r", "").replace("\n", "")


cookie_values = st.one_of(
    any_text,
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        ['{"v":1}', '{"version": 1, "categories": ["analytics"]}', "[]", "null", "1" * 5000]
    ),
    st.builds(
        lambda v, cats: f'{{"version": {v}, "categories": {cats!r}}}'.replace("'", '"'),
        st.integers(),
        st.lists(any_text, max_size=5),
    ),
).map(as_wsgi_header)


@FUZZ
@given(cookie=cookie_values)
def test_any_consent_cookie_is_survived(browser, api_content, consent_policy, cookie):
    # The raw Cookie header, as a browser (or anyone) can send it: quoted or not.
    for header in (f"alliance_consent={cookie}", f'alliance_consent="{cookie}"'):
        for url in ("/", "/cookies/"):
            response = browser.get(url, HTTP_COOKIE=header)
            assert_no_server_error(response, f"{url} with Cookie: {header!r}")
            assert response.status_code == 200


@FUZZ
@given(
    action=st.one_of(st.sampled_from(["accept", "reject", "save", ""]), any_text),
    categories=st.lists(
        st.one_of(st.sampled_from(["analytics", "media", "necessary"]), any_text), max_size=6
    ),
    next_url=st.one_of(
        st.sampled_from(
            ["/", "/members/", "//evil.example/", "https://evil.example/", "javascript:alert(1)"]
        ),
        any_text,
    ),
)
def test_consent_choices_never_fail(
    browser, consent_policy, home_page, action, categories, next_url
):
    data = {"action": action, "categories": categories, "next": next_url}
    response = browser.post("/cookies/choose/", data, HTTP_ORIGIN="http://testserver")
    assert_no_server_error(response, f"choose {data!r}")
    assert response.status_code in (200, 302, 303, 400, 403)
    response = browser.post("/cookies/", {"categories": categories})
    assert_no_server_error(response, f"settings {categories!r}")


# --- Long and pathological queries are cut before they reach a search backend ---------

HUGE = "dementia " + ("(a OR b) AND " * 800) + "x" * 1000  # over 10,000 characters


def test_api_v2_search_reaches_the_backend_cut_to_200_characters(browser, api_content):
    from wagtail.search.backends import get_search_backend

    real = get_search_backend()
    seen = []

    class Spy:
        def search(self, query, *args, **kwargs):
            seen.append(query)
            return real.search(query, *args, **kwargs)

    assert len(HUGE) > 10_000
    with mock.patch("wagtail.api.v2.filters.get_search_backend", return_value=Spy()):
        # Below the request guard's 1,000 characters: cleaned and cut, then searched.
        response = browser.get("/api/v2/pages/", {"search": "music\x07 " + "z" * 900})
    assert response.status_code == 200
    assert len(seen) == 1 and len(seen[0]) <= 200 and "\x07" not in seen[0]
    with mock.patch("wagtail.api.v2.filters.get_search_backend", return_value=Spy()):
        response = browser.get("/api/v2/pages/", {"search": HUGE})
    # Over the guard's limit: refused with a message before any view code runs.
    assert response.status_code == 400
    assert "too long" in response.json()["message"]
    assert len(seen) == 1


def test_api_v3_refuses_a_10000_character_search(browser, api_content):
    response = browser.get("/api/v3/pages/", {"search": HUGE})
    assert response.status_code == 400
    assert "too long" in response.json()["message"]


def test_site_search_hands_the_engine_at_most_200_characters(browser, api_content):
    from search import engine

    seen = []
    real_run = engine.run

    def run(query_text, *args):
        seen.append(query_text)
        return real_run(query_text, *args)

    with mock.patch.object(engine, "run", run):
        response = browser.get("/search/", {"q": HUGE})
    assert response.status_code == 200
    assert seen and all(len(text) <= 200 for text in seen)
    assert seen[0].startswith("dementia")


def test_directory_hands_the_database_at_most_100_characters_per_filter(browser, api_content):
    from profiles.filters import DirectoryFilters

    seen = []
    real_apply = DirectoryFilters.apply

    def apply(self, members):
        seen.append(self)
        return real_apply(self, members)

    with mock.patch.object(DirectoryFilters, "apply", apply):
        response = browser.get("/members/", {"region": HUGE, "sector": "arts\x00" * 3000})
    assert response.status_code == 200
    assert seen
    assert all(len(f.region) <= 100 and len(f.sector) <= 100 for f in seen)
    assert "\x00" not in seen[0].sector


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v3/pages/",
        "/api/v3/images/",
    ],
)
@pytest.mark.parametrize("offset", ["99999999999999999999", "2147483648", "-99999999999999999999"])
def test_an_offset_past_the_databases_integers_is_refused_with_a_message(
    browser, api_content, url, offset
):
    """Both databases raise on a LIMIT/OFFSET past their integers (a 500 before)."""
    response = browser.get(url, {"offset": offset})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "The parameter 'offset' is out of range (at most 2147483647)."
    )


def test_the_largest_offset_the_databases_take_is_still_answered(browser, api_content):
    response = browser.get("/api/v2/pages/", {"offset": "2147483647"})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("value", ["abc", "", "1.5", "1e5", "🙂"])
def test_find_refuses_an_id_that_is_not_a_whole_number(browser, api_content, endpoint, value):
    response = browser.get(f"/api/v2/{endpoint}/find/", {"id": value})
    assert response.status_code == 400
    assert response.json()["message"] == "id must be a whole number, for example ?id=3"


def test_find_by_id_still_leads_to_the_page(browser, api_content):
    page = api_content.luton
    response = browser.get("/api/v2/pages/find/", {"id": str(page.pk)})
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v2/pages/{page.pk}/")
