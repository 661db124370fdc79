"""
The two ways a visitor decides: the banner (POST /cookies/choose/, from any cached page)
and the cookie settings page (/cookies/, a normal Django form with a CSRF token).
"""

import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import cookie
from .models import ConsentDecision
from .state import consent_state, live_policy

NO_POLICY_MESSAGE = "There is no published cookie policy, so there is nothing to choose."
BAD_NEXT_MESSAGE = "We can only send you back to a page on this website."
CROSS_SITE_MESSAGE = "Cookie choices can only be made from this website."


def safe_next(request, value, default="/"):
    """A same-site path to go back to; None when the value points anywhere else."""
    if not value:
        return default
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value


def with_saved_flag(path):
    """
    Add ?cookies=saved so the page shows the banner's confirmation without JavaScript.
    It lives in the URL, not in a per-visitor cookie, so cached pages stay shareable.
    """
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "cookies"]
    query.append(("cookies", "saved"))
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


def is_same_origin(request):
    """
    The banner form carries no CSRF token (pages with the banner stay cacheable), so the
    browser's own provenance headers protect it: every current browser sends
    Sec-Fetch-Site and/or Origin on a POST. Anything not provably same-origin is refused.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def chosen_categories(policy, action, submitted):
    optional = policy.optional_slugs
    if action == "accept":
        return list(optional)
    if action == "reject":
        return []
    return [slug for slug in optional if slug in set(submitted)]


def record_decision(request, response, policy, categories, method):
    state = consent_state(request)
    # A visitor who changes their mind keeps their consent id, so records join up.
    consent_id = state.consent_id or str(uuid.uuid4())
    try:
        consent_uuid = uuid.UUID(consent_id)
    except ValueError:
        consent_uuid = uuid.uuid4()
        consent_id = str(consent_uuid)
    cookie.set_consent_cookie(
        response, request, policy=policy, categories=categories, consent_id=consent_id
    )
    delete_withdrawn_cookies(request, response, policy, categories)
    return ConsentDecision.objects.create(
        consent_id=consent_uuid,
        policy_version=policy.version,
        revision_id=policy.live_revision_id,
        categories=sorted(categories),
        method=method,
    )


def delete_withdrawn_cookies(request, response, policy, accepted):
    """Expire the first-party cookies of every optional category not (or no longer) accepted."""
    for category in policy.optional_categories:
        if category.slug in accepted:
            continue
        for name in category.cookie_names:
            names = (
                [n for n in request.COOKIES if n.startswith(name[:-1])]
                if name.endswith("*")
                else [name]
            )
            for cookie_name in names:
                if cookie_name in request.COOKIES:
                    response.delete_cookie(cookie_name, path="/")


@csrf_exempt
@require_POST
def choose(request):
    if not is_same_origin(request):
        return HttpResponseForbidden(CROSS_SITE_MESSAGE)
    policy = live_policy(request)
    if policy is None:
        return HttpResponseBadRequest(NO_POLICY_MESSAGE)
    next_url = safe_next(request, request.POST.get("next"))
    if next_url is None:
        return HttpResponseBadRequest(BAD_NEXT_MESSAGE)
    action = request.POST.get("action")
    if action not in {"accept", "reject", "save"}:
        return HttpResponseBadRequest("Choose “accept”, “reject” or “save”.")
    categories = chosen_categories(policy, action, request.POST.getlist("categories"))
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = JsonResponse({"version": policy.version, "categories": categories})
    else:
        response = redirect(with_saved_flag(next_url))
        response.status_code = 303
    decision = record_decision(
        request, response, policy, categories, "banner-js" if wants_json else "banner-form"
    )
    if wants_json:
        response["X-Consent-Id"] = str(decision.consent_id)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def settings_page(request):
    policy = live_policy(request)
    state = consent_state(request)
    if request.method == "POST" and policy is not None:
        categories = chosen_categories(policy, "save", request.POST.getlist("categories"))
        response = redirect(f"{request.path}?saved=1")
        response.status_code = 303
        record_decision(request, response, policy, categories, "settings-page")
        return response
    categories = policy.categories.all() if policy else []
    return render(
        request,
        "consent/settings_page.html",
        {
            "policy": policy,
            "categories": categories,
            "state": state,
            "saved": request.GET.get("saved") == "1",
            "hide_consent_banner": True,
        },
    )
