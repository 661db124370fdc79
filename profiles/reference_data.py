"""The reference lists the site starts with (also loaded by migration 0002).

`ensure_reference_data()` recreates them after a test flushes the database; it only adds
what is missing, so editors' changes in the admin are kept.
"""

from django.utils.text import slugify

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
    "National",
]

SECTORS = [
    "Arts",
    "Care",
    "Charity",
    "Education",
    "Emergency Services",
    "Faith",
    "Finance",
    "Health",
    "Housing",
    "Leisure",
    "Local Government",
    "Retail",
    "Social Care",
    "Transport",
    "Voluntary Sector",
]

DECLARATION_FRAMEWORK = {
    "slug": "national-dementia-declaration",
    "name": "National Dementia Declaration",
    "year": 2010,
    "description": (
        "Seven outcomes that people with dementia and their carers said they would like "
        "to see in their lives."
    ),
}

# Verbatim, in order: outcome n is DECLARATION_OUTCOMES[n - 1].
DECLARATION_OUTCOMES = [
    "I have personal choice and control or influence over decisions about me.",
    "I know that services are designed around me and my needs.",
    "I have support that helps me live my life.",
    "I have the knowledge and know-how to get what I need.",
    "I live in an enabling and supportive environment where I feel valued and understood.",
    "I have a sense of belonging and of being a valued part of family, community and civic life.",
    "I know there is research going on which delivers a better life for me now and hope for "
    "the future.",
]

ACTION_PLAN_QUESTIONS = [
    "The National Dementia Declaration lists seven outcomes that the DAA are seeking to "
    "achieve for people with dementia and their carers. How would you describe your "
    "organisation’s role in delivering better outcomes for people with dementia and their "
    "carers?",
    "What are the challenges to delivering these outcomes from the perspective of your "
    "organisation?",
]


def ensure_reference_data():
    from profiles.models import (
        ActionPlanQuestion,
        DeclarationOutcome,
        OutcomeFramework,
        Region,
        Sector,
    )

    for order, name in enumerate(REGIONS, start=1):
        Region.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )
    for name in SECTORS:
        Sector.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    framework, _ = OutcomeFramework.objects.get_or_create(
        slug=DECLARATION_FRAMEWORK["slug"],
        defaults={k: v for k, v in DECLARATION_FRAMEWORK.items() if k != "slug"},
    )
    for number, text in enumerate(DECLARATION_OUTCOMES, start=1):
        DeclarationOutcome.objects.get_or_create(
            framework=framework, number=number, defaults={"text": text}
        )
    for order, text in enumerate(ACTION_PLAN_QUESTIONS, start=1):
        ActionPlanQuestion.objects.get_or_create(text=text, defaults={"sort_order": order})
    return framework
