"""A record of each quarterly reminder email, so the worker never sends one twice."""

from django.conf import settings
from django.db import models


class ReminderSent(models.Model):
    """One reminder to one editor about one member's actions in one quarter ("2026-Q4")."""

    profile = models.ForeignKey(
        "profiles.OrganisationProfilePage",
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        help_text="The member whose actions were due an update.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The editor who was reminded.",
    )
    quarter = models.CharField(max_length=7, help_text='The calendar quarter, e.g. "2026-Q4".')
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "reminder sent"
        constraints = [
            # Two workers racing: the second insert fails, so the second email is never sent.
            models.UniqueConstraint(
                fields=["profile", "user", "quarter"], name="one_reminder_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.quarter} reminder to {self.user} for {self.profile}"
