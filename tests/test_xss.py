"""Stored XSS: script, event-handler and javascript: URL payloads in every editor-supplied
field render inert on the public site and in the API's HTML.

Rich text normally passes Draftail's feature whitelist, but API v3 writes, imports and
direct database edits do not, so the fixtures store the raw payloads as if they had
slipped past the editor. Pages are parsed with the standard library's HTML parser (which
decodes entities in attributes, as a browser does), and the checks look for what a
browser would execute: a <script> with the payload, any on* attribute, or a URL
attribute whose decoded value is a javascript:/vbscript:/data:text/html URL.

Gated scripts (cms.consent GatedScript: src and inline code) are deliberately not here:
they are scripts by design, editable by administrators only (not moderators or member
editors) and admitted by the CSP, so the guard is the admin permission, tested in
tests/test_consent.py.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from profiles.models import (
    ActionPlanQuestion,
    DeclarationOutcome,
    OrganisationProfilePage,
    Region,
    Sector,
)
from tests.profiles_support import make_action, make_alliance, make_directory, make_member

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
JS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "java&#x09;script:alert(1)",
    " javascript:alert(1)",
]
JS_LINKS = "".join(f'<a href="{url}">link {n}</a>' for n, url in enumerate(JS_URLS))
# Plain-text fields get everything as text; rich text gets it as (hostile) HTML.
PLAIN = f"Name {SCRIPT}{IMG}{SVG}{JS_LINKS}"
RICH = f"<p>Rich {SCRIPT}</p><p>{IMG}</p><p>{SVG}</p><p>{JS_LINKS}</p>"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)


EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class ExecutableFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            # Data blocks (JSON-LD, inert consent-gated scripts) are never run. A payload
            # that broke out of one with "</script>" would open a new, typeless script
            # element, which this check catches.
            script_type = (dict(attrs).get("type") or "").strip().lower()
            self.in_script = script_type in EXECUTABLE_SCRIPT_TYPES
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                # Browsers ignore control characters and spaces inside the scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                if DANGEROUS_SCHEME.match(squeezed):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(1)" in data:
            self.problems.append(f"<script>{data[:60]}")


def executable_parts(html):
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def assert_inert(html, where):
    problems = executable_parts(html)
    assert not problems, f"executable payload in {where}: {problems}"


def test_the_checker_finds_each_payload():
    """The detector itself: every raw payload is found, its escaped form is not."""
    for payload in [SCRIPT, IMG, SVG, *(f'<a href="{u}">x</a>' for u in JS_URLS)]:
        assert executable_parts(payload), payload
    from django.utils.html import escape

    assert not executable_parts(escape(PLAIN))
    # JSON-LD holding the payload as data is inert; breaking out of it is not.
    assert not executable_parts(
        '<script type="application/ld+json">{"name": "\\u003cscript\\u003ealert(1)"}</script>'
    )
    assert executable_parts(f'<script type="application/ld+json">{{"name": "</script>{SCRIPT}"}}')


# Keys whose values the API gives as HTML ("value": a StreamField paragraph block).
HTML_KEYS = {"introduction", "description", "body", "answer", "answer_html", "body_html", "value"}


def api_html_strings(data, key=None, plain_keys=()):
    """Every string in a JSON document that the API gives as HTML."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in plain_keys:
                yield from api_html_strings(v, k, plain_keys)
    elif isinstance(data, list):
        for item in data:
            yield from api_html_strings(item, key, plain_keys)
    elif isinstance(data, str) and key in HTML_KEYS:
        yield data


@pytest.fixture
def hostile(home_page, consent_policy):
    """Every editor-supplied field of the public site, filled with payloads."""
    directory = make_directory(home_page)
    region = Region.objects.get(slug="east-of-england")
    region.name = f"Region {PLAIN}"[:100]
    region.save()
    sector = Sector.objects.get(slug="arts")
    sector.name = f"Sector {SCRIPT}{IMG}"[:100]
    sector.save()
    outcome = DeclarationOutcome.objects.get(number=5)
    outcome.text = f"Outcome {PLAIN}"
    outcome.save()
    question = ActionPlanQuestion.objects.create(text=f"Question {PLAIN}", sort_order=1)
    alliance = make_alliance(home_page, f"Alliance {PLAIN}"[:250], "hostile-daa")
    alliance.introduction = RICH
    alliance.save_revision().publish()

    member = make_member(
        directory,
        f"Member {PLAIN}"[:250],
        slug="hostile-member",
        sectors=["arts"],
        alliances=[alliance],
        introduction=RICH,
    )
    member.outcomes = [outcome]
    member.action_plan = [("answer", {"question": question, "answer": RICH})]
    member.save_revision().publish()
    action = make_action(
        member,
        f"Action {PLAIN}"[:250],
        slug="hostile-action",
        status="being-implemented",
        description=RICH,
        updates=[
            (
                "update",
                {"year": 2026, "quarter": "1", "heading": f"Heading {PLAIN}", "body": RICH},
            )
        ],
    )
    action.outcomes = [outcome]
    action.save_revision().publish()

    from home.models import StandardPage

    standard = StandardPage(
        title=f"Standard {PLAIN}"[:250],
        slug="hostile-standard",
        introduction=f"Intro {PLAIN}",
        body=[
            ("heading", {"text": f"H {SCRIPT}{IMG}"[:120], "level": "h2"}),
            ("paragraph", RICH),
        ],
    )
    home_page.add_child(instance=standard)
    standard.save_revision().publish()

    # Consent texts: every label the banner and the settings page show.
    for name in (
        "heading",
        "accept_label",
        "reject_label",
        "preferences_label",
        "save_label",
        "confirmation_text",
    ):
        limit = consent_policy._meta.get_field(name).max_length
        setattr(consent_policy, name, f"{name} {SCRIPT}{IMG}"[:limit])
    consent_policy.body = RICH
    for category in consent_policy.categories.all():
        category.name = f"Cat {IMG}"[:80]
        category.description = f"Description {PLAIN}"
        category.save()
    consent_policy.save_revision().publish()
    return {
        "member": member,
        "action": action,
        "alliance": alliance,
        "standard": standard,
        "directory": directory,
    }


