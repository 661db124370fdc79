from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.security import views


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("security/lockouts/", views.lockouts, name="security_lockouts"),
        path("security/lockouts/unlock/", views.unlock, name="security_unlock"),
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        "Sign-in lockouts",
        reverse("security_lockouts"),
        icon_name="lock",
        order=900,
    )
