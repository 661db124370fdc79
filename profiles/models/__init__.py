"""Profile models, one module per job; import them from here."""

from profiles.models.action import ActionPage
from profiles.models.alliances import LocalAllianceIndexPage, LocalAlliancePage
from profiles.models.directory import MemberDirectoryPage
from profiles.models.profile import OrganisationProfilePage
from profiles.models.reminders import ReminderSent
from profiles.models.snippets import (
    ActionPlanQuestion,
    DeclarationOutcome,
    OutcomeFramework,
    Region,
    Sector,
)

__all__ = [
    "ActionPage",
    "ActionPlanQuestion",
    "DeclarationOutcome",
    "LocalAllianceIndexPage",
    "LocalAlliancePage",
    "MemberDirectoryPage",
    "OrganisationProfilePage",
    "OutcomeFramework",
    "Region",
    "ReminderSent",
    "Sector",
]
