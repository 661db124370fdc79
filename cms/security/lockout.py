"""What a visitor sees when django-axes has paused sign-in for them."""

from axes.helpers import get_client_username, get_cool_off
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a plain page that says what happened and what to do, 429."""
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    response = render(request, "security/lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds())) if cool_off else "3600"
    return response
