"""The ground every other feature stands on: settings, health, the home page, the admin."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from wagtail.models import Page, Revision

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env_overrides={"ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", env_overrides={"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_check_deploy_has_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        env_overrides={
            "SECRET_KEY": "k3J!x9vQ#2mZ@8pL$4tR^7wY&1bN*6cF(0hD)5gS_uA+eK=iO-jM",
            "ALLOWED_HOSTS": "alliance.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_healthz_is_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_database_does_not_answer(client, db):
    broken = OperationalError("could not connect to server")
    with mock.patch("cms.views.connection.cursor", side_effect=broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_home_page_renders_through_base_template(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{home_page.title}</h1>" in html
    assert 'href="#main-content"' in html  # skip link
    assert '<main id="main-content"' in html
    assert 'lang="en-GB"' in html


def test_admin_login_page_renders(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_unknown_page_gets_styled_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_demo_content_loader_is_idempotent(db):
    call_command("load_demo_content", stdout=StringIO())
    counts = (Page.objects.count(), Revision.objects.count())
    call_command("load_demo_content", stdout=StringIO())
    assert (Page.objects.count(), Revision.objects.count()) == counts
    assert Page.objects.filter(slug="cookie-policy").exists()


def test_sqlite_file_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    """Web process and worker both write; WAL + IMMEDIATE keeps them from 'database is locked'."""
    probe = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.test")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'probe.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE"], result.stderr
