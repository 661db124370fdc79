"""What the home page shows about members: counts and the latest progress updates.

Lives in profiles (which the home app may import) so the home app never needs to know
how actions and updates are stored.
"""

from profiles.models import ActionPage, OrganisationProfilePage


def home_page_summary(limit=6):
    members = OrganisationProfilePage.objects.live().public()
    actions = ActionPage.objects.live().public()
    recent = list(
        actions.filter(latest_update_date__isnull=False).order_by("-latest_update_date", "path")[
            :limit
        ]
    )
    # One query for every parent profile instead of one per action.
    parent_paths = {action.path[: -ActionPage.steplen] for action in recent}
    parents = {
        profile.path: profile
        for profile in OrganisationProfilePage.objects.filter(path__in=parent_paths)
    }
    latest_updates = [
        {
            "action": action,
            "member": parents.get(action.path[: -ActionPage.steplen]),
            "update": action.latest_update,
        }
        for action in recent
    ]
    return {
        "member_count": members.count(),
        "action_count": actions.count(),
        "latest_updates": latest_updates,
    }
