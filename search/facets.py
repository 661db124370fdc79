"""Filters and facet counts for search results, computed by the database.

A result is an organisation profile or an action. Region, sector and local alliance belong
to the member, so an action is filed under its parent organisation's; the status filter
keeps actions in that status and organisations with at least one live action in it (as the
member directory does).

Facet counts are disjunctive: each option's count is the number of results the visitor
would get by choosing it while keeping the query and the *other* filters. Every count comes
from one SQL statement whose common table expression holds the matched results, so the
full-text match runs once however many filters there are. The SQL is plain enough
(CASE, substr, length, EXISTS, UNION ALL) to run unchanged on SQLite and PostgreSQL.
"""

# Only table and column names from model metadata are interpolated into the SQL below;
# every value a visitor sends travels as a query parameter.
# ruff: noqa: S608

from dataclasses import dataclass, field

from django.db import connection
from wagtail.models import Page

from profiles.models import ActionPage, LocalAlliancePage, OrganisationProfilePage, Region, Sector
from profiles.status import FILTERABLE_STATUSES

FACET_NAMES = ("region", "sector", "alliance", "status")


def _tables():
    page = ActionPage._meta.get_parent_list()[0]._meta.db_table  # wagtailcore_page
    sectors = OrganisationProfilePage.sectors.through._meta
    alliances = OrganisationProfilePage.local_alliances.through._meta
    return {
        "page": page,
        "org": OrganisationProfilePage._meta.db_table,
        "action": ActionPage._meta.db_table,
        "region": Region._meta.db_table,
        "sector": Sector._meta.db_table,
        "org_sectors": sectors.db_table,
        "org_sectors_org": sectors.get_field("organisationprofilepage").column,
        "org_sectors_sector": sectors.get_field("sector").column,
        "org_alliances": alliances.db_table,
        "org_alliances_org": alliances.get_field("organisationprofilepage").column,
        "org_alliances_alliance": alliances.get_field("localalliancepage").column,
        "steplen": ActionPage.steplen,
    }


def results_cte(matched_sql):
    """SQL of one row per result: id, own status (actions only), its member's id, region, path.

    `matched_sql` selects the ids of live, public organisation and action pages that match
    the query. An action counts even if its organisation was unpublished on its own,
    because Wagtail still serves it (the admin offers to unpublish the actions too).
    """
    t = _tables()
    return f"""
        SELECT p.id AS id, a.status AS status, m.page_ptr_id AS member_id,
               m.region_id AS region_id, mp.path AS member_path
        FROM {t["page"]} p
        LEFT JOIN {t["action"]} a ON a.page_ptr_id = p.id
        JOIN {t["page"]} mp ON mp.path = CASE WHEN a.page_ptr_id IS NULL THEN p.path
                                         ELSE substr(p.path, 1, length(p.path) - {t["steplen"]})
                                         END
        JOIN {t["org"]} m ON m.page_ptr_id = mp.id
        WHERE p.id IN ({matched_sql})
    """


def _condition(name, value):
    """SQL (and params) keeping the results that pass one filter."""
    t = _tables()
    if name == "region":
        return f"r.region_id IN (SELECT id FROM {t['region']} WHERE slug = %s)", [value]
    if name == "sector":
        return (
            f"EXISTS (SELECT 1 FROM {t['org_sectors']} st JOIN {t['sector']} s "
            f"ON s.id = st.{t['org_sectors_sector']} "
            f"WHERE st.{t['org_sectors_org']} = r.member_id AND s.slug = %s)",
            [value],
        )
    if name == "alliance":
        return (
            f"EXISTS (SELECT 1 FROM {t['org_alliances']} la JOIN {t['page']} ap "
            f"ON ap.id = la.{t['org_alliances_alliance']} "
            f"WHERE la.{t['org_alliances_org']} = r.member_id AND ap.slug = %s)",
            [value],
        )
    if name == "status":
        # An action by its own status; an organisation when one of its live actions has it.
        # Its actions are the pages whose path extends the member's by one step: a range
        # on the path index (paths compare byte by byte: PostgreSQL stores them in "C").
        last_child = Page.alphabet[-1] * t["steplen"]
        return (
            f"(r.status = %s OR (r.status IS NULL AND EXISTS ("
            f"SELECT 1 FROM {t['page']} c JOIN {t['action']} ca ON ca.page_ptr_id = c.id "
            f"WHERE c.path > r.member_path AND c.path <= r.member_path || '{last_child}' "
            f"AND c.live AND ca.status = %s)))",
            [value, value],
        )
    raise ValueError(name)


