"""The browser harness itself: Chromium opens our home page from the live server."""


def test_home_page_opens_in_chromium(live_server, page, home_page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == home_page.title
    assert page.evaluate("document.documentElement.lang") == "en-GB"
