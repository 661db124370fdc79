from django.db import migrations

from cms.consent.defaults import create_default_policy


def create(apps, schema_editor):
    create_default_policy(apps.get_model("consent", "ConsentPolicy"), apps.get_model("consent", "ConsentCategory"))


def remove(apps, schema_editor):
    apps.get_model("consent", "ConsentPolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
