"""Cache-Control for public pages and the public API.

An anonymous GET of a public page or API response may be kept by browsers and shared
caches (a CDN) for a short, configurable time; Django's ConditionalGetMiddleware, which
sits just outside this one, adds the ETag and answers If-None-Match with a 304.

Anything personal is never shared: admin and preview, requests with a session (signed-in
editors, pages unlocked with their password) or an API token, and responses that set a
cookie (a form with a CSRF token) get `private, no-cache` instead.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

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
        return response
