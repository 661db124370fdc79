"""Which tables a site backup holds, decided from the installed models so new apps join in."""

from django.apps import apps

# JSON with full-precision times (see serializer.py); the extension names the format.
DATA_FILE = "data.exactjson"

# Rebuilt rather than copied: content types and permissions are recreated by `migrate`
# (rows refer to them by natural key); the search and reference indexes, and the site
# search's table of searchable pages, are rebuilt from content; sessions, login attempts,
# the task queue, editing sessions and half-done uploads are transient; so is the page
# cache's generation (a restore bumps it anyway).
EXCLUDED_APPS = {
    "contenttypes",
    "sessions",
    "axes",
    "django_tasks_database",
    "wagtailsearch",
    "search",
    "caching",
}
EXCLUDED_MODELS = {
    "auth.permission",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "wagtailcore.uploadedfile",
}


def backed_up_models():
    """Every concrete, managed model whose rows are site content, in a stable order."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        label = meta.label_lower
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDED_APPS or label in EXCLUDED_MODELS:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def backed_up_labels():
    return [model._meta.label for model in backed_up_models()]
