"""
Settings shared by every environment.

Everything that differs between a laptop and production comes from environment
variables (see the configuration table in README.md); the modules dev.py,
production.py and test.py only choose safe defaults for their environment.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates and static files win.
    "home",
    "profiles",
    "search",
    "cms",
    "cms.consent",
    "cms.publishing",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, its user views offering the site-wide roles (profiles/users_admin.py).
    "profiles.users_app.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    # Background tasks: Wagtail queues its own work here and the worker runs it.
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise documents (cms/static_serving.py:
    # WhiteNoise's, reading the static files' list once per process).
    "cms.static_serving.StaticFilesReadOnceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite in the project directory unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker both write. In rollback-journal mode two
    # processes publishing at once fail with "database is locked"; WAL mode with
    # a busy timeout and IMMEDIATE transactions lets them queue instead.
    # Connections stay open between requests (DATABASE_CONN_MAX_AGE, as on PostgreSQL):
    # opening one and running these PRAGMAs cost more than a cached page, and an open
    # connection keeps SQLite's page cache warm (make bench: the health check 990 -> 2,800
    # requests/s). Between requests a connection holds no transaction, so it never blocks
    # a WAL checkpoint or another process's write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler pays off for long analytical queries; for a web request it
    # costs more than it saves (it once added 2 s of compiling to a 100 ms search).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: in-process by default, Redis when REDIS_URL is set (Django's own backend).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "alliance",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "alliance",
        }
    }

# Background tasks run by `manage.py db_worker` (django-tasks-db).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development; SMTP configured by environment in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Alliance CMS <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Dementia Action Alliance"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend: SQLite FTS5 on SQLite (its searches ranked in one pass,
    # search/backends/database.py), PostgreSQL's own full-text engine on PostgreSQL.
    # See README to switch to OpenSearch.
    "default": {"BACKEND": "search.backends.database"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d %B %Y"
WAGTAIL_DATETIME_FORMAT = "%d %B %Y %H:%M"
WAGTAILAPI_LIMIT_MAX = 100

# --- Scheduling and the worker (cms.publishing) ---
# `manage.py run_worker` runs these dotted paths every SCHEDULER_INTERVAL_SECONDS next to the
# task queue; other features append their own periodic jobs to this list.
WORKER_PERIODIC_JOBS = [
    "cms.publishing.scheduler.publish_due",
    "cms.publishing.webhooks.delivery.deliver_due_job",
]
SCHEDULER_INTERVAL_SECONDS = int(os.environ.get("SCHEDULER_INTERVAL_SECONDS", "10"))
# /healthz and the dashboard call the worker stale when it has not run for this long.
SCHEDULER_STALE_AFTER_SECONDS = int(os.environ.get("SCHEDULER_STALE_AFTER_SECONDS", "300"))
# Beyond this many changes awaiting a moderator, the dashboard shows a count, the newest
# this many and a link to the workflow tasks report instead of Wagtail's full list
# (cms/publishing/review_queue.py).
REVIEW_PANEL_LIMIT = int(os.environ.get("REVIEW_PANEL_LIMIT", "20"))

# --- Cookie consent (cms.consent) ---
# Adds `Vary: Cookie, Sec-GPC` to responses whose content followed the visitor's consent.
MIDDLEWARE += ["cms.consent.middleware.ConsentMiddleware"]
# The consent category whose acceptance loads rich-text video embeds.
CONSENT_EMBED_CATEGORY = "media"

# --- Webhooks and frontend cache purge (issue 6: cms/publishing/webhooks, cms/publishing/purge.py)
# Listed after wagtail.contrib.frontend_cache: our purge replaces its page-only handlers.
INSTALLED_APPS += [
    "wagtail.contrib.frontend_cache",
    "cms.publishing.webhooks",
]
from cms.publishing.cache_settings import frontend_cache_settings  # noqa: E402

WAGTAILFRONTENDCACHE = frontend_cache_settings() or {}
# The snippet whose publication sends "consent.policy_published" (named, not imported).
WEBHOOK_CONSENT_MODEL = os.environ.get("WEBHOOK_CONSENT_MODEL", "consent.ConsentPolicy")
# Site-wide listings purged whenever any page is published, unpublished or expires.
# The sitemap index and its first section; later sections (?p=2...) expire by max-age.
ALLIANCE_PURGE_PATHS = ["/members/", "/updates/feed/", "/sitemap.xml", "/sitemap-pages.xml"]

# --- Security (issue 10): CSP, Permissions-Policy, login lockout, input limits ---------
# Kept in one block so the other features' settings merge around it untouched.
from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS += ["cms.security", "cms.backup", "csp", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_permissions_policy.PermissionsPolicyMiddleware") + 1,
    "cms.security.middleware.CSPMiddleware",
)
# Last, as django-axes documents: it turns a refused login into the lockout page.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")

# Images and media may come from object storage or a CDN: list those hosts here.
CSP_MEDIA_HOSTS = env_list("CSP_MEDIA_HOSTS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Inline scripts must carry {{ request.csp_nonce }}; never unsafe-inline/eval.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_MEDIA_HOSTS],
        "media-src": [SELF, *CSP_MEDIA_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Wagtail's admin templates still use inline scripts and style attributes, so the
# admin (and the previews it frames) gets a looser policy; see cms/security/middleware.py.
CSP_ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_HOSTS],
    "media-src": [SELF, "blob:", *CSP_MEDIA_HOSTS],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https:"],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "worker-src": [SELF, "blob:"],
}

# Features no page of ours uses are switched off for us and for anything we embed.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Wagtail's preview frames our own pages; SAMEORIGIN matches frame-ancestors 'self'.
X_FRAME_OPTIONS = "SAMEORIGIN"

# The admin makes no third-party requests: no Gravatar (it would tell gravatar.com which
# staff are signed in) and no update check (the admin policy's connect-src is 'self').
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Login protection (django-axes): pause sign-in per user name and, separately, per
# address after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
# How many reverse proxies of ours add to X-Forwarded-For (0: trust only REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Request and upload limits (Wagtail's own settings for images and documents above).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Backups keep times to the microsecond (manage.py backup_site / restore_site).
SERIALIZATION_MODULES = {"exactjson": "cms.backup.serializer"}
# --- end Security -----------------------------------------------------------------------

# --- Performance (issue 9): full-page cache for anonymous visitors (cms/caching/) ---------
INSTALLED_APPS += ["cms.caching"]
# Just outside django-csp's middleware: the cache stores finished responses, CSP header
# included, and swaps in a fresh nonce on every hit (see cms/caching/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.security.middleware.CSPMiddleware"),
    "cms.caching.middleware.PageCacheMiddleware",
)
# Right behind it: the request's Wagtail Site from memory, under the generation it read.
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.caching.middleware.PageCacheMiddleware") + 1,
    "cms.caching.sites.KnownSiteMiddleware",
)
# A cache of its own, so page copies never push out anything else: in-process by default,
# on the same Redis as the default cache when REDIS_URL is set (shared by all processes).
if os.environ.get("REDIS_URL"):
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "alliance-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "alliance-pages",
        # Each process keeps its own copies: about 40 kB a page, so this bounds memory.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "1000"))},
    }
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"
# Publishing purges at once; the timeout only bounds memory and time-based text (badges).
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_BYPASS_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/healthz",
    "/cookies/",
    "/api/v3/",
    "/documents/",
    STATIC_URL,
    MEDIA_URL,
]
# Paths whose `q` parameter is a free-text search: results for a query are not cached.
PAGE_CACHE_QUERY_PATHS = ["/search/"]
# Paths whose answer depends on the Accept header (API v2: JSON or the browsable page).
PAGE_CACHE_ACCEPT_PATHS = ["/api/"]
# Snippets whose saves never show on a public page (so they don't empty the cache).
PAGE_CACHE_IGNORED_MODELS = ["consent.ConsentDecision"]
# `make bench` only: lets an `X-Bench-No-Cache` request header skip the cache.
PAGE_CACHE_BENCH_BYPASS = os.environ.get("PAGE_CACHE_BENCH_BYPASS", "") == "1"
# Hashed static files (CompressedManifestStaticFilesStorage in production) are served
# with `max-age=315360000, public, immutable` by whitenoise; unhashed ones for an hour.
WHITENOISE_MAX_AGE = int(os.environ.get("WHITENOISE_MAX_AGE", "3600"))
# --- end Performance -----------------------------------------------------------------------

# --- API, caching headers, feed and sitemap (cms/api.py, cms/caching/) ---
INSTALLED_APPS += ["wagtail.api.v3", "ninja"]
# Rich text in both APIs is ready-to-show HTML, internal links expanded to real URLs.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Outermost after whitenoise: ConditionalGetMiddleware adds ETags and answers 304s on
# the finished response; CacheHeadersMiddleware sees the cookies the session and CSRF
# middleware set, so personal responses are never marked public. QueryGuardMiddleware
# refuses NUL characters and huge values in API query strings with a 400.
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.static_serving.StaticFilesReadOnceMiddleware") + 1,
    "django.middleware.http.ConditionalGetMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.http.ConditionalGetMiddleware") + 1,
    "cms.caching.headers.CacheHeadersMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.caching.headers.CacheHeadersMiddleware") + 1,
    "cms.query_guard.QueryGuardMiddleware",
)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
CACHE_PRIVATE_PATH_PREFIXES = ["/admin/", "/django-admin/", "/healthz"]
QUERY_GUARD_PATH_PREFIXES = ["/api/"]

# --- Roles and moderation (cms.publishing.roles, profiles.roles, profiles.reminders) ---
# Pages of these types (and everything under them) are what Moderators approve and publish.
EDITORIAL_SECTION_PAGE_TYPES = ["profiles.MemberDirectoryPage", "profiles.LocalAllianceIndexPage"]
# Pages of these types get the "Moderator approval" workflow for their whole subtree.
EDITORIAL_MODERATED_PAGE_TYPES = ["profiles.MemberDirectoryPage"]
# The quarterly "your actions are due an update" email goes out this many days into a quarter,
# so editors who report early in the quarter are not reminded at all.
REMINDER_DAYS_INTO_QUARTER = int(os.environ.get("REMINDER_DAYS_INTO_QUARTER", "14"))
WORKER_PERIODIC_JOBS = [*WORKER_PERIODIC_JOBS, "profiles.reminders.send_quarterly_reminders"]
# The admin's date pickers write WAGTAIL_DATE(TIME)_FORMAT; cms/formats teaches Django to read it.
FORMAT_MODULE_PATH = ["cms.formats"]

# --- Search (issue 7) ----------------------------------------------------------------
# SEARCH_BACKEND picks Wagtail's search backend without code changes:
#   database (default)  Wagtail's database backend (search/backends/database.py): SQLite
#                       FTS5 on SQLite, PostgreSQL's own full-text engine on PostgreSQL.
#                       Nothing else to run.
#   elasticsearch7 | elasticsearch8 | elasticsearch9 | opensearch2 | opensearch3
#                       an external cluster for larger deployments. Set SEARCH_URL (comma-
#                       separated node URLs, credentials in the URL if needed), optionally
#                       SEARCH_INDEX (index name prefix, default "alliance") and SEARCH_TIMEOUT
#                       (seconds, default 5); install the matching client package
#                       (e.g. `pip install "elasticsearch>=8,<9"`); then run
#                       `manage.py update_index` once to fill the new index.
SEARCH_BACKENDS_AVAILABLE = (
    "database",
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip().lower() or "database"
if SEARCH_BACKEND not in SEARCH_BACKENDS_AVAILABLE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={SEARCH_BACKEND!r} is not one of {', '.join(SEARCH_BACKENDS_AVAILABLE)}."
    )
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
else:
    if not env_list("SEARCH_URL"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND} needs SEARCH_URL.")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": env_list("SEARCH_URL"),
            "INDEX": os.environ.get("SEARCH_INDEX", "alliance"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
