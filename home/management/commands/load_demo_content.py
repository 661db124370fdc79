"""
Build the demo site. Safe to run any number of times: every object is looked up
by a natural key first and only created or changed when it differs.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import DemoLoader


class Command(BaseCommand):
    help = "Create or refresh the demo content (idempotent). Called by `make run`."

    def handle(self, *args, **options):
        with transaction.atomic():
            loader = DemoLoader(log=self.stdout.write)
            loader.load()
        if getattr(settings, "CREATE_DEMO_ADMIN", False):
            self.ensure_demo_admin()
        self.stdout.write(self.style.SUCCESS("Demo content is up to date."))

    def ensure_demo_admin(self):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            return
        User.objects.create_superuser("admin", "admin@example.org", "changeme")
        self.stdout.write("Created the development login admin / changeme.")
