"""Settings for the pytest suite: fast, isolated, no network."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "tests" / "artifacts" / "media"  # noqa: F405
# Tests run tasks in-process unless a test starts the real worker itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CREATE_DEMO_ADMIN = False

# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A draft-state snippet that exists only for the scheduling tests.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scheduling_app"]  # noqa: F405

# The end-to-end scheduling test runs the real worker as a separate process, which must see
# what the live server's test database holds: on SQLite that needs a file, not memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import hashlib
    import tempfile
    from pathlib import Path

    _checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:10]  # noqa: F405, S324
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"alliance-test-{_checkout}.sqlite3")
    }

# django-axes needs the request; the test client's login() calls authenticate() without it.
AUTHENTICATION_BACKENDS = [
    "cms.security.backends.AxesTestClientBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The page cache would answer most repeated requests in the suite without rendering them,
# hiding what a test means to look at; tests of the cache turn it on (`page_cache` fixture).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "false").lower() == "true"
