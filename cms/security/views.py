"""A small Wagtail admin screen where administrators see and lift sign-in lockouts."""

from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def _require_permission(request):
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied


def lockouts(request):
    _require_permission(request)
    limit = get_failure_limit(request, {})
    by_user = (
        AccessAttempt.objects.exclude(username__isnull=True)
        .exclude(username="")
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    by_address = (
        AccessAttempt.objects.values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    return TemplateResponse(
        request,
        "security/admin/lockouts.html",
        {
            "failure_limit": limit,
            "by_user": [dict(row, locked=row["failures"] >= limit) for row in by_user[:200]],
            "by_address": [dict(row, locked=row["failures"] >= limit) for row in by_address[:200]],
        },
    )


@require_POST
def unlock(request):
    _require_permission(request)
    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip_address", "").strip()
    if username:
        reset(username=username)
        messages.success(request, f"Sign-in unlocked for the user “{username}”.")
    elif address:
        reset(ip=address)
        messages.success(request, f"Sign-in unlocked for the address {address}.")
    else:
        messages.error(request, "Choose a user or an address to unlock.")
    return redirect("security_lockouts")
