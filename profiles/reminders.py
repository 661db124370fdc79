"""
The quarterly reminder: a periodic job of the worker (WORKER_PERIODIC_JOBS) that emails the
editors of each member with live actions due an update, once per editor, member and quarter.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from profiles.models import ActionPage, OrganisationProfilePage, ReminderSent
from profiles.reporting import due_filter, quarter_key, quarter_name, quarter_start
from profiles.roles import editors_of

logger = logging.getLogger(__name__)


def _admin_url(page):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page.pk])


def due_actions_by_profile(today):
    """{profile: [live actions due an update]} for live members."""
    due = list(ActionPage.objects.live().filter(due_filter(today)).order_by("path"))
    parents = {action.path[: -ActionPage.steplen] for action in due}
    profiles = OrganisationProfilePage.objects.live().filter(path__in=parents).order_by("title")
    return {
        profile: [a for a in due if a.path[: -ActionPage.steplen] == profile.path]
        for profile in profiles
    }


def _send(profile, user, actions, today):
    context = {
        "user": user,
        "profile": profile,
        "quarter": quarter_name(today),
        "actions": [{"title": a.title, "edit_url": _admin_url(a)} for a in actions],
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    subject = render_to_string("profiles/email/reminder_subject.txt", context).strip()
    body = render_to_string("profiles/email/reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


def send_quarterly_reminders(now=None):
    """The worker's periodic job. Returns None: the worker counts publishing items, not emails."""
    send_due_reminders(now)


def send_due_reminders(now=None):
    """Send this quarter's reminders not yet sent. Returns how many emails went out."""
    today = timezone.localdate(now or timezone.now())
    if (today - quarter_start(today)).days < settings.REMINDER_DAYS_INTO_QUARTER:
        return 0
    quarter = quarter_key(today)
    sent = 0
    for profile, actions in due_actions_by_profile(today).items():
        for user in editors_of(profile).exclude(email=""):
            if ReminderSent.objects.filter(profile=profile, user=user, quarter=quarter).exists():
                continue
            try:
                # Claim the reminder first: a second worker racing us fails on the unique
                # constraint here and sends nothing.
                with transaction.atomic():
                    record = ReminderSent.objects.create(
                        profile=profile, user=user, quarter=quarter
                    )
            except IntegrityError:
                continue
            try:
                _send(profile, user, actions, today)
            except Exception:
                # Not sent, so not remembered: the next pass tries again.
                logger.exception("Reminder to %s about %s failed", user.email, profile)
                record.delete()
                continue
            sent += 1
            logger.info("Sent the %s reminder to %s about %s", quarter, user.email, profile)
    return sent
