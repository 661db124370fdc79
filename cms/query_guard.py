"""Refuse query strings no page or API can use, before they reach the database.

A NUL character makes PostgreSQL raise instead of matching nothing, a huge value is never a
real slug, search or id, and a number past what the database's integers hold (an offset of
99999999999999999999) makes it raise rather than find nothing; each gets a 400 with a
message instead of a 500.
Covers the paths in QUERY_GUARD_PATH_PREFIXES (the APIs; pages validate their own
parameters with messages of their own).
"""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

MAX_QUERY_VALUE_LENGTH = 1000
# Parameters the APIs read as whole numbers (paging, ids, the tree filters), and the largest
# each database's integer columns and LIMIT/OFFSET take everywhere (PostgreSQL's integer).
INTEGER_PARAMETERS = (
    "offset",
    "limit",
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
)
MAX_INTEGER = 2**31 - 1
WHOLE_NUMBER_RE = re.compile(r"^[+-]?[0-9]+$")


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
        if key in INTEGER_PARAMETERS:
            for value in values:
                if WHOLE_NUMBER_RE.match(value) and abs(int(value)) > MAX_INTEGER:
                    return f"The parameter {key!r} is out of range (at most {MAX_INTEGER})."
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
