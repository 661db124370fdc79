from django.utils.cache import patch_vary_headers


class ConsentMiddleware:
    """Mark responses that depended on the visitor's consent so shared caches key on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if hasattr(request, "_consent_state"):
            patch_vary_headers(response, ("Cookie", "Sec-GPC"))
            from .state import consent_cache_variant

            response.headers.setdefault("X-Consent-Variant", consent_cache_variant(request))
        return response
