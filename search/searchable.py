"""Keeping search.SearchablePage in step with publishing.

Every save of an organisation or action page (publish, unpublish, scheduled publish,
expiry, revision saves), every delete, move and view restriction change refreshes the
rows of the organisations it touches: a handful of rows, a few queries. Bulk content
fills it batch by batch; a fresh migration, a restore and `rebuild_searchable_pages`
rebuild it whole.
"""

import zlib

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from profiles.models import ActionPage, OrganisationProfilePage
from search.models import SearchablePage

STEPLEN = Page.steplen
# The first key of PostgreSQL advisory locks taken here (the second is a member's id).
LOCK_NAMESPACE = zlib.crc32(b"search.SearchablePage") & 0x7FFFFFFF


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _is_public(path, restricted):
    return not any(path.startswith(prefix) for prefix in restricted)


def _rows(members):
    """SearchablePage rows for these organisations ({id: (path, live, region_id)}) and
    their actions."""
    restricted = _restricted_paths()
    by_path = {path: pk for pk, (path, _live, _region) in members.items()}
    actions = ActionPage.objects.all()
    if len(members) <= 50:
        # A refresh after one edit: only these members' children (a range on the path index).
        children = Q()
        for path in by_path:
            children |= Q(path__startswith=path, depth=len(path) // STEPLEN + 1)
        actions = actions.filter(children) if children else actions.none()
    elif len(members) <= 1000:
        # A batch of new members (bulk content): their children, found by parent path.
        parent_path = Substr("path", 1, Length("path") - STEPLEN)
        actions = actions.annotate(parent_path=parent_path).filter(parent_path__in=list(by_path))
    statuses, rows = {}, []
    for pk, path, live, status in actions.values_list("pk", "path", "live", "status"):
        member_id = by_path.get(path[:-STEPLEN])
        if member_id is None or not live:
            continue
        statuses.setdefault(member_id, set()).add(status)
        if _is_public(path, restricted):
            rows.append(
                SearchablePage(
                    page_id=pk,
                    member_id=member_id,
                    region_id=members[member_id][2],
                    status=status,
                )
            )
    for pk, (path, live, region_id) in members.items():
        if live and _is_public(path, restricted):
            found = sorted(s for s in statuses.get(pk, ()) if s)
            rows.append(
                SearchablePage(
                    page_id=pk,
                    member_id=pk,
                    region_id=region_id,
                    status=None,
                    member_statuses=f"|{'|'.join(found)}|" if found else "",
                )
            )
    return rows


def _members(ids=None):
    organisations = OrganisationProfilePage.objects.all()
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    return {
        pk: (path, live, region_id)
        for pk, path, live, region_id in organisations.values_list(
            "pk", "path", "live", "region_id"
        )
    }


def refresh_members(member_ids):
    """Rewrite the rows of these organisations and their actions from the pages."""
    member_ids = set(member_ids)
    if not member_ids:
        return
    if len(member_ids) > 1000:
        # A change over much of the site (a restriction on the directory): rebuild once
        # rather than list tens of thousands of ids in one statement.
        rebuild()
        return
    with transaction.atomic():
        _one_refresh_at_a_time(member_ids)
        # Read after the lock, so the rows are what the last refresh committed left.
        rows = _rows(_members(member_ids))
        # By page too: a page that moved between organisations still has its old row.
        SearchablePage.objects.filter(
            Q(member_id__in=member_ids) | Q(page_id__in=[row.page_id for row in rows])
        ).delete()
        SearchablePage.objects.bulk_create(rows, batch_size=500)


def _one_refresh_at_a_time(member_ids):
    """On PostgreSQL, wait until no other transaction is refreshing these organisations.

    Two pages of one organisation saved at once (two editors, or the API and the scheduler)
    each delete its rows and insert them again. Without this, the second delete waits for
    the first transaction, finds nothing left to delete once it commits, and its insert
    then collides with the rows the first one inserted (a 500 for the API, a failed
    scheduled publish). Locks by organisation id, in id order, held to the end of the
    transaction; taken after the page's own row is written, so they come last. SQLite
    runs one writing transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for member_id in sorted(member_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, member_id])


def rebuild():
    """Rewrite the whole table (after a migration, a restore or loading data by hand)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Refreshes under way finish first; new ones wait for this one.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {SearchablePage._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"  # noqa: S608
                )
        SearchablePage.objects.all().delete()
        SearchablePage.objects.bulk_create(_rows(_members()), batch_size=500)


def _member_ids_of(path, depth_of_page):
    """The organisation a page at this path belongs to (itself or its parent), as ids."""
    candidates = [path, path[:-STEPLEN]] if depth_of_page else [path]
    return set(
        OrganisationProfilePage.objects.filter(path__in=candidates).values_list("pk", flat=True)
    )


def _searchable_type(instance):
    return isinstance(instance, Page) and issubclass(
        instance.specific_class or Page, (OrganisationProfilePage, ActionPage)
    )


def page_saved(sender, instance, raw=False, **kwargs):
    if raw or not _searchable_type(instance):
        return
    refresh_members(_member_ids_of(instance.path, True))


def page_deleted(sender, instance, **kwargs):
    if not _searchable_type(instance):
        return
    # The page's own row went with it (CASCADE). Only update what remains: re-inserting
    # rows here could resurrect pages the same delete is about to remove.
    member_ids = _member_ids_of(instance.path[:-STEPLEN], False)
    if member_ids:
        for row in _rows(_members(member_ids)):
            if row.status is None:
                SearchablePage.objects.filter(page_id=row.page_id).update(
                    member_statuses=row.member_statuses
                )


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if not _searchable_type(instance):
        return
    touched = _member_ids_of(instance.path, True)
    for parent in (parent_page_before, parent_page_after):
        touched |= _member_ids_of(parent.path, False)
    refresh_members(touched)


def restrictions_changed(sender, instance, **kwargs):
    """A view restriction hides (or, removed, shows) its page and everything below it."""
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is None:
        return  # the page itself was deleted; its delete has already been handled
    refresh_members(
        OrganisationProfilePage.objects.filter(
            Q(path__startswith=path) | Q(path=path[:-STEPLEN])
        ).values_list("pk", flat=True)
    )


def fill_after_migrate(sender, **kwargs):
    """A database migrated from before this table existed gets its rows once."""
    if sender.name != "search":
        return
    if not SearchablePage.objects.exists() and OrganisationProfilePage.objects.live().exists():
        rebuild()


def connect():
    post_save.connect(page_saved, dispatch_uid="search-page-saved")
    post_delete.connect(page_deleted, dispatch_uid="search-page-deleted")
    post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
    for signal in (post_save, post_delete):
        signal.connect(
            restrictions_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restrictions-{signal is post_save}",
        )
    post_migrate.connect(fill_after_migrate, dispatch_uid="search-fill-after-migrate")
