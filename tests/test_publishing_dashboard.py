"""The admin dashboard's scheduling panel and the worker status in /healthz."""

import json
import os
import socket
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cms.publishing.models import WorkerHeartbeat
from cms.publishing.templatetags.publishing_tags import site_time
from cms.publishing.worker import run_periodic_jobs
from tests.publishing_helpers import make_live_page, schedule_change, set_expiry

WINTER = datetime(2030, 1, 15, 9, 30, tzinfo=UTC)  # GMT
SUMMER = datetime(2030, 7, 1, 13, 0, tzinfo=UTC)  # 14:00 BST


def beat(age):
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=f"w-{age.total_seconds()}",
        hostname=socket.gethostname(),
        pid=os.getpid(),
        started_at=now - age,
        last_run_at=now - age,
    )


def dashboard(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_panel_lists_upcoming_items_with_zone_and_who(home_page, client, django_user_model):
    editor = django_user_model.objects.create_superuser(
        "edna", password="x", first_name="Edna", last_name="Editor"
    )
    client.force_login(editor)
    hours = make_live_page(home_page, "Opening hours")
    schedule_change(hours, "Summer hours", go_live_at=SUMMER, user=editor)
    appeal = set_expiry(make_live_page(home_page, "Winter appeal"), WINTER, user=editor)

    html = dashboard(client)
    assert "Scheduled publishing" in html
    assert "Opening hours" in html and "Winter appeal" in html
    assert "1 July 2030 14:00 BST" in html
    assert "15 January 2030 09:30 GMT" in html
    assert "Edna Editor" in html
    # Soonest first: the January expiry before the July go-live.
    assert html.index("Winter appeal") < html.index("Opening hours")
    assert f"/admin/pages/{appeal.pk}/edit/" in html


def test_panel_hides_items_the_user_cannot_edit(home_page, client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", password="x")
    secret = make_live_page(home_page, "Board minutes")
    schedule_change(secret, "Published later", go_live_at=SUMMER, user=admin)
    mine = make_live_page(home_page, "Our news")
    schedule_change(mine, "Ours later", go_live_at=WINTER, user=admin)

    group = Group.objects.create(name="Editors of our news")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=mine, permission=Permission.objects.get(codename="change_page")
    )
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(group)
    client.force_login(member)

    html = dashboard(client)
    assert "Our news" in html
    assert "Board minutes" not in html


def test_panel_says_when_nothing_is_scheduled(db, admin_client):
    beat(timedelta(seconds=5))
    html = dashboard(admin_client)
    assert "Nothing is scheduled to go live or expire." in html
    assert "The worker last ran at" in html


def test_panel_warns_when_worker_never_ran(db, admin_client):
    html = dashboard(admin_client)
    assert "The worker has never run." in html
    assert "manage.py run_worker" in html


def test_panel_warns_when_worker_is_stale(db, admin_client):
    heartbeat = beat(timedelta(minutes=6))
    html = dashboard(admin_client)
    assert "The worker has not run since" in html
    assert site_time(heartbeat.last_run_at) in html


def test_healthz_reports_worker_never_ran_as_stale(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["worker"] == {"last_run": None, "stale": True}


def test_healthz_reports_fresh_worker(db, client):
    heartbeat = beat(timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    worker = json.loads(response.content)["worker"]
    assert worker["stale"] is False
    assert datetime.fromisoformat(worker["last_run"]) == heartbeat.last_run_at


def test_healthz_reports_stale_worker_after_five_minutes_but_stays_200(db, client):
    beat(timedelta(minutes=5, seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["worker"]["stale"] is True


def test_healthz_uses_the_newest_of_several_workers(db, client):
    beat(timedelta(hours=2))
    beat(timedelta(seconds=10))
    assert json.loads(client.get("/healthz").content)["worker"]["stale"] is False


def failing_job():
    raise RuntimeError("webhook endpoint down")


def counting_job():
    return 2


@override_settings(
    WORKER_PERIODIC_JOBS=[
        "tests.test_publishing_dashboard.failing_job",
        "tests.test_publishing_dashboard.counting_job",
    ]
)
def test_periodic_jobs_record_heartbeat_even_when_a_job_fails(db, client):
    old = beat(timedelta(days=40))
    assert run_periodic_jobs("worker-1") == 2
    heartbeat = WorkerHeartbeat.objects.get(worker_id="worker-1")
    assert heartbeat.last_run_items == 2
    assert "webhook endpoint down" in heartbeat.last_error
    assert not WorkerHeartbeat.objects.filter(pk=old.pk).exists()
    assert json.loads(client.get("/healthz").content)["worker"]["stale"] is False

    assert run_periodic_jobs("worker-1") == 2
    assert WorkerHeartbeat.objects.get(worker_id="worker-1").total_items == 4