def _where(filters, skip=None):
    parts, params = ["1 = 1"], []
    for name in FACET_NAMES:
        value = getattr(filters, name)
        if value and name != skip:
            sql, p = _condition(name, value)
            parts.append(sql)
            params += p
    return " AND ".join(parts), params


def filtered_ids_sql(matched_sql, matched_params, filters):
    """SQL selecting the ids of matched results that pass every active filter."""
    where, params = _where(filters)
    sql = f"SELECT r.id FROM ({results_cte(matched_sql)}) r WHERE {where}"
    return sql, list(matched_params) + params


@dataclass
class FacetCounts:
    total: int = 0
    counts: dict = field(default_factory=lambda: {name: {} for name in FACET_NAMES})

    def count(self, name, value):
        return self.counts[name].get(value, 0)


def facet_counts(matched_sql, matched_params, filters):
    """The total of filtered results and, per filter option, its disjunctive count."""
    t = _tables()
    selects, params = [], []

    where, p = _where(filters, skip="region")
    selects.append(
        f"SELECT 'region', g.slug, SUM(r.n) FROM r JOIN {t['region']} g ON g.id = r.region_id "
        f"WHERE {where} GROUP BY g.slug"
    )
    params += p

    where, p = _where(filters, skip="sector")
    selects.append(
        f"SELECT 'sector', s.slug, SUM(r.n) FROM r "
        f"JOIN {t['org_sectors']} st ON st.{t['org_sectors_org']} = r.member_id "
        f"JOIN {t['sector']} s ON s.id = st.{t['org_sectors_sector']} "
        f"WHERE {where} GROUP BY s.slug"
    )
    params += p

    where, p = _where(filters, skip="alliance")
    selects.append(
        f"SELECT 'alliance', ap.slug, SUM(r.n) FROM r "
        f"JOIN {t['org_alliances']} la ON la.{t['org_alliances_org']} = r.member_id "
        f"JOIN {t['page']} ap ON ap.id = la.{t['org_alliances_alliance']} "
        f"WHERE {where} GROUP BY ap.slug"
    )
    params += p

    where, p = _where(filters, skip="status")
    for value, _label in FILTERABLE_STATUSES:
        status_sql, status_params = _condition("status", value)
        selects.append(f"SELECT 'status', %s, SUM(r.n) FROM r WHERE {where} AND {status_sql}")
        params += [value] + p + status_params

    where, p = _where(filters)
    selects.append(f"SELECT 'total', '', SUM(r.n) FROM r WHERE {where}")
    params += p

    # Results are first grouped per member and status (a broad query's 20,000 actions
    # become a few thousand rows) so the joins to sectors and alliances stay small.
    grouped = (
        f"SELECT member_id, region_id, member_path, status, COUNT(*) AS n "
        f"FROM ({results_cte(matched_sql)}) r0 GROUP BY member_id, region_id, member_path, status"
    )
    sql = f"WITH r AS ({grouped}) " + " UNION ALL ".join(selects)
    result = FacetCounts()
    with connection.cursor() as cursor:
        cursor.execute(sql, list(matched_params) + params)
        for name, value, count in cursor.fetchall():
            count = int(count or 0)
            if name == "total":
                result.total = count
            else:
                result.counts[name][value] = count
    return result


def facet_options(filters):
    """Every option a visitor can pick, as {name: [(slug, label)]}, in display order."""
    return {
        "region": list(Region.objects.values_list("slug", "name")),
        "sector": list(Sector.objects.values_list("slug", "name")),
        "alliance": list(
            LocalAlliancePage.objects.live().order_by("title").values_list("slug", "title")
        ),
        "status": list(FILTERABLE_STATUSES),
    }
