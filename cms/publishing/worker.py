"""
The worker's periodic jobs: a loop that runs every dotted path in WORKER_PERIODIC_JOBS every
SCHEDULER_INTERVAL_SECONDS and records a heartbeat, next to django-tasks-db's task loop.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from cms.publishing.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

DEFAULT_JOBS = ["cms.publishing.scheduler.publish_due"]


def periodic_jobs():
    return list(getattr(settings, "WORKER_PERIODIC_JOBS", DEFAULT_JOBS))


def interval_seconds():
    return float(getattr(settings, "SCHEDULER_INTERVAL_SECONDS", 10))


def run_periodic_jobs(worker_id, started_at=None):
    """
    Run each periodic job once, then record the heartbeat. Returns the items handled.

    A job returns how many items it handled (or None). A failing job is logged and the others
    still run; the heartbeat is written either way, since the loop itself is alive.
    """
    items = 0
    errors = []
    for path in periodic_jobs():
        try:
            result = import_string(path)()
        except Exception as error:
            logger.exception("Periodic job %s failed", path)
            errors.append(f"{path}: {error!r}"[:1000])
            continue
        if isinstance(result, int) and not isinstance(result, bool):
            items += result
    now = timezone.now()
    try:
        # Each worker start adds a row; forget workers gone for a month.
        WorkerHeartbeat.objects.filter(last_run_at__lt=now - timedelta(days=30)).delete()
        heartbeat, created = WorkerHeartbeat.objects.get_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at or now,
                "last_run_at": now,
                "last_run_items": items,
                "total_items": items,
                "last_error": "\n".join(errors),
            },
        )
        if not created:
            heartbeat.last_run_at = now
            heartbeat.last_run_items = items
            heartbeat.total_items += items
            heartbeat.last_error = "\n".join(errors)
            heartbeat.save(
                update_fields=["last_run_at", "last_run_items", "total_items", "last_error"]
            )
    except Exception:
        # A busy database must not kill the loop; the next pass writes the heartbeat again.
        logger.exception("Could not record the worker heartbeat")
    return items


class PeriodicJobThread(threading.Thread):
    """Runs the periodic jobs until `stop` is set. Daemon, so it never blocks exit."""

    def __init__(self, worker_id, stop, interval=None):
        super().__init__(name="periodic-jobs", daemon=True)
        self.worker_id = worker_id
        self.stop = stop
        self.interval = interval if interval is not None else interval_seconds()
        self.started_at = timezone.now()

    def run(self):
        logger.info(
            "Periodic jobs every %ss: %s", self.interval, ", ".join(periodic_jobs()) or "none"
        )
        try:
            while not self.stop.is_set():
                # Like a request: drop a connection the database server has closed meanwhile.
                close_old_connections()
                try:
                    run_periodic_jobs(self.worker_id, self.started_at)
                except Exception:
                    logger.exception("Periodic jobs pass failed")
                self.stop.wait(self.interval)
        finally:
            # Django connections are per thread; close this one so nothing leaks on exit.
            connection.close()
