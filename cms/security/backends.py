"""Authentication backends for the test settings only."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class AxesTestClientBackend(AxesStandaloneBackend):
    """
    django-axes refuses `authenticate()` calls without a request, which Django's test
    client `login()` makes. Real logins (the admin form, the API) always pass the
    request and are still checked; this backend is used only by cms.settings.test.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # `force_login()` names the first backend in the session; load users as Django does.
        return ModelBackend().get_user(user_id)
