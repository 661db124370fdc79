"""
The reporting rhythm: members report progress once a quarter, so an action is "due an update"
when it has no update dated in the current calendar quarter. Used by the member editor's
dashboard panel and by the quarterly reminder email.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from profiles import dates
from profiles.models import ActionPage, OrganisationProfilePage


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_start(day):
    return datetime.date(day.year, 3 * (quarter_of(day) - 1) + 1, 1)


def quarter_key(day):
    """ "2026-Q4": how reminders remember which quarter they were for."""
    return f"{day.year}-Q{quarter_of(day)}"


def quarter_name(day):
    """ "Fourth quarter 2026", as editors read it."""
    return f"{dates.QUARTER_NAMES[quarter_of(day)]} quarter {day.year}"


def is_due(action, today=None):
    """No update dated in this quarter (a quarter's update counts as its last day)."""
    today = today or timezone.localdate()
    latest = action.latest_update_date
    return latest is None or latest < quarter_start(today)


def due_filter(today=None):
    today = today or timezone.localdate()
    return Q(latest_update_date__isnull=True) | Q(latest_update_date__lt=quarter_start(today))


def profiles_edited_by(user):
    """The members whose pages `user` edits through a member editor group."""
    from wagtail.models import GroupPagePermission

    if not user.is_authenticated or not user.is_active:
        return OrganisationProfilePage.objects.none()
    page_ids = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="change_page"
    ).values("page_id")
    return OrganisationProfilePage.objects.filter(pk__in=page_ids).order_by("title")


def actions_under(profiles):
    profiles = list(profiles)
    if not profiles:
        return ActionPage.objects.none()
    within = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in profiles))
    return ActionPage.objects.filter(within).order_by("path")


def editor_actions(user, today=None):
    """Each of the user's members with its actions: latest update date and whether due."""
    today = today or timezone.localdate()
    profiles = list(profiles_edited_by(user))
    actions = list(actions_under(profiles))
    rows = []
    for profile in profiles:
        mine = [a for a in actions if a.path.startswith(profile.path)]
        rows.append(
            {
                "profile": profile,
                "actions": [
                    {
                        "page": action,
                        "latest_update": dates.format_date(action.latest_update_date),
                        "due": is_due(action, today),
                    }
                    for action in mine
                ],
            }
        )
    return rows
