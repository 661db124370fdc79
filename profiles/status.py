"""The progress of an action, as members report it.

The values double as URL slugs for the directory's ``status`` filter, so they stay
lower-case and hyphenated. "None given" is stored as the empty string because most
actions on the old site carried no status at all.
"""

from django.db import models


class ActionStatus(models.TextChoices):
    NONE_GIVEN = "", "None given"
    PLANNED = "planned", "Planned"
    BEING_IMPLEMENTED = "being-implemented", "Being implemented"
    COMPLETED = "completed", "Completed"


# Statuses a visitor can filter by (a filter on "none given" would list almost everyone).
FILTERABLE_STATUSES = [
    (ActionStatus.PLANNED.value, ActionStatus.PLANNED.label),
    (ActionStatus.BEING_IMPLEMENTED.value, ActionStatus.BEING_IMPLEMENTED.label),
    (ActionStatus.COMPLETED.value, ActionStatus.COMPLETED.label),
]
