"""StreamField blocks for member profiles and actions."""

import copy

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from profiles import dates

# Only what the front end styles: no headings above h3, no embeds, no images inline.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]

# The alliance began in 2012 and older activity was reported retrospectively; anything
# before 2000 is a typing slip. A year after next year cannot describe progress yet.
EARLIEST_UPDATE_YEAR = 2000


def latest_allowed_year():
    return timezone.localdate().year + 1


class UpdateValue(blocks.StructValue):
    """Adds the derived heading and sort date templates and models need."""

    @property
    def sort_date(self):
        return dates.update_sort_date(self)

    @property
    def period_label(self):
        return dates.update_label(self)

    @property
    def exact_date_display(self):
        return dates.format_date(self.get("date"))


class UpdateBlock(blocks.StructBlock):
    """One dated progress report on an action, by quarter or by exact date."""

    year = blocks.IntegerBlock(
        required=False,
        label="Year",
        help_text="The year this update is about, for example 2015. Needed with a quarter.",
    )
    quarter = blocks.ChoiceBlock(
        choices=[(str(n), f"{dates.QUARTER_NAMES[n]} quarter") for n in range(1, 5)],
        required=False,
        label="Quarter",
        help_text="Which quarter of the year. Leave empty if you give an exact date instead.",
    )
    date = blocks.DateBlock(
        required=False,
        label="Exact date",
        help_text="Instead of a quarter, the day this update is about.",
    )
    heading = blocks.CharBlock(
        required=False,
        max_length=200,
        label="Heading (optional)",
        help_text='Shown instead of the automatic heading such as "2015 – Second quarter update".',
    )
    body = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="What happened",
        help_text="What you did and what changed since the last update.",
    )

    class Meta:
        icon = "date"
        template = "blocks/update_block.html"
        label = "Progress update"
        description = "A dated report on how this action is going."
        value_class = UpdateValue
        form_classname = "struct-block update-block"
        preview_value = {
            "year": 2015,
            "quarter": "2",
            "body": "<p>We kept the group running through our own fundraising.</p>",
        }

    def clean(self, value):
        errors = {}
        try:
            value = super().clean(value)
        except StructBlockValidationError as e:
            errors.update(e.block_errors)
            value = None
        if value is None:
            raise StructBlockValidationError(block_errors=errors)

        year, quarter, exact = value.get("year"), value.get("quarter"), value.get("date")
        latest = latest_allowed_year()
        if year is not None and not EARLIEST_UPDATE_YEAR <= year <= latest:
            errors["year"] = ValidationError(
                f"Enter a year between {EARLIEST_UPDATE_YEAR} and {latest}."
            )
        if quarter and str(quarter) not in {"1", "2", "3", "4"}:
            errors["quarter"] = ValidationError("Choose a quarter from 1 to 4.")
        if quarter and exact:
            errors["date"] = ValidationError("Give either a quarter or an exact date, not both.")
        elif quarter and year is None:
            errors["year"] = ValidationError("Enter the year this quarter belongs to.")
        elif not quarter and not exact:
            errors["quarter"] = ValidationError(
                "Choose a quarter (with its year) or give an exact date."
            )
        if exact:
            if not EARLIEST_UPDATE_YEAR <= exact.year <= latest:
                errors["date"] = ValidationError(
                    f"Enter a date between {EARLIEST_UPDATE_YEAR} and the end of {latest}."
                )
            elif year is not None and year != exact.year and "year" not in errors:
                errors["year"] = ValidationError(
                    "The year does not match the exact date. Correct one of them."
                )
        body = value.get("body")
        if not strip_tags(body.source if body is not None else "").strip():
            errors["body"] = ValidationError("Write what happened in this update.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class UpdateStreamBlock(blocks.StreamBlock):
    update = UpdateBlock()

    def get_api_representation(self, value, context=None):
        # The APIs give updates as visitors read them: flat, newest first. Writes
        # through API v3 still use Wagtail's usual [{"type": "update", "value": ...}].
        from profiles.api_serializers import updates_representation

        return updates_representation(value)


class QuestionChooserBlock(SnippetChooserBlock):
    """Chooses an action plan question. On public pages the questions come from the list
    remembered per content generation (profiles/known_snippets.py) instead of a query per
    profile; anywhere else (the admin, previews, the API's writes) from the database."""

    def bulk_to_python(self, values):
        from profiles import known_snippets

        if not known_snippets.serving_public_page():
            return super().bulk_to_python(values)
        known = known_snippets.questions_by_id()
        # Copies, as Wagtail's own returns distinct objects; a removed question is None.
        return [copy.copy(known.get(pk)) for pk in values]


class ActionPlanAnswerBlock(blocks.StructBlock):
    """An answer to one action-plan question; answers are numbered in the order given."""

    question = QuestionChooserBlock(
        "profiles.ActionPlanQuestion",
        label="Question",
        help_text="Choose the question you are answering.",
    )
    answer = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="Your answer",
        help_text="Answer in plain words. Readers may be living with dementia.",
    )

    class Meta:
        icon = "help"
        template = "blocks/action_plan_answer_block.html"
        label = "Action plan answer"
        description = "Your organisation's answer to one of the alliance's questions."
        preview_value = {
            "answer": "<p>We run weekly music sessions for people with dementia and carers.</p>"
        }


class ActionPlanStreamBlock(blocks.StreamBlock):
    answer = ActionPlanAnswerBlock()

    def get_api_representation(self, value, context=None):
        # [{question, answer_html}] in the member's order, the question as text.
        from profiles.api_serializers import action_plan_representation

        return action_plan_representation(value)
