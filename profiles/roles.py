"""
Each member organisation's own editor group: add and edit (never publish) on its profile and the
actions under it, nothing anywhere else.

Made here, with Wagtail's permission models, the moment an OrganisationProfilePage is created
(signal in apps.py), for existing profiles by migration 0003 and by the demo loader. The group is
found through its page permission on the profile, so renaming the organisation renames the group
without losing it.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

# add: create actions under the profile; change: edit the profile and its actions.
# No publish: their changes go live through the moderation workflow.
MEMBER_PAGE_PERMISSIONS = ["add_page", "change_page"]
# The site-wide base group (created by the platform's roles migration); joined by name only.
BASE_GROUP_NAME = "Member editors"
MAX_GROUP_NAME = 150


def group_name(profile):
    suffix = " editors"
    return f"{profile.title[: MAX_GROUP_NAME - len(suffix)]}{suffix}"


def member_editor_group(profile):
    """The profile's own editor group, or None when it has none yet."""
    return (
        Group.objects.filter(
            page_permissions__page_id=profile.pk,
            page_permissions__permission__codename="change_page",
        )
        .order_by("pk")
        .first()
    )


def _unique_name(profile, group=None):
    name = group_name(profile)
    taken = Group.objects.filter(name=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if not taken.exists():
        return name
    return _disambiguated_name(profile)


def _disambiguated_name(profile):
    # Two organisations with the same name: tell them apart by the profile's slug.
    name = group_name(profile)
    return f"{name[: MAX_GROUP_NAME - len(profile.slug) - 3]} ({profile.slug})"


@transaction.atomic
def ensure_member_editor_group(profile):
    """Create (or rename) the profile's editor group with its page permissions. Idempotent."""
    from wagtail.models import GroupPagePermission, Page

    group = member_editor_group(profile)
    if group is None:
        group = Group.objects.create(name=_unique_name(profile))
    elif group.name != group_name(profile):
        new_name = _unique_name(profile, group)
        if group.name != new_name:
            group.name = new_name
            group.save(update_fields=["name"])
    page_type = ContentType.objects.get_for_model(Page)
    for permission in Permission.objects.filter(
        content_type=page_type, codename__in=MEMBER_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=profile.pk, permission=permission
        )
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin:
        group.permissions.add(access_admin)
    return group


def add_member_editor(user, profile):
    """Make `user` an editor of this member: its own group plus the base group if present."""
    group = ensure_member_editor_group(profile)
    user.groups.add(group)
    base = Group.objects.filter(name=BASE_GROUP_NAME).first()
    if base:
        user.groups.add(base)
    return group


@transaction.atomic
def remove_member_editor(user, profile):
    """Take `user` off this member's group; off the base group too unless they still edit
    another member. Returns False when they were not this member's editor."""
    group = member_editor_group(profile)
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    if not edits_another_member(user, group):
        user.groups.remove(*Group.objects.filter(name=BASE_GROUP_NAME))
    return True


def member_editor_groups():
    """Every member's own editor group: the groups that may change an organisation profile
    (found as member_editor_group finds one member's)."""
    from profiles.models import OrganisationProfilePage

    profile_type = ContentType.objects.get_for_model(OrganisationProfilePage)
    return Group.objects.filter(
        page_permissions__permission__codename="change_page",
        page_permissions__page__content_type=profile_type,
    ).distinct()


def edits_another_member(user, group):
    """Whether `user` is in some member's editor group other than `group`."""
    return member_editor_groups().filter(user=user).exclude(pk=group.pk).exists()


def editors_of(profile):
    """Active users who edit this member's pages through its group."""
    from django.contrib.auth import get_user_model

    group = member_editor_group(profile)
    if group is None:
        return get_user_model().objects.none()
    return group.user_set.filter(is_active=True)


def on_profile_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        ensure_member_editor_group(instance)
        return
    group = member_editor_group(instance)
    # Saved with a new title: rename the group to match.
    if group is None or group.name not in (group_name(instance), _disambiguated_name(instance)):
        ensure_member_editor_group(instance)


def on_profile_deleted(sender, instance, **kwargs):
    """A deleted member's group would edit nothing; remove it so nobody keeps stray rights."""
    group = member_editor_group(instance)
    if group is not None:
        group.delete()
