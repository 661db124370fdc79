from wagtail import hooks

from .admin_views import WebhooksGroup, register_policies

register_policies()


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksGroup()
