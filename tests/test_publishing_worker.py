"""
The worker for real: racing workers publish once, and `manage.py run_worker` started as a
separate process publishes a scheduled change that visitors then see, with no command run by hand.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from cms.publishing.models import WorkerHeartbeat
from cms.publishing.scheduler import publish_due
from cms.publishing.webhooks.models import PAGE_EXPIRED, PAGE_SCHEDULED_PUBLISH, WebhookSubscription
from tests.conftest import ensure_site_tree
from tests.publishing_helpers import (
    BASE,
    make_live_page,
    patched_clock,
    schedule_change,
    set_expiry,
)
from tests.test_webhooks import ALL_PAGE_EVENTS, received

# Longer than one worker pass: a second delivery of the same event would have been sent.
SETTLE_SECONDS = 3

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def worker_env():
    """The worker process uses the test database this test process is using."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = (
            f"postgres://{settings['USER']}:{settings.get('PASSWORD') or ''}"
            f"@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="tests.worker_settings", DATABASE_URL=url)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def start_worker(*args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", *args],
        cwd=PROJECT_ROOT,
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_publish_each_revision_once(settings):
    """Threads with their own database connections, started together on the same due items."""
    # Queue follow-up tasks (search indexing) instead of running them inside the racing
    # transactions, as the real worker does; run inline they deadlock on PostgreSQL.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    home = ensure_site_tree()
    with patched_clock(BASE) as clock:
        pages = [make_live_page(home, f"Race {n}") for n in range(3)]
        for page in pages:
            schedule_change(page, "Published once", go_live_at=BASE + timedelta(minutes=1))
        clock.set(BASE + timedelta(minutes=2))

        real_publish = Revision.publish

        def slow_publish(self, *args, **kwargs):
            # Widen the race window: the other worker arrives while this one holds the item.
            time.sleep(0.3)
            return real_publish(self, *args, **kwargs)

        start = threading.Barrier(2)
        results = []

        def worker():
            try:
                start.wait()
                results.append(publish_due())
            finally:
                connections.close_all()

        with mock.patch.object(Revision, "publish", slow_publish):
            threads = [threading.Thread(target=worker) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)

    assert sum(results) == 3, results
    for page in pages:
        assert (
            PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish.scheduled").count()
            == 1
        )
        page.refresh_from_db()
        assert page.introduction == "Published once"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_racing_publish_each_revision_once():
    home = ensure_site_tree()
    real_now = timezone.now()
    with patched_clock(real_now - timedelta(hours=1)):
        pages = [make_live_page(home, f"Process race {n}") for n in range(4)]
        for page in pages:
            schedule_change(page, "Published once", go_live_at=real_now - timedelta(minutes=5))

    workers = [start_worker("--once") for _ in range(2)]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    for page in pages:
        assert (
            PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish.scheduled").count()
            == 1
        ), outputs
    assert sum(beat.total_items for beat in WorkerHeartbeat.objects.all()) == 4
    assert WorkerHeartbeat.objects.count() == 2


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_real_worker_publishes_and_expires_on_time_without_a_manual_step(
    live_server, webhook_receiver
):
    home = ensure_site_tree()
    news = make_live_page(home, "Members news", introduction="Previous update")
    appeal = make_live_page(home, "Autumn appeal", introduction="Give now")

    worker = start_worker()
    try:
        go_live = timezone.now() + timedelta(seconds=6)
        schedule_change(news, "Second quarter update", go_live_at=go_live)
        set_expiry(appeal, go_live)
        # A subscriber from now on is told of both, by the same worker, with signed POSTs.
        subscription = WebhookSubscription.objects.create(
            name="Partner app", target_url=webhook_receiver.url, events=ALL_PAGE_EVENTS
        )

        # Until the go-live time the visitor still sees the previous version.
        status, body = fetch(f"{live_server.url}/members-news/")
        assert status == 200 and "Previous update" in body
        assert "Second quarter update" not in body

        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            status, body = fetch(f"{live_server.url}/members-news/")
            if "Second quarter update" in body:
                break
            time.sleep(0.5)
        assert "Second quarter update" in body, "the worker did not publish in time"
        assert timezone.now() >= go_live

        while time.monotonic() < deadline and fetch(f"{live_server.url}/autumn-appeal/")[0] != 404:
            time.sleep(0.5)
        assert fetch(f"{live_server.url}/autumn-appeal/")[0] == 404

        assert PageLogEntry.objects.filter(action="wagtail.publish.scheduled").count() == 1
        assert PageLogEntry.objects.filter(action="wagtail.unpublish.scheduled").count() == 1
        health = fetch(f"{live_server.url}/healthz")[1]
        assert '"stale": false' in health

        while time.monotonic() < deadline and len(webhook_receiver.requests) < 2:
            time.sleep(0.5)
        time.sleep(SETTLE_SECONDS)  # a duplicate delivery would arrive by now
        events = received(webhook_receiver, subscription.secret)
        assert sorted((event["type"], event["page_id"]) for event in events) == sorted(
            [(PAGE_SCHEDULED_PUBLISH, news.pk), (PAGE_EXPIRED, appeal.pk)]
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[0]
    assert worker.returncode == 0, output
