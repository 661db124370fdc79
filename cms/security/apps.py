from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "cms_security"
    verbose_name = "Security: headers, login protection, input limits"
