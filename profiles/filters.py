"""The member directory's filters, read from the address (?region=&sector=&alliance=&status=).

Filters live in the URL so they can be bookmarked and survive Back. A value that names
nothing (an old or mistyped slug) simply matches no member; only a page number that is
not a number is refused, with a 400, because there is no sensible list to show for it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

MAX_VALUE_LENGTH = 100


class InvalidFilter(ValueError):
    pass


@dataclass
class DirectoryFilters:
    region: str = ""
    sector: str = ""
    alliance: str = ""
    status: str = ""
    page: int = 1

    FILTER_NAMES = ("region", "sector", "alliance", "status")

    @classmethod
    def from_querydict(cls, query):
        values = {}
        for name in cls.FILTER_NAMES:
            # Over-long values cannot be a slug; keep them (so they match nothing)
            # but never echo unbounded input back into the page.
            # Control characters (NUL makes PostgreSQL raise) are never part of a slug.
            raw = (query.get(name) or "")[: MAX_VALUE_LENGTH * 4]
            values[name] = "".join(ch for ch in raw if ch.isprintable()).strip()[:MAX_VALUE_LENGTH]
        raw_page = (query.get("page") or "1").strip()
        if not raw_page.isdigit() or int(raw_page) < 1:
            raise InvalidFilter(
                "The page number must be a whole number of 1 or more, "
                f"for example ?page=2 (got {raw_page[:20]!r})."
            )
        values["page"] = min(int(raw_page), 10**6)
        return cls(**values)

    @property
    def active(self):
        return any(getattr(self, name) for name in self.FILTER_NAMES)

    def apply(self, members):
        """Narrow a queryset of OrganisationProfilePage by every filter that is set."""
        from profiles.models import ActionPage
        from profiles.models.tree import parent_paths

        if self.region:
            members = members.filter(region__slug=self.region)
        if self.sector:
            members = members.filter(sectors__slug=self.sector)
        if self.alliance:
            members = members.filter(local_alliances__slug=self.alliance)
        if self.status:
            # Members with at least one live action (a child page) in that status.
            actions = ActionPage.objects.live().filter(status=self.status)
            members = members.filter(path__in=parent_paths(actions))
        return members

    def options(self):
        """Choices for the filter form's selects, each a list of (slug, label)."""
        from profiles.filter_choices import filter_choices

        return {
            name: [(value, label) for value, label, _key in choices]
            for name, choices in filter_choices().items()
        }

    def querystring(self):
        """The active filters as a query string (without page), for pagination links."""
        pairs = [(name, getattr(self, name)) for name in self.FILTER_NAMES if getattr(self, name)]
        return urlencode(pairs)
