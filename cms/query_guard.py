"""Refuse query strings no page or API can use, before they reach the database.

A NUL character makes PostgreSQL raise instead of matching nothing, and a huge value is
never a real slug, search or id; both get a 400 with a message instead of a 500.
Covers the paths in QUERY_GUARD_PATH_PREFIXES (the APIs; pages validate their own
parameters with messages of their own).
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

MAX_QUERY_VALUE_LENGTH = 1000


def problem(request):
    for key, values in request.GET.lists():
        for value in [key, *values]:
            if "\x00" in value:
                return f"The parameter {key[:40]!r} contains a null character."
            if len(value) > MAX_QUERY_VALUE_LENGTH:
                return (
                    f"The parameter {key[:40]!r} is too long "
                    f"(at most {MAX_QUERY_VALUE_LENGTH} characters)."
                )
    return None


class QueryGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(tuple(settings.QUERY_GUARD_PATH_PREFIXES)):
            return self.get_response(request)
        message = problem(request)
        if message is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
