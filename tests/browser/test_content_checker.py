"""
Editors see plain-language problems in the userbar's content checker before publishing:
words people living with dementia ask writers to avoid, and paragraphs too long to follow.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from home.models import StandardPage
from tests.conftest import ensure_site_tree

LONG_PARAGRAPH = " ".join(["Members meet every month to plan the next steps together."] * 12)


def make_page(slug, paragraphs):
    home = ensure_site_tree()
    page = StandardPage(
        title=f"Checker {slug}",
        slug=slug,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor_context(context, live_server):
    """The browser, logged in as an editor with admin access (so the userbar shows)."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def checker_issues(page):
    """Open the userbar's Checks dialog and return the names of the issues it lists."""
    page.wait_for_function(
        "() => { const bar = document.querySelector('wagtail-userbar');"
        " const el = bar && bar.shadowRoot.querySelector('[data-content-checker-count]');"
        " return el && el.textContent.trim() !== ''; }"
    )
    page.locator("wagtail-userbar [data-wagtail-userbar-trigger]").click()
    page.locator("wagtail-userbar #checker-trigger").click()
    names = page.locator("wagtail-userbar [data-content-checker-name]")
    names.first.wait_for()
    # The badge's number is updated after the list is drawn, and may be cleared again
    # while the checks re-run (races on a busy machine): wait until it counts at least
    # the issues listed, and take the number it showed at that moment.
    shown = page.wait_for_function(
        "() => { const bar = document.querySelector('wagtail-userbar').shadowRoot;"
        " const listed = bar.querySelectorAll('[data-content-checker-name]').length;"
        " const shown = parseInt(bar.querySelector('[data-content-checker-count]')"
        ".textContent, 10);"
        " return shown >= listed ? shown : false; }"
    ).json_value()
    return int(shown), [n.strip() for n in names.all_inner_texts()]


def test_checker_flags_words_to_avoid_and_long_paragraphs(live_server, editor_context):
    page = editor_context.new_page()
    flagged = make_page(
        "flagged",
        ["Support for every dementia sufferer in Luton.", LONG_PARAGRAPH],
    )
    page.goto(live_server.url + flagged.url)

    count, names = checker_issues(page)
    assert "Words to avoid when writing about dementia" in names
    assert "Paragraph is too long" in names
    assert count >= 2


def test_checker_flags_link_text_that_means_nothing_on_its_own(live_server, editor_context):
    page = editor_context.new_page()
    flagged = make_page("vague", ['To join the alliance <a href="/members/">click here</a>.'])
    page.goto(live_server.url + flagged.url)
    _, names = checker_issues(page)
    assert "Link text does not say where it goes" in names


@pytest.mark.parametrize("word", ["victims", "demented", "senile", "burden", "Sufferers"])
def test_checker_flags_each_word_to_avoid(live_server, editor_context, word):
    page = editor_context.new_page()
    flagged = make_page(f"word-{word.lower()}", [f"A short sentence about {word} and care."])
    page.goto(live_server.url + flagged.url)
    _, names = checker_issues(page)
    assert "Words to avoid when writing about dementia" in names


def test_checker_is_quiet_about_plain_short_text(live_server, editor_context):
    page = editor_context.new_page()
    plain = make_page(
        "plain",
        [
            "People living with dementia and their carers meet here.",
            'Read <a href="/members/">the list of members</a> to find one near you.',
        ],
    )
    page.goto(live_server.url + plain.url)
    page.wait_for_function(
        "() => { const bar = document.querySelector('wagtail-userbar');"
        " const el = bar && bar.shadowRoot.querySelector('[data-content-checker-count]');"
        " return el && el.textContent.trim() !== ''; }"
    )
    page.locator("wagtail-userbar [data-wagtail-userbar-trigger]").click()
    page.locator("wagtail-userbar #checker-trigger").click()
    page.locator("wagtail-userbar #checker-results").wait_for(state="attached")
    names = page.locator("wagtail-userbar [data-content-checker-name]").all_inner_texts()
    assert "Words to avoid when writing about dementia" not in names
    assert "Paragraph is too long" not in names
    assert "Link text does not say where it goes" not in names
