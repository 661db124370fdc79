"""Initial reference lists: regions, sectors, the 2010 Declaration outcomes, the two
action-plan questions from the old site. Editors change them in the admin afterwards."""

from django.db import migrations
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

DECLARATION_OUTCOMES = [
    "I have personal choice and control or influence over decisions about me.",
    "I know that services are designed around me and my needs.",
    "I have support that helps me live my life.",
    "I have the knowledge and know-how to get what I need.",
    "I live in an enabling and supportive environment where I feel valued and understood.",
    "I have a sense of belonging and of being a valued part of family, community and civic life.",
    "I know there is research going on which delivers a better life for me now and hope for the future.",
]

QUESTIONS = [
    "The National Dementia Declaration lists seven outcomes that the DAA are seeking to achieve "
    "for people with dementia and their carers. How would you describe your organisation’s role "
    "in delivering better outcomes for people with dementia and their carers?",
    "What are the challenges to delivering these outcomes from the perspective of your "
    "organisation?",
]


def load(apps, schema_editor):
    Region = apps.get_model("profiles", "Region")
    Sector = apps.get_model("profiles", "Sector")
    OutcomeFramework = apps.get_model("profiles", "OutcomeFramework")
    DeclarationOutcome = apps.get_model("profiles", "DeclarationOutcome")
    ActionPlanQuestion = apps.get_model("profiles", "ActionPlanQuestion")

    for order, name in enumerate(REGIONS, start=1):
        Region.objects.get_or_create(slug=slugify(name), defaults={"name": name, "sort_order": order})
    for name in SECTORS:
        Sector.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    framework, _ = OutcomeFramework.objects.get_or_create(
        slug="national-dementia-declaration",
        defaults={
            "name": "National Dementia Declaration",
            "year": 2010,
            "description": "Seven outcomes that people with dementia and their carers said "
            "they would like to see in their lives.",
        },
    )
    for number, text in enumerate(DECLARATION_OUTCOMES, start=1):
        DeclarationOutcome.objects.get_or_create(
            framework=framework, number=number, defaults={"text": text}
        )
    for order, text in enumerate(QUESTIONS, start=1):
        ActionPlanQuestion.objects.get_or_create(text=text, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
