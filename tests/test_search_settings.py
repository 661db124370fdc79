"""The search backend is chosen by environment variables, with no code change."""

import os
import subprocess
import sys

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "b = settings.WAGTAILSEARCH_BACKENDS['default']; print(b['BACKEND'], b.get('URLS'))"
)


def settings_with(**env):
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", **env}
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=environ, capture_output=True, text=True, timeout=120
    )


def test_database_backend_by_default():
    result = settings_with(SEARCH_BACKEND="")
    assert result.stdout.split()[0] == "search.backends.database"


def test_elasticsearch_by_environment():
    result = settings_with(
        SEARCH_BACKEND="elasticsearch8", SEARCH_URL="http://es1:9200,http://es2:9200"
    )
    assert result.stdout.strip() == (
        "wagtail.search.backends.elasticsearch8 ['http://es1:9200', 'http://es2:9200']"
    )


def test_unknown_backend_or_missing_url_is_refused_clearly():
    assert "is not one of" in settings_with(SEARCH_BACKEND="solr").stderr
    assert "needs SEARCH_URL" in settings_with(SEARCH_BACKEND="opensearch2", SEARCH_URL="").stderr
