"""
The consent variant of a request, worked out without the database on a cache hit.

It must equal `cms.consent.state.consent_cache_variant`, which the page itself used; the
middleware refuses to store a page whose X-Consent-Variant header disagrees, so a mistake
here costs hits, never privacy. The live policy's version, lifetime and optional
categories are remembered per content generation (publishing the policy bumps it).
"""

from cms.consent import cookie

from .per_generation import GenerationMemory

_known_fingerprint = GenerationMemory()


def _load_fingerprint():
    from cms.consent.models import ConsentPolicy

    policy = ConsentPolicy.get_live()
    if policy is None:
        return {"policy": False}
    return {
        "policy": True,
        "version": policy.version,
        "lifetime_days": policy.lifetime_days,
        "optional": sorted(policy.optional_slugs),
    }


def policy_fingerprint(cache, gen):
    """A lazy accessor: the database is asked only when a request carries a consent
    cookie or Sec-GPC and nobody in this generation asked before."""

    def read():
        # Shared by the processes when the page cache is Redis: one of them asks.
        key = f"page-policy:{gen}"
        value = cache.get(key)
        if value is None:
            value = _load_fingerprint()
            cache.set(key, value, 3600)
        return value

    return lambda: _known_fingerprint.get(gen, read)


def consent_variant(request, policy):
    raw = request.COOKIES.get(cookie.COOKIE_NAME)
    gpc = request.headers.get("Sec-GPC", "").strip() == "1"
    if not raw and not gpc:
        return "none"
    fingerprint = policy()
    if not fingerprint["policy"]:
        return "none"
    data = cookie.decode(
        raw, version=fingerprint["version"], lifetime_days=fingerprint["lifetime_days"]
    )
    if data is not None:
        accepted = sorted(set(data["c"]) & set(fingerprint["optional"]))
        return f"{fingerprint['version']}:{','.join(accepted)}"
    if gpc:
        return "gpc"
    return "none"
