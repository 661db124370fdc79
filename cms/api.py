"""The JSON APIs.

API v2 (`api_router`, mounted at /api/v2/): read-only, public, live content only —
pages (with the directory's filters), images, documents and the consent configuration.

API v3 (`api_v3`, mounted at /api/v3/): Wagtail's own django-ninja API. Anyone can read
live public pages; a token from `manage.py api_tokens create` can also write, within
the token owner's page permissions (moderation included). OpenAPI at /api/v3/openapi.json.
"""

import re
from collections import defaultdict
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from cms.api_pagination import PagePagination
from cms.consent.api import ConsentAPIViewSet
from cms.security.limits import clean_query_text
from profiles.models import ActionPage, LocalAlliancePage, OrganisationProfilePage
from profiles.models.tree import parent_paths
from profiles.status import FILTERABLE_STATUSES

# The directory's filters, by slug. A slug that names nothing matches nothing; a value
# that cannot be a slug at all is refused with a 400.
DIRECTORY_FILTERS = ("region", "sector", "alliance", "status")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
STATUS_SLUGS = [slug for slug, _label in FILTERABLE_STATUSES]
SEARCH_OPERATORS = ("and", "or")
# Model fields a client may filter on with ?field=value (others cannot be compared safely).
FILTERABLE_FIELD_TYPES = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.ForeignKey,
)


def clean_slug(name, value):
    if not SLUG_RE.match(value):
        raise BadRequestError(
            f"{name} must be a slug (letters, digits, hyphens; at most 100 characters), "
            f"for example ?{name}=east-of-england"
        )
    return value


class DirectoryFilter(BaseFilterBackend):
    """?region=, ?sector=, ?alliance=, ?status= by slug, as on the member directory.

    Works on any page queryset: each filter keeps the pages it describes, so
    ?region= keeps members and local alliances in the region, ?status= keeps actions
    in that status and the members with such a live action.
    """

    def filter_queryset(self, request, queryset, view):
        params = {name: request.GET[name] for name in DIRECTORY_FILTERS if name in request.GET}
        for name, value in params.items():
            clean_slug(name, value)
        if "status" in params and params["status"] not in STATUS_SLUGS:
            raise BadRequestError(
                f"status must be one of: {', '.join(STATUS_SLUGS)} (got {params['status']!r})"
            )

        profiles = OrganisationProfilePage.objects.all()
        if region := params.get("region"):
            queryset = queryset.filter(
                models.Q(pk__in=profiles.filter(region__slug=region).values("pk"))
                | models.Q(
                    pk__in=LocalAlliancePage.objects.filter(region__slug=region).values("pk")
                )
            )
        if sector := params.get("sector"):
            queryset = queryset.filter(pk__in=profiles.filter(sectors__slug=sector).values("pk"))
        if alliance := params.get("alliance"):
            queryset = queryset.filter(
                pk__in=profiles.filter(local_alliances__slug=alliance).values("pk")
            )
        if status := params.get("status"):
            queryset = self.with_status(queryset, status)
        return queryset

    @staticmethod
    def with_status(queryset, status):
        """Actions in that status and members with such a live action; a list of one of
        the two types is filtered on its own terms (asking both of every row cost a
        PostgreSQL list of actions 0.4 s)."""
        if issubclass(queryset.model, ActionPage):
            return queryset.filter(status=status)
        actions = ActionPage.objects.filter(status=status)
        with_action = models.Q(path__in=parent_paths(actions.live()))
        if issubclass(queryset.model, OrganisationProfilePage):
            return queryset.filter(with_action)
        members = OrganisationProfilePage.objects.filter(with_action)
        return queryset.filter(
            models.Q(pk__in=actions.values("pk")) | models.Q(pk__in=members.values("pk"))
        )


