"""Settings for the pytest suite: fast, isolated, no network."""

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

# django-axes needs the request; the test client's login() calls authenticate() without it.
AUTHENTICATION_BACKENDS = [
    "cms.security.backends.AxesTestClientBackend",
    "django.contrib.auth.backends.ModelBackend",
]
