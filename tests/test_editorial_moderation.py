"""
The "Moderator approval" workflow: a member editor's change goes live only when a moderator
approves it, moderators are told by email, and an approval can carry a go-live time that the
scheduler honours.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowPage, WorkflowState

from cms.publishing.roles import WORKFLOW_NAME
from cms.publishing.scheduler import publish_due
from profiles.models import ActionPage
from tests.editorial_support import action_form
from tests.publishing_helpers import patched_clock

pytestmark = pytest.mark.django_db


def submit(client, action, text, year=2026, quarter=4):
    data = action_form(action, [(year, quarter, f"<p>{text}</p>")])
    data["action-submit"] = "action-submit"
    return client.post(f"/admin/pages/{action.pk}/edit/", data)


def test_the_directory_carries_the_moderator_approval_workflow(editorial):
    assigned = WorkflowPage.objects.get(page=editorial.directory)
    assert assigned.workflow.name == WORKFLOW_NAME
    task = assigned.workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Moderators"]
    # So every action below the directory is moderated by it.
    assert editorial.music_action.get_workflow().name == WORKFLOW_NAME


def test_submitted_change_waits_for_approval_and_moderators_are_emailed(client, editorial):
    action = editorial.music_action
    client.force_login(editorial.music_editor)
    response = submit(client, action, "Choir sang at the town hall")
    assert response.status_code == 302

    state = WorkflowState.objects.get(object_id=str(action.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editorial.music_editor
    # Not live yet: visitors still see the old page.
    assert "Choir sang at the town hall" not in client.get(action.url).content.decode()
    # Wagtail's notification reaches the moderator (and not the other member's editor).
    recipients = {address for message in mail.outbox for address in message.to}
    assert editorial.moderator.email in recipients
    assert editorial.luton_editor.email not in recipients
    message = next(m for m in mail.outbox if editorial.moderator.email in m.to)
    assert action.title in message.subject + message.body


def approve(client, action, **extra):
    state = WorkflowState.objects.get(object_id=str(action.pk), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(action.pk, "approve", state.current_task_state.pk),
    )
    return client.post(url, {"comment": "", **extra})


def test_moderator_approval_puts_the_change_live(client, editorial):
    action = editorial.music_action
    client.force_login(editorial.music_editor)
    submit(client, action, "Choir sang at the town hall")
    client.force_login(editorial.moderator)
    response = approve(client, action)
    assert response.status_code in (200, 302)

    action = ActionPage.objects.get(pk=action.pk)
    assert len(action.updates) == 2
    page = client.get(action.url).content.decode()
    assert "Choir sang at the town hall" in page
    assert WorkflowState.objects.get(object_id=str(action.pk)).status == "approved"


def test_member_editor_cannot_approve_their_own_change(client, editorial):
    action = editorial.music_action
    client.force_login(editorial.music_editor)
    submit(client, action, "Self approved")
    response = approve(client, action)
    assert response.status_code in (302, 403)
    assert "Self approved" not in client.get(action.url).content.decode()
    assert WorkflowState.objects.get(object_id=str(action.pk)).status == "in_progress"


def test_member_editor_cannot_submit_another_members_action(client, editorial):
    client.force_login(editorial.music_editor)
    response = submit(client, editorial.luton_action, "Not ours")
    assert response.status_code in (302, 403)
    assert not WorkflowState.objects.filter(object_id=str(editorial.luton_action.pk)).exists()


def test_approval_with_a_go_live_time_publishes_only_at_that_time(client, editorial):
    action = editorial.music_action
    start = timezone.now()
    go_live = start + timedelta(hours=2)
    with patched_clock(start) as clock:
        client.force_login(editorial.music_editor)
        submit(client, action, "Concert next spring")

        # The moderator opens the submitted page, sets "go live at" and approves from the editor.
        client.force_login(editorial.moderator)
        action = ActionPage.objects.get(pk=action.pk).get_latest_revision_as_object()
        # Typed as the admin's date picker writes it: "25 November 2026 14:00", London time.
        go_live = go_live.replace(second=0, microsecond=0)
        typed = timezone.localtime(go_live).strftime("%d %B %Y %H:%M")
        data = action_form(action, go_live_at=typed)
        data["action-workflow-action"] = "true"
        data["workflow-action-name"] = "approve"
        response = client.post(f"/admin/pages/{action.pk}/edit/", data)
        assert response.status_code == 302

        live = ActionPage.objects.get(pk=action.pk)
        assert len(live.updates) == 1
        assert live.get_latest_revision().approved_go_live_at == go_live
        assert "Concert next spring" not in client.get(live.url).content.decode()

        clock.set(go_live - timedelta(minutes=1))
        assert publish_due() == 0
        clock.set(go_live + timedelta(seconds=1))
        assert publish_due() == 1

    live = ActionPage.objects.get(pk=action.pk)
    assert len(live.updates) == 2
    assert "Concert next spring" in client.get(live.url).content.decode()


def test_a_new_directory_is_moderated_at_once(home_page):
    """The demo loader (or an admin) creating the directory needs no manual workflow step."""
    from tests.profiles_support import make_directory

    directory = make_directory(home_page)
    assert Page.objects.get(pk=directory.pk).specific.get_workflow().name == WORKFLOW_NAME
