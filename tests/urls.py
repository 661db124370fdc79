"""
URLs used only by the test suite: the project's URLs plus /design-system/, a page showing
every component so the browser tests can check them all (tests/public_pages.py),
and /server-error/, the 500 page.
"""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import include, path
from django.views.defaults import server_error

REGIONS = [
    ("East of England", "east-of-england", 12),
    ("London", "london", 30),
    ("Wales", "wales", 7),
]
STATUSES = [
    ("None given", "none-given"),
    ("Planned", "planned"),
    ("Being implemented", "being-implemented"),
    ("Completed", "completed"),
]


def design_system(request):
    items = [
        {
            "title": f"Example organisation {number}",
            "slug": f"example-{number}",
            "region": REGIONS[number % len(REGIONS)][0],
            "status": STATUSES[number % len(STATUSES)][0],
            "status_slug": STATUSES[number % len(STATUSES)][1],
        }
        for number in range(1, 41)
    ]
    page = Paginator(items, 4).get_page(request.GET.get("page"))
    context = {
        "items": page,
        "facets": REGIONS,
        "statuses": STATUSES,
        "selected_region": request.GET.get("region", ""),
        "selected_status": request.GET.get("status", ""),
        "example_date": datetime.date(2020, 9, 24),
        "crumbs": [("Home", "/"), ("Design system", None)],
    }
    return render(request, "design_system/components.html", context)


def show_server_error(request):
    """The 500 page exactly as Django serves it when a view fails."""
    return server_error(request)


urlpatterns = [
    path("design-system/", design_system, name="design_system"),
    path("server-error/", show_server_error, name="server_error"),
    path("", include("cms.urls")),
]
