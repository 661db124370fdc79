from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "cms_security"
    verbose_name = "Security: headers, login protection, input limits"

    def ready(self):
        from . import rich_text

        rich_text.connect()
