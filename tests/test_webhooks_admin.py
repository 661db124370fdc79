"""Administrators manage webhook subscriptions, read the delivery log and resend."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cms.publishing.webhooks.delivery import deliver_due_webhooks
from cms.publishing.webhooks.models import (
    PAGE_PUBLISHED,
    WebhookDelivery,
    WebhookSubscription,
)
from home.models import StandardPage


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model, db):
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    # Wagtail's own "Editors" group: admin access, pages, no webhooks.
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def published_delivery(home_page, webhook_receiver):
    subscription = WebhookSubscription.objects.create(
        name="Partner app", target_url=webhook_receiver.url, events=[PAGE_PUBLISHED]
    )
    page = home_page.add_child(instance=StandardPage(title="News", slug="news", live=False))
    page.save_revision().publish()
    deliver_due_webhooks()
    return subscription, WebhookDelivery.objects.get()


def test_create_subscription_shows_secret_once(admin_client, db):
    response = admin_client.post(
        reverse("webhooks_subscription:add"),
        {
            "name": "Partner app",
            "target_url": "https://partner.example.org/hooks",
            "events": [PAGE_PUBLISHED, "page.expired"],
            "active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == [PAGE_PUBLISHED, "page.expired"]
    assert len(subscription.secret) >= 32
    assert subscription.secret in response.content.decode()  # the one time it is shown

    edit = admin_client.get(reverse("webhooks_subscription:edit", args=[subscription.pk]))
    assert edit.status_code == 200
    assert subscription.secret not in edit.content.decode()
    assert subscription.masked_secret in edit.content.decode()


def test_regenerating_the_secret(admin_client, db):
    subscription = WebhookSubscription.objects.create(
        name="Partner app", target_url="https://partner.example.org/", events=[PAGE_PUBLISHED]
    )
    old = subscription.secret
    response = admin_client.post(
        reverse("webhooks_subscription:edit", args=[subscription.pk]),
        {
            "name": "Partner app",
            "target_url": "https://partner.example.org/",
            "events": [PAGE_PUBLISHED],
            "active": "on",
            "regenerate_secret": "on",
        },
        follow=True,
    )
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret in response.content.decode()


def test_non_http_target_is_a_form_error_not_a_crash(admin_client, db):
    response = admin_client.post(
        reverse("webhooks_subscription:add"),
        {"name": "Sneaky", "target_url": "ftp://files.example.org/in", "events": [PAGE_PUBLISHED]},
    )
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()
    assert "Enter an http:// or https:// address." in response.content.decode()


def test_listing_and_log_render_for_administrators(admin_client, published_delivery):
    subscription, delivery = published_delivery
    listing = admin_client.get(reverse("webhooks_subscription:index"))
    assert listing.status_code == 200
    assert "Partner app" in listing.content.decode()

    log = admin_client.get(reverse("webhooks_delivery:index"))
    assert log.status_code == 200
    assert "page.published" in log.content.decode()
    assert "Delivered" in log.content.decode()

    detail = admin_client.get(reverse("webhooks_delivery:inspect", args=[delivery.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Attempts" in body and " ms" in body and ">200<" in body
    assert "Resend this event" in body


def test_resend_creates_a_new_delivery_that_is_sent(
    admin_client, published_delivery, webhook_receiver
):
    subscription, delivery = published_delivery
    assert len(webhook_receiver.requests) == 1
    response = admin_client.post(reverse("webhooks_delivery:resend", args=[delivery.pk]))
    assert response.status_code == 302
    new = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert new.event_id == delivery.event_id and new.status == WebhookDelivery.PENDING
    deliver_due_webhooks()
    assert len(webhook_receiver.requests) == 2
    new.refresh_from_db()
    assert new.status == WebhookDelivery.DELIVERED
    # Resend is a POST action only.
    assert (
        admin_client.get(reverse("webhooks_delivery:resend", args=[delivery.pk])).status_code == 405
    )


def test_delivery_log_is_read_only(admin_client, published_delivery):
    _, delivery = published_delivery
    assert admin_client.get(reverse("webhooks_delivery:add")).status_code in (302, 403)
    assert admin_client.get(reverse("webhooks_delivery:edit", args=[delivery.pk])).status_code in (
        302,
        403,
    )


def test_non_administrators_are_kept_out(editor_client, published_delivery):
    _, delivery = published_delivery
    for url in (
        reverse("webhooks_subscription:index"),
        reverse("webhooks_subscription:add"),
        reverse("webhooks_delivery:index"),
        reverse("webhooks_delivery:inspect", args=[delivery.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code in (302, 403), url
    response = editor_client.post(reverse("webhooks_delivery:resend", args=[delivery.pk]))
    assert response.status_code in (302, 403)
    assert WebhookDelivery.objects.count() == 1


def test_webhooks_menu_only_for_administrators(db, django_user_model):
    from django.test import Client

    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    pages = {}
    for user in (boss, editor):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        pages[user.username] = response.content.decode()
    assert "Delivery log" in pages["boss"]
    assert "Delivery log" not in pages["ed"]
