"""
The editorial roles as Wagtail groups, and the "Moderator approval" workflow.

- Alliance administrators: everything (Wagtail admin access plus every permission Django knows
  of, and full rights on the whole page tree and every collection).
- Moderators: approve and publish anything under the editorial sections (the page types in
  EDITORIAL_SECTION_PAGE_TYPES: the member directory and the local alliances), manage snippets.
- Member editors: the base group every member's editor is in: admin access, images, no publish.
  Which pages a member editor may edit comes from their organisation's own group, made by the
  content app that owns the organisation pages (profiles/roles.py).

Only Wagtail's generic models are used here: the sections are named by settings, never imported,
so this module works for whatever page types a site calls its sections.

The groups themselves are created by a data migration; `sync_roles` (run after every migrate, and
whenever a section page is created) keeps their permissions right, since model permissions and
section pages do not exist yet when the migration runs on an empty database.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

logger = logging.getLogger(__name__)

ADMINISTRATORS = "Alliance administrators"
MODERATORS = "Moderators"
MEMBER_EDITORS = "Member editors"
ROLE_NAMES = [ADMINISTRATORS, MODERATORS, MEMBER_EDITORS]

WORKFLOW_NAME = "Moderator approval"

MODERATOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
ADMIN_PAGE_PERMISSIONS = ["add", "bulk_delete", "change", "lock", "publish", "unlock"]
MEMBER_EDITOR_IMAGE_PERMISSIONS = ["add_image", "choose_image"]
MODERATOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
ADMIN_COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "delete_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "delete_document", "choose_document"],
}


def section_models():
    """Page models whose pages get the Moderators' permissions (by settings, not imports)."""
    return _models_from_setting("EDITORIAL_SECTION_PAGE_TYPES")


def moderated_models():
    """Page models whose pages get the "Moderator approval" workflow."""
    return _models_from_setting("EDITORIAL_MODERATED_PAGE_TYPES")


def _models_from_setting(name):
    found = []
    for label in getattr(settings, name, []):
        try:
            found.append(apps.get_model(label))
        except LookupError:
            logger.warning("%s lists %s, which is not an installed model", name, label)
    return found


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _page_permissions(types):
    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(Page)
    return list(
        Permission.objects.filter(
            content_type=content_type, codename__in=[f"{t}_page" for t in types]
        )
    )


def _snippet_permissions(actions):
    from wagtail.snippets.models import get_snippet_models

    found = []
    for model in get_snippet_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        found.extend(Permission.objects.filter(content_type=content_type, codename__in=codenames))
    return found


def _grant_collection(group, app_label, codenames):
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for codename in codenames:
        permission = _permission(app_label, codename)
        if permission:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _set_page_permissions(group, pages, types):
    """Exactly these page permissions on exactly these pages for the group."""
    from wagtail.models import GroupPagePermission

    permissions = _page_permissions(types)
    wanted = {(page.pk, perm.pk) for page in pages for perm in permissions}
    existing = {
        (gpp.page_id, gpp.permission_id): gpp
        for gpp in GroupPagePermission.objects.filter(group=group)
    }
    for key, gpp in existing.items():
        if key not in wanted:
            gpp.delete()
    for page_id, permission_id in wanted - existing.keys():
        GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        )


def section_pages():
    pages = []
    for model in section_models():
        pages.extend(model.objects.all())
    return pages


@transaction.atomic
def sync_roles():
    """Create the role groups if missing and give them their permissions. Idempotent."""
    from wagtail.models import Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_NAMES}
    access_admin = _permission("wagtailadmin", "access_admin")

    administrators = groups[ADMINISTRATORS]
    administrators.permissions.set(Permission.objects.all())
    root = Page.get_first_root_node()
    if root is not None:
        _set_page_permissions(administrators, [root], ADMIN_PAGE_PERMISSIONS)
    for app_label, codenames in ADMIN_COLLECTION_PERMISSIONS.items():
        _grant_collection(administrators, app_label, codenames)

    moderators = groups[MODERATORS]
    moderators.permissions.set(
        [p for p in [access_admin] if p] + _snippet_permissions(["add", "change", "delete", "view"])
    )
    # Wagtail's own first migration gave a "Moderators" group rights on the whole tree;
    # ours moderate the editorial sections only.
    _set_page_permissions(moderators, section_pages(), MODERATOR_PAGE_PERMISSIONS)
    _grant_collection(moderators, "wagtailimages", MODERATOR_IMAGE_PERMISSIONS)

    member_editors = groups[MEMBER_EDITORS]
    # Member editors pick regions and sectors in choosers, which need view permission.
    member_editors.permissions.set(
        [p for p in [access_admin] if p] + _snippet_permissions(["view"])
    )
    _grant_collection(member_editors, "wagtailimages", MEMBER_EDITOR_IMAGE_PERMISSIONS)

    for model in moderated_models():
        for page in model.objects.all():
            ensure_moderation_workflow(page)
    return groups


def moderation_workflow():
    """The "Moderator approval" workflow: one GroupApprovalTask for the Moderators group."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def ensure_moderation_workflow(page):
    """Every change under `page` by someone without publish rights needs a moderator's approval."""
    from wagtail.models import WorkflowPage

    workflow = moderation_workflow()
    WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
    return workflow


def on_post_migrate(sender, **kwargs):
    # Sent once per installed app; only the last app's call sees every permission created.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is not with_models[-1]:
        return
    sync_roles()


def on_page_saved(sender, instance, created, raw=False, **kwargs):
    """A new section page (e.g. the directory made by the demo loader) is moderated at once."""
    if raw or not created:
        return
    if type(instance) in section_models() or type(instance) in moderated_models():
        sync_roles()
