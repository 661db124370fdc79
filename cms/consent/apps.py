from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "cms.consent"
    label = "consent"
    verbose_name = "Cookie consent"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import ConsentCategory, ConsentPolicy, GatedScript
        from .state import forget

        # Other processes see changes through the content generation (see state.py).
        for model in (ConsentPolicy, ConsentCategory, GatedScript):
            post_save.connect(forget, sender=model, dispatch_uid=f"consent.forget.{model}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"consent.forget-d.{model}")
