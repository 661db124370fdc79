"""URLs used only by the security tests: a view that renders like a consent-gated script."""

from django.template import engines
from django.urls import include, path

from cms.urls import urlpatterns as site_urlpatterns

TEMPLATE = engines["django"].from_string(
    """{% load csp_tags %}<!DOCTYPE html><html lang="en-GB"><head><title>Gated</title>
<script nonce="{{ request.csp_nonce }}">window.gated = true;</script>
{% csp_allow "script-src" "https://stats.example.org" %}
<script src="https://stats.example.org/tag.js" nonce="{{ request.csp_nonce }}"></script>
</head><body><h1>Gated</h1></body></html>"""
)


def gated_script_view(request):
    from django.http import HttpResponse

    return HttpResponse(TEMPLATE.render({}, request))


urlpatterns = [
    path("test-gated-script/", gated_script_view),
    path("", include(site_urlpatterns)),
]
