"""
django-csp's middleware with two additions:

- the Wagtail admin (and Django admin) gets its own, looser policy: Wagtail's admin
  templates still carry inline scripts and style attributes, which the strict public
  policy would block;
- sources added for one response with `cms.security.csp.allow_sources` are merged in
  through django-csp's own "update" mechanism.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings

from cms.security.csp import requested_sources


def _merge(first, second):
    merged = {key: list(value) for key, value in (first or {}).items()}
    for key, value in (second or {}).items():
        merged.setdefault(key, [])
        merged[key] += [item for item in value if item not in merged[key]]
    return merged or None


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(
            tuple(getattr(settings, "CSP_ADMIN_URL_PREFIXES", ()))
        ):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        parts.update = _merge(parts.update, requested_sources(request))
        return parts
