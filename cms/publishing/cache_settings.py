"""
WAGTAILFRONTENDCACHE built from environment variables (see README, "CDN / frontend cache purge").

FRONTEND_CACHE_BACKEND   http | cloudflare | cloudfront (unset: no purging)
FRONTEND_CACHE_LOCATION  http: the caching proxy's address, e.g. http://varnish:6081
FRONTEND_CACHE_HOSTNAMES comma-separated host names this cache serves (default: all)
CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONEID        cloudflare
CLOUDFRONT_DISTRIBUTION_ID                        cloudfront (AWS credentials from the usual
                                                  AWS_* variables, read by boto3)
"""

import os

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
}

REQUIRED = {
    "http": {"LOCATION": "FRONTEND_CACHE_LOCATION"},
    "cloudflare": {"BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN", "ZONEID": "CLOUDFLARE_ZONEID"},
    "cloudfront": {"DISTRIBUTION_ID": "CLOUDFRONT_DISTRIBUTION_ID"},
}


def frontend_cache_settings(environ=None):
    """The WAGTAILFRONTENDCACHE dict for this environment, or None when not configured."""
    environ = os.environ if environ is None else environ
    kind = environ.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
    if not kind or kind == "none":
        return None
    if kind not in BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={kind!r}: use one of {', '.join(BACKENDS)} or leave it unset."
        )
    config = {"BACKEND": BACKENDS[kind]}
    for key, variable in REQUIRED[kind].items():
        value = environ.get(variable, "").strip()
        if not value:
            raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={kind} needs {variable}.")
        config[key] = value
    hostnames = [h.strip() for h in environ.get("FRONTEND_CACHE_HOSTNAMES", "").split(",")]
    if any(hostnames):
        config["HOSTNAMES"] = [h for h in hostnames if h]
    return {"default": config}
