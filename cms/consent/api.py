"""The published consent configuration for headless front ends, on the API v2 router."""

from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.views import BaseAPIViewSet

from .models import ConsentPolicy


class ConsentAPIViewSet(BaseAPIViewSet):
    model = ConsentPolicy
    name = "consent"

    def listing_view(self, request):
        policy = ConsentPolicy.get_live()
        if policy is None:
            raise Http404("No published cookie policy.")
        return Response(policy.as_config())

    @classmethod
    def get_urlpatterns(cls):
        # One live configuration, no listing or detail of drafts.
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
