"""Reading a page's children of one type with the tree's path index.

Wagtail's `child_of()` is `path LIKE '<parent path>%' AND depth = n`, which SQLite cannot
answer from an index: it reads every page (60,000 rows on the 10,000-member benchmark,
about 30 ms). Treebeard's own `get_children()` uses the interval of paths a child can
have instead, which is an index range of a few rows. Same rows.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from cms.caching import generation as content_generation
from cms.caching.per_generation import GenerationMemory

# What a link to a page needs (its title and its URL, which Wagtail works out from these),
# for lists that read only what they show (`.only()`).
PAGE_LINK_FIELDS = ("title", "slug", "url_path", "path", "depth", "locale_id")

# The type of the page at each slug under a parent, per process and content generation
# (as the Site is, cms/caching/sites.py), for parents whose children are of several types.
# Only slugs that name a child are kept, so made-up addresses cannot grow it.
_child_models = GenerationMemory()
# The home page's children that a request passes through on its way down (the directory
# on the way to a profile), per process and content generation, as the home page itself
# is (it comes with the remembered Site).
_sections = GenerationMemory()


def children(model, page):
    """`model.objects.child_of(page)`, as an index range."""
    first = page.path + page.alphabet[0] * page.steplen
    last = page.path + page.alphabet[-1] * page.steplen
    return model.objects.filter(depth=page.depth + 1, path__range=(first, last))


def parent_paths(pages):
    """The tree paths of the parents of `pages` (a queryset), for `path__in=`.

    "Parents with such a child" written as a correlated `path__startswith=OuterRef("path")`
    cannot use the path index either: SQLite and PostgreSQL compared every child with every
    parent (the directory's status filter at 10,000 members ran for minutes). A page's
    parent path is its own path less the last step, so the parents are looked up by path.
    """
    steplen = pages.model.steplen
    return pages.annotate(parent_path=Substr("path", 1, Length("path") - steplen)).values(
        "parent_path"
    )


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


def remembered_child_model(page, slug):
    """The model of `page`'s child at `slug`, remembered under the content generation of
    the public GET being served; None when there is no such child, or no such request
    (the admin, previews). Only ever a guess to try first: a child's type changes when it
    is deleted, moved or replaced, which (published) changes the generation; a draft
    that took the slug meanwhile is simply not found with the remembered type."""
    generation = content_generation.serving()
    if generation is None:
        return None

    def read():
        content_type_id = (
            children(Page, page).filter(slug=slug).values_list("content_type_id", flat=True).first()
        )
        if content_type_id is None:
            return None
        return ContentType.objects.get_for_id(content_type_id).model_class()

    return _child_models.get(generation, read, key=(page.pk, slug), keep=lambda model: model)


def remembered_section(page, slug):
    """A copy of `page`'s child at `slug`, as its own type, to route through to one of its
    descendants; remembered under the content generation of the public GET being served,
    as `remembered_child_model` is. None when there is no such child, or no such request.
    Only for passing through: the page a request asks for is always read afresh.
    Wagtail routes through a child whether it is live or not, and so does this; moving,
    publishing, unpublishing or deleting one changes the generation."""
    generation = content_generation.serving()
    if generation is None:
        return None

    def read():
        model = remembered_child_model(page, slug)
        if model is None:
            return None
        return children(model, page).filter(slug=slug).first()

    section = _sections.get(
        generation, read, key=(page.pk, slug), keep=lambda found: found is not None
    )
    # A copy, so what routing or serving sets on it stays with this request.
    return copy.copy(section) if section is not None else None
