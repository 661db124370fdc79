from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from cms.publishing.status import worker_status


@never_cache
def healthz(request):
    """
    200 with a small JSON body when the database answers, 503 when it does not.

    The worker's staleness is reported in the body but never fails the check: the web
    process is healthy even when the worker is not, and restarting web servers would not help.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    try:
        status = worker_status()
        worker = {
            "last_run": status["last_run"].isoformat() if status["last_run"] else None,
            "stale": status["stale"],
        }
    except Exception as error:  # e.g. migrations not yet applied
        worker = {"last_run": None, "stale": True, "error": str(error)[:200]}
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})
