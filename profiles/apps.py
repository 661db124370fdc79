from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Member profiles"

    def ready(self):
        from profiles.signals import index_reference_lists

        post_migrate.connect(index_reference_lists, sender=self)
