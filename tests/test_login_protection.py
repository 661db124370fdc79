"""Sign-in lockout after repeated failures (django-axes), per user and per address."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from cms.security.client_ip import client_ip

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery-1"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, username, addresses):
    for address in addresses:
        response = attempt(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)
    return response


@override_settings(AXES_FAILURE_LIMIT=3)
def test_user_is_locked_after_repeated_failures_even_from_many_addresses(client, editor):
    for address in ["10.0.0.1", "10.0.0.2"]:
        response = attempt(client, "editor", "wrong", address)
        assert response.status_code == 200  # the form again, with its error
    response = attempt(client, "editor", "wrong", "10.0.0.3")
    assert response.status_code == 429
    # Even the right password is refused now, from a fresh address.
    response = attempt(client, "editor", PASSWORD, "10.0.0.9")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "too many failed attempts" in html
    assert "15 minutes" in html
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_address_is_locked_after_failures_against_different_users(client, editor):
    for name in ["alice", "bob", "carol"]:
        attempt(client, name, "wrong", "192.0.2.7")
    response = attempt(client, "editor", PASSWORD, "192.0.2.7")
    assert response.status_code == 429
    # Another address can still sign the same user in.
    response = attempt(client, "editor", PASSWORD, "192.0.2.8")
    assert response.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_administrator_unlocks_a_user_in_the_admin(client, editor):
    locked = get_user_model().objects.create_user("member", "m@example.org", PASSWORD)
    locked.is_staff = True
    locked.save()
    for address in ["10.1.0.1", "10.1.0.2"]:
        attempt(client, "member", "wrong", address)
    assert attempt(client, "member", PASSWORD, "10.1.0.3").status_code == 429

    admin_client = type(client)()
    admin_client.force_login(editor)
    listing = admin_client.get("/admin/security/lockouts/")
    assert listing.status_code == 200
    assert "member" in listing.content.decode()
    assert "Locked" in listing.content.decode()
    response = admin_client.post(
        "/admin/security/lockouts/unlock/", {"username": "member"}, follow=True
    )
    assert "Sign-in unlocked for the user “member”" in response.content.decode()

    response = attempt(client, "member", PASSWORD, "10.1.0.4")
    assert response.status_code == 302


def test_only_administrators_see_the_lockout_screen(client, db):
    moderator = get_user_model().objects.create_user("mod", "mod@example.org", PASSWORD)
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    assert client.get("/admin/security/lockouts/").status_code in (302, 403)
    assert client.post(
        "/admin/security/lockouts/unlock/", {"ip_address": "1.2.3.4"}
    ).status_code in (
        302,
        403,
    )


def test_successful_login_resets_the_failure_count(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_client_address_ignores_forwarded_for_unless_proxies_are_trusted(rf):
    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == "10.9.9.9"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        # Only the entry our own proxy appended counts; the client's claim does not.
        assert client_ip(request) == "203.0.113.5"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "6.6.6.6"
    with override_settings(TRUSTED_PROXY_COUNT=3):
        assert client_ip(request) == "10.9.9.9"
