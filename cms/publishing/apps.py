from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class PublishingConfig(AppConfig):
    name = "cms.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from cms.publishing import roles

        post_migrate.connect(roles.on_post_migrate, dispatch_uid="publishing-sync-roles")
        post_save.connect(roles.on_page_saved, dispatch_uid="publishing-section-page-saved")
