"""ReminderSent, and an editor group for every member that existed before groups were automatic
(profiles/roles.py makes them for new profiles). Historical models only, so this keeps working
whatever roles.py becomes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def member_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    OrganisationProfilePage = apps.get_model("profiles", "OrganisationProfilePage")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if page_type is None:
        return
    page_permissions = list(
        Permission.objects.filter(content_type=page_type, codename__in=["add_page", "change_page"])
    )
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for profile in OrganisationProfilePage.objects.all():
        if GroupPagePermission.objects.filter(
            page_id=profile.pk, permission__codename="change_page"
        ).exists():
            continue
        name = f"{profile.title[:142]} editors"
        if Group.objects.filter(name=name).exists():
            name = f"{name[: 147 - len(profile.slug)]} ({profile.slug})"
        group = Group.objects.create(name=name)
        for permission in page_permissions:
            GroupPagePermission.objects.create(group=group, page_id=profile.pk, permission=permission)
        if access_admin:
            group.permissions.add(access_admin)


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0002_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name='ReminderSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quarter', models.CharField(help_text='The calendar quarter, e.g. "2026-Q4".', max_length=7)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('profile', models.ForeignKey(help_text='The member whose actions were due an update.', on_delete=django.db.models.deletion.CASCADE, related_name='reminders_sent', to='profiles.organisationprofilepage')),
                ('user', models.ForeignKey(help_text='The editor who was reminded.', on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reminder sent',
                'constraints': [models.UniqueConstraint(fields=('profile', 'user', 'quarter'), name='one_reminder_per_quarter')],
            },
        ),
        migrations.RunPython(member_groups, migrations.RunPython.noop),
    ]