def test_public_pages_render_every_payload_inert(client, hostile):
    pages = {
        "home": "/",
        "directory": hostile["directory"].url,
        "directory filtered": hostile["directory"].url + "?region=east-of-england&sector=arts",
        "profile": hostile["member"].url,
        "action": hostile["action"].url,
        "alliance": hostile["alliance"].url,
        "standard page": hostile["standard"].url,
        "cookie settings": "/cookies/",
        "search": "/search/?q=Member",
        "search facets": "/search/?q=alert&region=east-of-england&sector=arts",
        "feed": "/updates/feed/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        # The text is shown (escaped), so the check is not passing on an empty page.
        if where not in ("home", "feed", "cookie settings"):
            assert "alert(1)" in html, where
        assert_inert(html, where)


def test_rss_feed_escapes_titles_and_descriptions(client, hostile):
    body = client.get("/updates/feed/").content.decode()
    # XML-escaped once: a feed reader that renders descriptions as HTML sees text.
    assert "<script>" not in body and "<img" not in body


def test_api_html_fields_are_inert(client, hostile):
    # StandardPage.introduction is a plain-text field (a JSON string, never HTML).
    standard_plain = ("introduction",)
    urls = {
        f"/api/v2/pages/{hostile['member'].pk}/": (),
        f"/api/v2/pages/{hostile['action'].pk}/": (),
        f"/api/v2/pages/{hostile['alliance'].pk}/": (),
        f"/api/v2/pages/{hostile['standard'].pk}/": standard_plain,
        "/api/v2/pages/?type=profiles.OrganisationProfilePage&fields=*": (),
        # A category's description is plain text too (the body is rich text).
        "/api/v2/consent/": ("description",),
        f"/api/v3/pages/{hostile['member'].pk}/": (),
        f"/api/v3/pages/{hostile['action'].pk}/": (),
        f"/api/v3/pages/{hostile['standard'].pk}/": standard_plain,
    }
    for url, plain_keys in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.json()
        strings = list(api_html_strings(data, plain_keys=plain_keys))
        # The payload's text is there (cleaned), so the check is not passing on nothing.
        assert any("alert(1)" in html for html in strings), url
        for html in strings:
            assert_inert(html, url)
        # Plain-text fields stay JSON strings: a client must escape them, and the
        # response is JSON, never HTML a browser would run.
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("url", [*JS_URLS, "data:text/html,<script>alert(1)</script>"])
def test_website_refuses_script_urls(home_page, url):
    directory = make_directory(home_page)
    page = OrganisationProfilePage(title="Web", slug="web", website=url)
    page.path = directory.path + "0001"
    page.depth = directory.depth + 1
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "website" in error.value.message_dict


def test_cleaning_keeps_what_editors_legitimately_write():
    from cms.security.rich_text import clean_rich_text

    legitimate = (
        '<h3>Plans</h3><p>We <b>sing</b> and <i>dance</i>. See <a linktype="page" id="3">'
        'our page</a>, <a href="https://example.org/a?b=1&amp;c=2">a site</a> or '
        '<a href="mailto:hi@example.org">email</a>.</p><ul><li>One</li></ul><ol><li>Two</li>'
        '</ol><embed alt="Logo" embedtype="image" format="left" id="7"/>'
    )
    # Same elements, attributes and text (attribute order may change, which Wagtail's
    # database-format parser does not mind).
    from bs4 import BeautifulSoup

    cleaned = BeautifulSoup(clean_rich_text(legitimate), "html.parser")
    assert cleaned == BeautifulSoup(legitimate, "html.parser")


def test_hostile_rich_text_is_cleaned_when_saved(home_page):
    """Whatever wrote it (API v3, an import, the shell), the stored text is already clean."""
    directory = make_directory(home_page)
    member = make_member(directory, "Saved", slug="saved", introduction=RICH)
    member.refresh_from_db()
    assert not executable_parts(member.introduction)
    assert "Rich alert(1)" in member.introduction  # the text survives as text
