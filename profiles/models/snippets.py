"""Reference lists editors pick from. Managed in the admin under Snippets."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Region(index.Indexed, models.Model):
    """Where a member or local alliance works: an English region, a nation, or National."""

    name = models.CharField(
        max_length=100, unique=True, help_text="As visitors see it, e.g. East of England."
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The short name used in web addresses (/members/?region=east-of-england).",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0,
        help_text="Lists show regions in this order (lowest first), then by name.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "region"

    def __str__(self):
        return self.name


class Sector(index.Indexed, models.Model):
    """A kind of work a member does, such as Arts or Social Care."""

    name = models.CharField(max_length=100, unique=True, help_text="As visitors see it, e.g. Arts.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The short name used in web addresses (/members/?sector=arts).",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "sector"

    def __str__(self):
        return self.name


class OutcomeFramework(index.Indexed, models.Model):
    """A published set of outcomes, such as the National Dementia Declaration (2010).

    Outcomes belong to a framework so a later one (the 2017 Dementia Statements) can be
    added in the admin without changing code.
    """

    name = models.CharField(
        max_length=200, unique=True, help_text="e.g. National Dementia Declaration."
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Short name for web addresses.")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the framework was published."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences explaining what the framework is."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("year"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["year", "name"]
        verbose_name = "outcome framework"

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


class DeclarationOutcome(index.Indexed, models.Model):
    """One numbered outcome of a framework, worded as the person with dementia says it."""

    framework = models.ForeignKey(
        OutcomeFramework,
        on_delete=models.PROTECT,
        related_name="outcomes",
        help_text="The framework this outcome belongs to.",
    )
    number = models.PositiveSmallIntegerField(help_text="Its number within the framework, 1 to 7.")
    text = models.TextField(help_text="The outcome, word for word as published.")

    panels = [FieldPanel("framework"), FieldPanel("number"), FieldPanel("text")]
    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
    ]

    class Meta:
        ordering = ["framework__year", "framework__name", "number"]
        verbose_name = "declaration outcome"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="unique_outcome_number_per_framework"
            )
        ]

    def __str__(self):
        return f"Outcome {self.number}: {self.text}"


class ActionPlanQuestion(index.Indexed, models.Model):
    """A question every member answers in its action plan."""

    text = models.TextField(help_text="The question, as members and visitors will read it.")
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are offered in this order (lowest first)."
    )

    panels = [FieldPanel("text"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("text"), index.AutocompleteField("text")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "action plan question"

    def __str__(self):
        return self.text if len(self.text) <= 90 else self.text[:87] + "…"
