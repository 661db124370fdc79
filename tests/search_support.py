"""Helpers for the search tests: run a search and read what a visitor sees."""

import re

from bs4 import BeautifulSoup

from profiles.models import ActionPlanQuestion
from profiles.reference_data import ensure_reference_data


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content[:300]
    return response


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".search-results .card__title")]


def result_cards(response):
    """(type label, title) of each result, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (
            card.select_one(".badge").get_text(strip=True),
            card.select_one(".card__title").get_text(strip=True),
        )
        for card in soup.select(".search-results .card")
    ]


def shown_counts(response):
    """{filter name: {option value: count}} as shown beside each option of the form."""
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {}
    for radio in soup.select(".facet-list input[type=radio]"):
        if not radio["value"]:
            continue
        count = radio.find_parent("label").select_one(".facet-count")
        text = count.get_text(strip=True) if count else ""
        number = int(re.search(r"\d+", text).group()) if text else None
        counts.setdefault(radio["name"], {})[radio["value"]] = number
    return counts


def total_shown(response):
    return response.context["paginator"].count


def answer(text):
    ensure_reference_data()
    question = ActionPlanQuestion.objects.order_by("sort_order").first()
    return ("answer", {"question": question, "answer": f"<p>{text}</p>"})
