"""How profile content looks in the JSON APIs (v2 and, through Wagtail's v2 shim, v3).

Each field returns plain JSON with a typed return annotation: API v3 reads the
annotation to describe the field in its OpenAPI document, and checks every response
against it, so the annotations must match what is returned exactly.
"""

import datetime

from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.rich_text import expand_db_html

from profiles import dates
from profiles.status import ActionStatus

# Logo sizes a front end can choose from: a list thumbnail and a profile-page size.
LOGO_RENDITIONS = {"small": "max-160x160", "large": "max-480x480"}


class RefDict(TypedDict):
    id: int
    slug: str
    name: str


class OutcomeDict(TypedDict):
    id: int
    number: int
    text: str
    framework: RefDict


class StatusDict(TypedDict):
    slug: str
    label: str


class RenditionDict(TypedDict):
    url: str
    width: int
    height: int


class LogoDict(TypedDict):
    id: int
    alt: str
    renditions: dict[str, RenditionDict]


class UpdateDict(TypedDict):
    year: int | None
    quarter: int | None
    date: str | None
    heading: str
    body_html: str


class ActionPlanAnswerDict(TypedDict):
    question: str
    answer_html: str


def ref(obj, name_attr="name") -> RefDict:
    return RefDict(id=obj.pk, slug=obj.slug, name=getattr(obj, name_attr))


def rich_text_html(value) -> str:
    """Stored rich text with internal links and documents turned into real URLs."""
    source = getattr(value, "source", value) or ""
    return expand_db_html(source)


class RegionField(Field):
    """A region as {id, slug, name}, or null."""

    def to_representation(self, region) -> RefDict:
        return ref(region)


def linked(field, manager, read):
    """The items a profile links to through `field`'s relation: those API v2 attached to
    the profile already (OrganisationProfilePage.api_prepare), else `read(manager)`."""
    attached = getattr(manager.instance, "api_links", None)
    if attached is not None and field.field_name in attached:
        return attached[field.field_name]
    return read(manager)


class SnippetListField(Field):
    """A many-to-many list of sectors as [{id, slug, name}], in the list's own order."""

    def to_representation(self, manager) -> list[RefDict]:
        return [ref(item) for item in linked(self, manager, lambda m: m.all())]


class LocalAllianceListField(Field):
    """The live, public local alliances a member belongs to, as [{id, slug, name}] by name."""

    def to_representation(self, manager) -> list[RefDict]:
        pages = linked(self, manager, lambda m: m.live().public().order_by("title"))
        return [ref(page, "title") for page in pages]


class MemberListField(Field):
    """The live, public members of a local alliance, as [{id, slug, name}] by name."""

    def to_representation(self, manager) -> list[RefDict]:
        # A list of alliances names thousands of members: only what each entry shows is
        # read, as values rather than pages (with their introductions and action plans),
        # for the whole list at once by API v2 (LocalAlliancePage.api_prepare).
        members = linked(
            self,
            manager,
            lambda m: m.live().public().order_by("title", "pk").values_list("pk", "slug", "title"),
        )
        return [RefDict(id=pk, slug=slug, name=title) for pk, slug, title in members]


class OutcomeListField(Field):
    """Declaration outcomes as [{id, number, text, framework: {id, slug, name}}]."""

    def to_representation(self, manager) -> list[OutcomeDict]:
        return [
            OutcomeDict(
                id=outcome.pk,
                number=outcome.number,
                text=outcome.text,
                framework=ref(outcome.framework),
            )
            for outcome in linked(self, manager, lambda m: m.select_related("framework"))
        ]


class StatusField(Field):
    """An action's status as {slug, label}; "None given" has the empty slug."""

    def to_representation(self, value) -> StatusDict:
        status = value if value in ActionStatus.values else ActionStatus.NONE_GIVEN
        return StatusDict(slug=status, label=ActionStatus(status).label)


class LogoField(Field):
    """A logo as {id, alt, renditions: {small|large: {url, width, height}}}, or null."""

    def to_representation(self, image) -> LogoDict:
        from wagtail.images.models import SourceImageIOError

        renditions = {}
        for name, spec in LOGO_RENDITIONS.items():
            try:
                rendition = image.get_rendition(spec)
            except SourceImageIOError:
                # The file is missing from storage: say nothing rather than fail the page.
                continue
            renditions[name] = RenditionDict(
                url=rendition.full_url, width=rendition.width, height=rendition.height
            )
        return LogoDict(id=image.pk, alt=image.default_alt_text or "", renditions=renditions)


def update_representation(value) -> UpdateDict:
    """One progress update; `heading` is what visitors see above it."""
    exact = value.get("date")
    quarter = value.get("quarter")
    return UpdateDict(
        year=value.get("year"),
        quarter=int(quarter) if quarter else None,
        date=exact.isoformat() if exact else None,
        heading=value.get("heading") or dates.update_label(value),
        body_html=rich_text_html(value.get("body")),
    )


def updates_representation(stream_value) -> list[UpdateDict]:
    """All updates of an action, newest first (the order visitors read them in)."""
    children = sorted(
        stream_value,
        key=lambda child: dates.update_sort_date(child.value) or datetime.date.min,
        reverse=True,
    )
    return [update_representation(child.value) for child in children]


def action_plan_representation(stream_value) -> list[ActionPlanAnswerDict]:
    """The action plan's answers in the member's order, each with its question's text."""
    answers = []
    for child in stream_value:
        question = child.value.get("question")
        answers.append(
            ActionPlanAnswerDict(
                question=question.text if question is not None else "",
                answer_html=rich_text_html(child.value.get("answer")),
            )
        )
    return answers