class SafeFieldsFilter(BaseFilterBackend):
    """Wagtail's ?field=value filter, limited to fields whose values can be checked.

    Replaces Wagtail's FieldsFilter, with which ?sectors=abc or ?member_since=yesterday
    reach the database and fail with a server error instead of a 400, and which would
    read our own ?region= and ?status= slugs as raw field values.
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name in DIRECTORY_FILTERS or name == "locale":
                continue
            field = queryset.model._meta.get_field(name)
            if not isinstance(field, FILTERABLE_FIELD_TYPES):
                raise BadRequestError(f"cannot filter by {name!r}")
            if "\x00" in value:
                raise BadRequestError(f"null characters are not allowed in {name}")
            try:
                if isinstance(field, models.BooleanField):
                    value = parse_boolean(value)
                elif isinstance(field, models.ForeignKey):
                    value = field.target_field.to_python(value)
                else:
                    value = field.to_python(value)
            except (ValueError, ValidationError) as error:
                raise BadRequestError(f"{value[:40]!r} is not a valid value for {name}") from error
            queryset = queryset.filter(**{name: value})
        return queryset


def prepared(pages):
    """`pages`, about to be written out, as a list, once each page type that attaches what
    its fields list in bulk (`api_prepare`: a profile's sectors, alliances and outcomes)
    has done so: a few queries for the whole list, whatever its length."""
    pages = list(pages)
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for model, of_type in by_type.items():
        if hasattr(model, "api_prepare"):
            model.api_prepare(of_type)
    return pages


class CheckedFindMixin:
    """`find/?id=` must be a whole number: Wagtail's find looks the id up as given, and
    `find/?id=abc` was a server error instead of a 400."""

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                int(request.GET["id"])
            except ValueError as error:
                raise BadRequestError("id must be a whole number, for example ?id=3") from error
        return super().find_object(queryset, request)


class PublicImagesAPIViewSet(CheckedFindMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(CheckedFindMixin, DocumentsAPIViewSet):
    pass


class PublicPagesAPIViewSet(CheckedFindMixin, PagesAPIViewSet):
    """Live, public pages only — in lists, details by id, find and search."""

    filter_backends = [
        SafeFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
    # Ours go before search, which must stay last (search results cannot be filtered).
    filter_backends.insert(-1, DirectoryFilter)
    pagination_class = PagePagination

    def get_renderer_context(self):
        # Wagtail pretty-prints its JSON (indent 4), which makes Python's json module use
        # its slow pure-Python encoder and adds a third to the size. Compact by default;
        # `Accept: application/json; indent=4` still asks for the indented form, and the
        # browsable page indents what it shows.
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(DIRECTORY_FILTERS)

    def get_base_queryset(self):
        # Wagtail already hides restricted pages from anonymous requests; .public()
        # also hides them from a signed-in visitor, since this API is the public one.
        # Building it reads the restrictions and the site, so once per request (a view
        # instance serves one request); callers get a fresh clone.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = self.public_pages(Page)
        return self._base_queryset.all()

    def public_pages(self, model):
        """Live pages of `model` outside every private section, in the requested site:
        Wagtail's `get_public_pages_queryset()` for an anonymous visitor, which reads the
        view restrictions itself, written with `.public()`, which reads them once a
        request at most (cms/caching/restrictions.py)."""
        try:
            site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request)
            root = site.site_obj.root_page if site.site_obj else None
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if root is None:
            return model.objects.none()
        pages = model._default_manager.live().public()
        in_site = pages.descendant_of(root, inclusive=True)
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            for translation in root.get_translations():
                in_site |= pages.descendant_of(translation, inclusive=True)
        return in_site

    def get_queryset(self):
        # Wagtail asks for it several times in one request, and building it reads the
        # view restrictions (each `.public()` does), so it is built once per request
        # (a view instance serves one request); callers get a fresh clone.
        if not hasattr(self, "_queryset"):
            queryset = self._single_type_queryset()
            if queryset is None:
                queryset = super().get_queryset()
            # A page type may say how to fetch its API fields in bulk (select_related), so
            # a list costs the same few queries at any length; see also prepared().
            optimise = getattr(queryset.model, "api_optimise_queryset", None)
            self._queryset = optimise(queryset) if optimise else queryset
        return self._queryset.all()

    def paginate_queryset(self, queryset):
        return prepared(super().paginate_queryset(queryset))

    def get_object(self):
        # Wagtail's returns the page as its specific type; prepared once per request.
        if not hasattr(self, "_prepared_object"):
            self._prepared_object = prepared([super().get_object()])[0]
        return self._prepared_object

    def _single_type_queryset(self):
        """`?type=` naming one page type: the public-page conditions applied to that model
        directly. Wagtail writes it as `pk IN (every public page)`, which the database can
        only answer by reading and sorting every match (about 100 ms for a page of 20 among
        10,000 members on SQLite); applied directly, it walks the tree index and stops at
        the 20th. Same rows, same order."""
        if not hasattr(self, "_single_type"):
            self._single_type = self._build_single_type_queryset()
        return None if self._single_type is None else self._single_type.all()

    def _build_single_type_queryset(self):
        models_type = self.request.GET.get("type")
        if not models_type:
            return None
        try:
            models = page_models_from_string(models_type)
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        if len(models) != 1:
            return None
        return self.public_pages(models[0])

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" in self.request.GET:
            # Cut and clean ?search= before Wagtail's search filter hands it to the
            # backend (its query parser has had a ReDoS advisory): at most 200
            # characters, no control characters.
            query = self.request._request.GET.copy()
            query["search"] = clean_query_text(query["search"])
            self.request._request.GET = query


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("consent", ConsentAPIViewSet)


def get_api_v3():
    """Wagtail's API v3 (django-ninja); importing it builds schemas for every page type."""
    from wagtail.api.v3.urls import api

    if not getattr(api, "_alliance_openapi_fixed", False):
        api.get_openapi_schema = document_anonymous_access(api.get_openapi_schema)
        api._alliance_openapi_fixed = True
    return api


def document_anonymous_access(get_openapi_schema):
    """Describe "no token needed" the way OpenAPI does, so the document validates.

    Wagtail marks public reads with an `AllowAnonymous` auth class that ninja lists as
    an HTTP security scheme without a `scheme`, which OpenAPI 3.1 forbids. OpenAPI
    spells optional authentication as an empty requirement `{}`; rewrite to that.
    """

    @wraps(get_openapi_schema)
    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        schemes.pop("AllowAnonymous", None)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                if isinstance(operation, dict) and "security" in operation:
                    operation["security"] = [
                        {} if "AllowAnonymous" in requirement else requirement
                        for requirement in operation["security"]
                    ]
        return schema

    return wrapper
