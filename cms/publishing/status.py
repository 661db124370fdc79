"""Is the worker alive? Read by /healthz and the dashboard panel."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cms.publishing.models import WorkerHeartbeat


def stale_after():
    return timedelta(seconds=getattr(settings, "SCHEDULER_STALE_AFTER_SECONDS", 300))


def worker_status(now=None):
    """
    The newest heartbeat of any worker: {"last_run", "stale", "hostname", "pid"}.

    A worker that has never run counts as stale: nothing scheduled would go live.
    """
    now = now or timezone.now()
    latest = WorkerHeartbeat.objects.order_by("-last_run_at").first()
    if latest is None:
        return {"last_run": None, "stale": True, "hostname": None, "pid": None}
    return {
        "last_run": latest.last_run_at,
        "stale": now - latest.last_run_at > stale_after(),
        "hostname": latest.hostname,
        "pid": latest.pid,
    }
