"""
The one first-party cookie that holds a visitor's choice.

Value: Django-signed JSON {"v": policy version, "c": [accepted slugs], "t": decision time
(epoch seconds), "id": consent id}. The payload part (before the first ":") is plain
base64url JSON so our script can read it; the signature stops anyone forging a choice
that the server would then act on. Anything we cannot trust counts as "no choice".
"""

import json
import time

from django.core import signing

COOKIE_NAME = "alliance_consent"
SALT = "cms.consent.cookie"
# A decision stamped this far in the future means a wrong clock or a forgery.
CLOCK_SKEW_SECONDS = 300


def encode(version, categories, decided_at, consent_id):
    payload = {"v": version, "c": sorted(set(categories)), "t": int(decided_at), "id": consent_id}
    return signing.dumps(payload, salt=SALT, compress=False)


def decode(value, *, version, lifetime_days, now=None):
    """The payload dict when the cookie is genuine, current and unexpired; else None."""
    if not value or len(value) > 4096:
        return None
    try:
        data = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    v, c, t = data.get("v"), data.get("c"), data.get("t")
    if not isinstance(v, int) or not isinstance(t, int) or not isinstance(c, list):
        return None
    if not all(isinstance(slug, str) for slug in c):
        return None
    now = time.time() if now is None else now
    if v != version:
        return None
    if t > now + CLOCK_SKEW_SECONDS or t + lifetime_days * 86400 <= now:
        return None
    return data


def set_consent_cookie(response, request, *, policy, categories, consent_id, now=None):
    decided_at = int(time.time() if now is None else now)
    response.set_cookie(
        COOKIE_NAME,
        encode(policy.version, categories, decided_at, consent_id),
        # Lifetime counts from the decision; we only ever set it when the visitor decides,
        # so later visits never extend it.
        max_age=policy.lifetime_days * 86400,
        path="/",
        samesite="Lax",
        secure=request.is_secure(),
        # Not HttpOnly: our script reads the (signed, non-secret) choice to gate scripts.
        httponly=False,
    )
    return decided_at
