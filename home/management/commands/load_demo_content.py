"""
Build the demo site. Safe to run any number of times: every object is looked up
by a natural key first and only created or changed when it differs.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import DemoLoader
from profiles.models import OrganisationProfilePage
from profiles.roles import add_member_editor

# Development-only logins for trying the moderation workflow (documented in README.md).
DEMO_PASSWORD = "changeme"  # noqa: S105
DEMO_MEMBER_EDITOR = "music24-editor"
DEMO_MODERATOR = "moderator"


class Command(BaseCommand):
    help = "Create or refresh the demo content (idempotent). Called by `make run`."

    def handle(self, *args, **options):
        with transaction.atomic():
            loader = DemoLoader(log=self.stdout.write)
            loader.load()
        if getattr(settings, "CREATE_DEMO_ADMIN", False):
            self.ensure_demo_admin()
            self.ensure_demo_editorial_users()
        self.stdout.write(self.style.SUCCESS("Demo content is up to date."))

    def ensure_demo_admin(self):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            return
        User.objects.create_superuser("admin", "admin@example.org", "changeme")
        self.stdout.write("Created the development login admin / changeme.")

    def ensure_demo_editorial_users(self):
        """A Music24 member editor and a moderator, to try the moderation workflow."""
        User = get_user_model()
        editor, created = User.objects.get_or_create(
            username=DEMO_MEMBER_EDITOR,
            defaults={"email": "editor@music24.example", "first_name": "Mia"},
        )
        if created:
            editor.set_password(DEMO_PASSWORD)
            editor.save()
            self.stdout.write(f"Created the development login {DEMO_MEMBER_EDITOR} / changeme.")
        music24 = OrganisationProfilePage.objects.filter(slug="music24").first()
        if music24:
            add_member_editor(editor, music24)

        moderator, created = User.objects.get_or_create(
            username=DEMO_MODERATOR,
            defaults={"email": "moderator@alliance.example", "first_name": "Morgan"},
        )
        if created:
            moderator.set_password(DEMO_PASSWORD)
            moderator.save()
            self.stdout.write(f"Created the development login {DEMO_MODERATOR} / changeme.")
        moderators = Group.objects.filter(name="Moderators").first()
        if moderators:
            moderator.groups.add(moderators)
