"""Security headers every visitor and editor gets, and the production settings behind them."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_public_page_sends_strict_csp_and_security_headers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert_common_headers(response)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert "data:" in directives["img-src"]


def test_every_inline_script_on_public_pages_carries_the_response_nonce(client, home_page):
    for url in ["/", "/no-such-page/"]:
        response = client.get(url)
        html = response.content.decode()
        nonces = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            assert nonces and f'nonce="{nonces[0]}"' in tag, f"{url}: {tag}"


@override_settings(ROOT_URLCONF="tests.security_support.urls")
def test_inline_script_nonce_and_per_response_sources(client, db):
    response = client.get("/test-gated-script/")
    directives = csp_directives(response)
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["script-src"])).group(1)
    assert f'<script nonce="{nonce}">window.gated' in response.content.decode()
    # The gated third-party host is allowed for this response only ...
    assert "https://stats.example.org" in directives["script-src"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # ... and a fresh nonce is made for every response.
    again = client.get("/test-gated-script/")
    assert csp_directives(again)["script-src"] != directives["script-src"]
    plain = client.get("/")
    assert "https://stats.example.org" not in plain["Content-Security-Policy"]


def test_allow_sources_refuses_directive_injection(rf):
    from cms.security.csp import allow_sources

    request = rf.get("/")
    with pytest.raises(ValueError):
        allow_sources(request, "script-src", ["https://a.example; script-src *"])
    with pytest.raises(ValueError):
        allow_sources(request, "script-src", ["'unsafe-inline'"])


def test_admin_pages_get_their_own_policy_with_the_same_headers(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    directives = csp_directives(response)
    # Wagtail's admin needs inline scripts; the admin policy allows them there only.
    assert "'unsafe-inline'" in directives["script-src"]
    assert not any(source.startswith("'nonce-") for source in directives["script-src"])
    assert "'unsafe-eval'" not in directives["script-src"]


def production_settings():
    """The security settings production really uses, read by a separate process."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    ]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="p" * 60,
        ALLOWED_HOSTS="alliance.example.org",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_secure_httponly_cookies(client, db):
    prod = production_settings()
    assert prod["SECURE_HSTS_SECONDS"] >= 31_536_000
    with override_settings(**prod):
        response = client.get("/admin/login/", secure=True)
        assert response.status_code == 200
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "includeSubDomains" in response["Strict-Transport-Security"]
        csrf = response.cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"]
        # Signing in sets the session cookie: Secure and HttpOnly too.
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser("editor", "e@example.org", "correct-horse-1")
        response = client.post(
            "/admin/login/",
            {"username": "editor", "password": "correct-horse-1"},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"]
