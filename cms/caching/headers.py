"""Cache-Control for public pages and the public API.

An anonymous GET of a public page or API response may be kept by browsers and shared
caches (a CDN) for a short, configurable time; Django's ConditionalGetMiddleware, which
sits just outside this one, adds the ETag and answers If-None-Match with a 304.

Anything personal is never shared: admin and preview, requests with a session (signed-in
editors, pages unlocked with their password) or an API token, and responses that set a
cookie (a form with a CSRF token) get `private, no-cache` instead.
"""

import hashlib

from django.conf import settings
from django.utils.cache import patch_cache_control, quote_etag

CACHEABLE_STATUSES = {200}


def is_personal(request, response):
    if any(request.path.startswith(prefix) for prefix in settings.CACHE_PRIVATE_PATH_PREFIXES):
        return True
    # A session cookie means a signed-in editor or a visitor who unlocked a private
    # page. (Asking request.user would itself read the session, so the cookie decides.)
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    if "HTTP_AUTHORIZATION" in request.META or getattr(request, "is_preview", False):
        return True
    return bool(response.cookies)


def request_nonce(request):
    """The CSP nonce this response used, if any (django-csp creates it only when used)."""
    nonce = getattr(request, "_csp_nonce", None)
    if nonce is None:
        nonce = request.__dict__.get("csp_nonce")
    return nonce if isinstance(nonce, str) and nonce else None


def set_stable_etag(request, response):
    """An ETag that ignores the per-request CSP nonce.

    Pages carry a fresh nonce in every response, so an ETag over the raw body would
    never match and no page would ever get a 304. Hashing the body without the nonce
    lets an unchanged page revalidate; the browser keeps its stored copy *and* its
    stored CSP header (a 304 does not carry one), so the old nonce still matches.
    """
    if response.streaming or response.has_header("ETag"):
        return
    nonce = request_nonce(request)
    if nonce is None:
        return  # ConditionalGetMiddleware hashes the body itself.
    body = response.content.replace(nonce.encode(), b"")
    response["ETag"] = quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in CACHEABLE_STATUSES and not response.has_header(
            "Cache-Control"
        ):
            is_api = request.path.startswith("/api/")
            max_age = settings.API_CACHE_MAX_AGE if is_api else settings.PAGE_CACHE_MAX_AGE
            patch_cache_control(response, public=True, max_age=max_age)
            set_stable_etag(request, response)
        return response
