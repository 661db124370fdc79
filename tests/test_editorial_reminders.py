"""The quarterly reminder email: once per editor, member and quarter, only when actions are due."""

import threading
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connections
from django.test import override_settings

from cms.publishing.worker import run_periodic_jobs
from profiles.models import ReminderSent
from profiles.reminders import send_due_reminders
from profiles.roles import add_member_editor
from tests.conftest import ensure_site_tree
from tests.editorial_support import build_editorial_site, make_user
from tests.profiles_support import dated_update

# 20 November 2026: the fourth quarter began on 1 October, well past the reminder day.
MID_Q4 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_editors_of_members_with_due_actions_are_reminded_once(editorial):
    assert send_due_reminders(MID_Q4) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {editorial.music_editor.email, editorial.luton_editor.email}
    music = by_recipient[editorial.music_editor.email]
    assert "Music24" in music.subject and "fourth quarter 2026" in music.subject
    assert "Singing for the brain" in music.body
    assert f"/admin/pages/{editorial.music_action.pk}/edit/" in music.body
    assert "Dementia friendly buses" not in music.body  # another member's action
    assert not any(editorial.moderator.email in m.to for m in mail.outbox)

    # The worker runs every few seconds: the same quarter never sends again.
    assert send_due_reminders(MID_Q4 + timedelta(days=3)) == 0
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(quarter="2026-Q4").count() == 2

    # Next quarter, still no update: reminded again, once.
    assert send_due_reminders(datetime(2027, 2, 20, 9, 0, tzinfo=UTC)) == 2
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_names_with_apostrophes_and_ampersands_read_as_written(editorial):
    # Plain-text email: nothing is HTML-escaped ("St Werburgh&#x27;s" was in the subject).
    music24 = editorial.music24
    music24.title = "St Werburgh's Music & Arts"
    music24.save_revision().publish()
    send_due_reminders(MID_Q4)
    (message,) = [m for m in mail.outbox if m.to == [editorial.music_editor.email]]
    assert message.subject.startswith("St Werburgh's Music & Arts: ")
    assert "&#x27;" not in message.subject + message.body
    assert "&amp;" not in message.subject + message.body


@pytest.mark.django_db
def test_member_with_an_update_this_quarter_is_not_reminded(editorial):
    action = editorial.music_action
    action.updates.append(dated_update(MID_Q4.date(), "Fresh"))
    action.save_revision().publish()
    send_due_reminders(MID_Q4)
    assert [m.to for m in mail.outbox] == [[editorial.luton_editor.email]]


@pytest.mark.django_db
def test_no_reminders_early_in_the_quarter(editorial):
    with override_settings(REMINDER_DAYS_INTO_QUARTER=14):
        assert send_due_reminders(datetime(2026, 10, 5, 9, 0, tzinfo=UTC)) == 0
        assert send_due_reminders(datetime(2026, 10, 16, 9, 0, tzinfo=UTC)) == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_every_editor_of_a_member_is_reminded_and_inactive_ones_are_not(editorial):
    second = make_user("sam")
    add_member_editor(second, editorial.music24)
    gone = make_user("gone", is_active=False)
    add_member_editor(gone, editorial.music24)
    send_due_reminders(MID_Q4)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [editorial.music_editor.email, second.email, editorial.luton_editor.email]
    )


@pytest.mark.django_db
def test_a_failed_email_is_retried_on_the_next_pass(editorial):
    with mock.patch("profiles.reminders.send_mail", side_effect=OSError("SMTP down")):
        assert send_due_reminders(MID_Q4) == 0
    assert not ReminderSent.objects.exists()
    assert send_due_reminders(MID_Q4) == 2


@pytest.mark.django_db
def test_the_worker_sends_reminders_as_a_periodic_job(editorial, settings):
    assert "profiles.reminders.send_quarterly_reminders" in settings.WORKER_PERIODIC_JOBS
    settings.REMINDER_DAYS_INTO_QUARTER = 0
    run_periodic_jobs("test-worker")
    run_periodic_jobs("test-worker")
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_each_reminder_once():
    site = build_editorial_site(ensure_site_tree())
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(send_due_reminders(MID_Q4))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 2, results
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [site.music_editor.email, site.luton_editor.email]
    )
