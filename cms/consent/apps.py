from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "cms.consent"
    label = "consent"
    verbose_name = "Cookie consent"
