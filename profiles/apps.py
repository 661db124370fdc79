from django.apps import AppConfig
from django.db.models.signals import post_save


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self):
        from profiles import roles
        from profiles.models import OrganisationProfilePage

        post_save.connect(
            roles.on_profile_saved,
            sender=OrganisationProfilePage,
            dispatch_uid="profiles-member-editor-group",
        )
