import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()

# What is loaded now (Django, Wagtail, our models, views and URL patterns) lives as long as
# the process, so it is taken out of the garbage collector's reach. Otherwise every full
# collection walks those hundreds of thousands of objects: a pause of about 140 ms for
# whichever request sets it off, which was the API list's p95 under `make bench`.
get_resolver().url_patterns  # noqa: B018 -- loads every URL conf and view module now
gc.freeze()
