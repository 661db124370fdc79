from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_delete


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Member profiles"

    def ready(self):
        from profiles import roles
        from profiles.models import OrganisationProfilePage
        from profiles.signals import index_reference_lists

        post_migrate.connect(index_reference_lists, sender=self)
        # Each new member gets its own editor group the moment its profile is created.
        post_save.connect(
            roles.on_profile_saved,
            sender=OrganisationProfilePage,
            dispatch_uid="profiles-member-editor-group",
        )
        pre_delete.connect(
            roles.on_profile_deleted,
            sender=OrganisationProfilePage,
            dispatch_uid="profiles-member-editor-group-delete",
        )
