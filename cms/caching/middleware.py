"""
Full-page cache for anonymous visitors.

Sits just outside django-csp's middleware, so what it stores is the finished response with
every header the inner middleware and the view set (Content-Security-Policy, Cache-Control,
ETag, Vary, X-Consent-Variant). The outer middleware (Security, Permissions-Policy) adds its
headers again on every response.

Key: content generation + host + full path + consent variant. The generation is bumped on
every publish event (see invalidation.py), so a stored page is never served after a change.
The consent variant is the handful of consent states the page can show (see
cms/consent/state.py); visitors in the same state get the same markup.

CSP nonces: a cached page would otherwise hand every visitor the same nonce. On a hit the
stored nonce is replaced, in the body and in the CSP header, by a fresh random one.
"""

import base64
import hashlib
import os
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response

from . import generation
from .variant import consent_variant, policy_fingerprint

HEADER = "X-Cache"


def _setting(name, default):
    return getattr(settings, name, default)


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if path.startswith(tuple(_setting("PAGE_CACHE_BYPASS_PREFIXES", ()))):
        return False
    if (
        path.startswith(tuple(_setting("PAGE_CACHE_QUERY_PATHS", ())))
        and request.GET.get("q", "").strip()
    ):
        # Search results for a query: endless variety, each asked for once.
        return False
    cookies = request.COOKIES
    # Signed-in editors (and visitors who unlocked a private page) have a session; a
    # pending flash message belongs to one visitor only. Asking request.user would read
    # the session, so the cookie decides.
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # `make bench` measures the same page uncached through the same server.
    bench_bypass = _setting("PAGE_CACHE_BENCH_BYPASS", False)
    return not (bench_bypass and "HTTP_X_BENCH_NO_CACHE" in request.META)


def _varies_on_accept_ok(request):
    return request.path_info.startswith(tuple(_setting("PAGE_CACHE_ACCEPT_PATHS", ())))


def response_is_cacheable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or getattr(request, "is_preview", False):
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    # We key on the cookies and headers these stand for; anything else (Vary: *,
    # Accept-Language...) would need its own key, so such responses are not stored.
    allowed = {"cookie", "sec-gpc", "accept-encoding"}
    if _varies_on_accept_ok(request):
        allowed.add("accept")  # part of the key on these paths
    return vary <= allowed


def _new_nonce():
    # As django-csp makes them.
    return base64.b64encode(os.urandom(16)).decode("ascii")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[_setting("PAGE_CACHE_ALIAS", "default")]
        self.timeout = _setting("PAGE_CACHE_TIMEOUT", 600)

    def __call__(self, request):
        if not _setting("PAGE_CACHE_ENABLED", True) or not request_is_cacheable(request):
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)

        gen = generation.current()
        request.content_generation = gen  # read once: the consent configuration keys on it
        policy = policy_fingerprint(self.cache, gen)
        variant = consent_variant(request, policy)
        url = f"{request.scheme}://{host}{request.get_full_path()}"
        if request.path_info.startswith(tuple(_setting("PAGE_CACHE_ACCEPT_PATHS", ()))):
            # The API answers JSON or a browsable HTML page depending on Accept.
            url += "\n" + request.headers.get("Accept", "")
        digest = hashlib.sha256(url.encode()).hexdigest()
        key = f"page:{gen}:{digest}:{variant}"

        entry = self.cache.get(key)
        if entry is not None:
            return self.serve(request, entry)

        response = self.get_response(request)
        if response_is_cacheable(request, response) and self.matches_variant(response, variant):
            self.store(request, response, key)
        response[HEADER] = "MISS"
        return response

    @staticmethod
    def matches_variant(response, variant):
        # ConsentMiddleware names the consent state the page was rendered for. Our key's
        # variant is computed without the database; if the two ever disagree the page is
        # not stored, so one visitor's consent state can never reach another.
        rendered_for = response.get("X-Consent-Variant")
        return rendered_for is None or rendered_for == variant

    def store(self, request, response, key):
        nonce = getattr(request, "_csp_nonce", None)
        entry = {
            "status": response.status_code,
            "headers": list(response.headers.items()),
            "content": response.content,
            "nonce": nonce if isinstance(nonce, str) else None,
            "stored": time.time(),
        }
        self.cache.set(key, entry, self.timeout)

    def serve(self, request, entry):
        content = entry["content"]
        headers = entry["headers"]
        old = entry["nonce"]
        if old:
            new = _new_nonce()
            content = content.replace(old.encode(), new.encode())
            headers = [(name, value.replace(old, new)) for name, value in headers]
        response = HttpResponse(content, status=entry["status"])
        for name, value in headers:
            response[name] = value
        response[HEADER] = "HIT"
        # ConditionalGetMiddleware sits inside us, so a hit answers If-None-Match itself.
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,
            response=response,
        )
        if conditional is not response:
            conditional[HEADER] = "HIT"
        return conditional
