"""Reading a page's children of one type with the tree's path index.

Wagtail's `child_of()` is `path LIKE '<parent path>%' AND depth = n`, which SQLite cannot
answer from an index: it reads every page (60,000 rows on the 10,000-member benchmark,
about 30 ms). Treebeard's own `get_children()` uses the interval of paths a child can
have instead, which is an index range of a few rows. Same rows.
"""


def children(model, page):
    """`model.objects.child_of(page)`, as an index range."""
    first = page.path + page.alphabet[0] * page.steplen
    last = page.path + page.alphabet[-1] * page.steplen
    return model.objects.filter(depth=page.depth + 1, path__range=(first, last))


def route_to_child(page, child_model, request, path_components, select_related=()):
    """Wagtail's `Page.route` step for a parent whose `subpage_types` is `child_model`
    alone: the child is read as `child_model` in one query, where Wagtail reads the base
    page row and then the specific row. None when no such child has that slug (the
    caller then falls back to Wagtail's own route, which 404s the same way).
    `select_related` names foreign keys the child's page shows, read in the same query."""
    try:
        child = (
            children(child_model, page).select_related(*select_related).get(slug=path_components[0])
        )
    except child_model.DoesNotExist:
        return None
    child._cached_parent_obj = page  # as Wagtail does: get_parent() costs no query
    return child.route(request, path_components[1:])
