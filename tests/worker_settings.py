"""
Settings for the real worker started by the end-to-end tests: the test settings, but with
the database task backend the worker serves in production (the test process itself runs
tasks inline), and a short scheduling interval so the tests finish quickly.
"""

from cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SCHEDULER_INTERVAL_SECONDS = 1
