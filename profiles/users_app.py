"""Wagtail's users app with the users admin of profiles/users_admin.py.

Named in INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to customise
its user views); the app itself, its label and its migrations stay Wagtail's. Kept apart
from users_admin.py because app configs load before any model may be imported.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "profiles.users_admin.UserViewSet"
