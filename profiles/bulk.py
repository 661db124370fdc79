"""Synthetic members in bulk, for benchmarks: `manage.py generate_bulk_content --members N`.

Saving pages one by one through Wagtail (add_child + save_revision + publish) costs tens of
queries per page, which is hours for 10,000 members with 50,000 actions. Instead this
module builds the treebeard materialised-path tree itself:

1. compute each new page's path, depth and url_path from its parent (children are numbered
   after the parent's existing ones, exactly as treebeard's add_child would number them);
2. bulk-insert the `wagtailcore_page` rows, then the page type's own rows (Django's
   bulk_create refuses multi-table models, so the child table is inserted with Django's
   InsertQuery, the same statement bulk_create builds);
3. bulk-insert the many-to-many rows and one published revision per page, then point
   `latest_revision` and `live_revision` at it;
4. fix the parents' `numchild` and rebuild the search index for the new pages in batches.

The content reads like the real members (a town's choir, library, fire service...), with
about five actions each and about four quarterly updates per action, as in the demo.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations, get_serializable_data_for_fields
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from profiles.models import (
    ActionPage,
    LocalAllianceIndexPage,
    LocalAlliancePage,
    MemberDirectoryPage,
    OrganisationProfilePage,
    Region,
    Sector,
)
from profiles.reference_data import ensure_reference_data
from profiles.status import ActionStatus

# Marks generated pages so --clear removes them and nothing an editor made.
BULK_MARKER = "Synthetic member generated for benchmarks by generate_bulk_content."
BATCH = 500

TOWNS = {
    "north-east": ["Durham", "Sunderland", "Hexham", "Darlington"],
    "north-west": ["Preston", "Lancaster", "Wigan", "Chester", "Kendal"],
    "yorkshire-and-the-humber": ["Harrogate", "Hull", "Sheffield", "Whitby", "Leeds"],
    "east-midlands": ["Derby", "Lincoln", "Loughborough", "Chesterfield"],
    "west-midlands": ["Shrewsbury", "Walsall", "Worcester", "Stafford", "Coventry"],
    "east-of-england": ["Luton", "Welwyn Hatfield", "Norwich", "Ipswich", "Bedford"],
    "london": ["Camden", "Lewisham", "Harrow", "Croydon", "Hackney"],
    "south-east": ["Brighton", "Oxford", "Maidstone", "Guildford", "Reading"],
    "south-west": ["Bristol", "Exeter", "Truro", "Bath", "Swindon"],
    "wales": ["Cardiff", "Swansea", "Aberystwyth", "Wrexham"],
    "scotland": ["Dundee", "Inverness", "Paisley", "Stirling"],
    "northern-ireland": ["Belfast", "Newry", "Omagh"],
    "national": ["UK"],
}

# (name pattern, sectors, what they do) — the kinds of organisation the alliance has.
KINDS = [
    ("{town} Community Choir", ["arts", "voluntary-sector"], "a community choir"),
    ("{town} Library Service", ["local-government", "education"], "the public library"),
    ("{town} Fire and Rescue Service", ["emergency-services"], "the fire and rescue service"),
    ("{town} Housing Association", ["housing"], "a housing association"),
    ("{town} Methodist Church", ["faith"], "a church congregation"),
    ("{town} Leisure Centre", ["leisure"], "a leisure centre"),
    ("{town} Carers' Centre", ["charity", "social-care"], "a carers' centre"),
    ("{town} Building Society", ["finance"], "a building society branch"),
    ("{town} Bus Company", ["transport"], "a local bus company"),
    ("{town} Primary Care Network", ["health"], "a group of GP surgeries"),
    ("{town} Care Homes", ["care", "social-care"], "a group of care homes"),
    ("{town} Museum", ["arts", "leisure"], "a local museum"),
    ("{town} Town FC Community Trust", ["leisure", "charity"], "a football club's trust"),
    ("{town} Supermarket", ["retail"], "a supermarket"),
    ("{town} College", ["education"], "a further education college"),
]

ACTIVITIES = [
    ("singing", "Run a weekly singing group for people living with dementia and their carers"),
    ("memory café", "Open a monthly memory café with tea, music and advice"),
    ("Zoom", "Hold coffee mornings on Zoom for carers who cannot get out"),
    ("dementia friends", "Train every member of staff as a Dementia Friend"),
    ("chair yoga", "Offer chair yoga sessions adapted for people with dementia"),
    ("reminiscence", "Start reminiscence sessions using old photographs and objects"),
    ("gardening", "Create a sensory garden and a gardening club"),
    ("walking football", "Set up walking football for men living with dementia"),
    ("signage", "Make our buildings easier to find your way around, with clear signs"),
    ("quiet hour", "Introduce a quiet hour with lower lights and no music"),
    ("carers", "Give carers a break with respite sessions during our activities"),
    ("dance", "Run a tea dance open to everyone affected by dementia"),
    ("art", "Run an art class where people with dementia can paint together"),
    ("befriending", "Match volunteers with people living alone for weekly visits"),
    ("transport", "Help people with dementia travel with confidence on our buses"),
]

UPDATE_SENTENCES = [
    "Attendance grew to {n} people this quarter.",
    "We trained {n} more volunteers, who now help at every session.",
    "Carers told us the sessions give them a much-needed break.",
    "We moved some sessions onto Zoom so people could join from home.",
    "Funding from the local council lets us continue for another year.",
    "A local newspaper wrote about our work, and {n} new families got in touch.",
    "We worked with the memory clinic to reach people soon after diagnosis.",
    "People living with dementia helped us plan the next season of activities.",
    "We added large-print leaflets and clearer signs after feedback.",
    "Our staff completed Dementia Friends sessions.",
]


def _quarter_updates(rng, count, start_year):
    updates, year, quarter = [], start_year, rng.randint(1, 4)
    for _ in range(count):
        body = " ".join(
            rng.choice(UPDATE_SENTENCES).format(n=rng.randint(3, 60))
            for _ in range(rng.randint(2, 3))
        )
        updates.append(
            ("update", {"year": year, "quarter": str(quarter), "body": f"<p>{body}</p>"})
        )
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    return updates


class TreeBuilder:
    """Appends children to parents in bulk, keeping treebeard's invariants."""

    def __init__(self):
        self.locale_id = Page.objects.values_list("locale_id", flat=True).first()
        self.now = timezone.now()
        self.next_step = {}  # parent path -> next child number
        self.added = {}  # parent path -> children added

    def _step_for(self, parent):
        if parent.path not in self.next_step:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self.next_step[parent.path] = (Page._str2int(last[-Page.steplen :]) + 1) if last else 1
        step = self.next_step[parent.path]
        self.next_step[parent.path] += 1
        self.added[parent.path] = self.added.get(parent.path, 0) + 1
        return step

    def prepare(self, parent, page):
        """Give an unsaved page its place under `parent` and its published state."""
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, self._step_for(parent))
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.numchild = 0
        page.locale_id = self.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = self.now
        page.latest_revision_created_at = self.now
        page.search_description = BULK_MARKER
        page.content_type = ContentType.objects.get_for_model(page)
        return page

    def insert(self, pages, m2m=()):
        """Insert prepared pages of one type, their many-to-many rows and a live revision each.

        `m2m` names ParentalManyToManyFields whose in-memory values should be stored.
        """
        if not pages:
            return []
        model = type(pages[0])
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            self._insert_batch(model, batch, m2m)
        return pages

    def _insert_batch(self, model, batch, m2m):
        base_rows = Page.objects.bulk_create(
            [
                Page(
                    **{
                        f.attname: getattr(page, f.attname)
                        for f in Page._meta.concrete_fields
                        if f.attname != "id"
                    }
                )
                for page in batch
            ]
        )
        for page, row in zip(batch, base_rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        # The page type's own table: the statement bulk_create would build if it allowed
        # multi-table models.
        fields = list(model._meta.local_concrete_fields)
        query = InsertQuery(model)
        query.insert_values(fields, batch)
        query.get_compiler(connection=connection).execute_sql()

        for name in m2m:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": page.pk, f"{target}_id": other.pk})
                    for page in batch
                    for other in getattr(page, name).all()
                ]
            )

        # A published revision per page, holding what serializable_data() would give
        # (built without its one-query-per-child-relation cost: new pages have none).
        page_type = ContentType.objects.get_for_model(Page)
        child_relations = [rel.get_accessor_name() for rel in get_all_child_relations(model)]
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=self.now,
                    object_str=page.title,
                    content=self._revision_content(page, m2m, child_relations),
                )
                for page in batch
            ]
        )
        ids = [page.pk for page in batch]
        newest_revision = Subquery(
            Revision.objects.filter(
                base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=ids).update(latest_revision_id=newest_revision)
        Page.objects.filter(pk__in=ids).update(live_revision_id=F("latest_revision_id"))

    @staticmethod
    def _revision_content(page, m2m, child_relations):
        content = get_serializable_data_for_fields(page)
        for name in m2m:
            content[name] = [other.pk for other in getattr(page, name).all()]
        for name in child_relations:
            content[name] = []
        return content

    def finish(self):
        """Store each parent's new child count, as treebeard's add_child would have."""
        for path, added in self.added.items():
            parent = Page.objects.get(path=path)
            Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + added)
        self.added = {}


def _site_home():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("There is no default site. Run `manage.py migrate` first.")
    return site.root_page


def _directory_and_alliance_index(home):
    directory = MemberDirectoryPage.objects.first()
    if directory is None:
        directory = MemberDirectoryPage(title="Members", slug="members")
        home.add_child(instance=directory)
        directory.save_revision().publish()
    index = LocalAllianceIndexPage.objects.first()
    if index is None:
        index = LocalAllianceIndexPage(title="Local alliances", slug="local-alliances")
        home.add_child(instance=index)
        index.save_revision().publish()
    return Page.objects.get(pk=directory.pk), Page.objects.get(pk=index.pk)


def clear_bulk_content(log=print):
    """Remove every generated page (members with their actions, and generated alliances)."""
    generated = Page.objects.filter(search_description=BULK_MARKER)
    # Parents first: treebeard's queryset delete also removes their descendants.
    for model in (OrganisationProfilePage, LocalAlliancePage):
        pages = model.objects.filter(search_description=BULK_MARKER)
        count = pages.count()
        if count:
            log(f"Deleting {count} generated {model._meta.verbose_name_plural}...")
            Page.objects.filter(pk__in=pages.values("pk")).delete()
    return generated.count()


def generate(members, seed=0, log=print):
    """Create `members` synthetic members with actions and updates; returns counts."""
    rng = random.Random(seed)
    ensure_reference_data()
    home = _site_home()
    directory, alliance_index = _directory_and_alliance_index(home)
    regions = {region.slug: region for region in Region.objects.all()}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    builder = TreeBuilder()

    # One local alliance per town (about 60), created the same way.
    with transaction.atomic():
        alliances = []
        existing = set(LocalAlliancePage.objects.values_list("slug", flat=True))
        for region_slug, towns in TOWNS.items():
            for town in towns:
                slug = slugify(f"{town} daa")
                if slug in existing or region_slug == "national":
                    continue
                alliances.append(
                    builder.prepare(
                        alliance_index,
                        LocalAlliancePage(
                            title=f"{town} Dementia Action Alliance",
                            slug=slug,
                            short_name=f"{''.join(w[0] for w in town.split())}DAA",
                            introduction=f"<p>Organisations in {town} working together.</p>",
                            region=regions[region_slug],
                        ),
                    )
                )
        builder.insert(alliances)
        builder.finish()
    alliances_by_town = {
        page.title.removesuffix(" Dementia Action Alliance"): page
        for page in LocalAlliancePage.objects.all()
    }
    if alliances:
        log(f"Created {len(alliances)} local alliances.")

    counts = {"members": 0, "actions": 0, "updates": 0}
    first_number = Page.objects.filter(search_description=BULK_MARKER).count() + 1
    for chunk_start in range(0, members, BATCH):
        chunk = range(chunk_start, min(members, chunk_start + BATCH))
        with transaction.atomic():
            profiles, actions = [], []
            for i in chunk:
                number = first_number + i
                region_slug = rng.choice(list(TOWNS))
                town = rng.choice(TOWNS[region_slug])
                pattern, sector_slugs, what = rng.choice(KINDS)
                title = pattern.format(town=town)
                profile = builder.prepare(
                    directory,
                    OrganisationProfilePage(
                        title=title,
                        slug=f"{slugify(title)}-{number}",
                        introduction=(
                            f"<p>{title} is {what} in {town}. We want everyone affected by "
                            "dementia to feel welcome and to keep doing what they enjoy.</p>"
                        ),
                        member_since=datetime.date(2012, 1, 1)
                        + datetime.timedelta(days=rng.randint(0, 5000)),
                        website=f"https://www.example.org/{slugify(title)}",
                        region=regions[region_slug],
                    ),
                )
                profile.sectors = [sectors[s] for s in sector_slugs if s in sectors]
                alliance = alliances_by_town.get(town)
                profile.local_alliances = [alliance] if alliance and rng.random() < 0.7 else []
                profile.action_plan = []
                profiles.append(profile)
            builder.insert(profiles, m2m=("sectors", "local_alliances"))

            for profile in profiles:
                for keyword, title in rng.sample(ACTIVITIES, rng.randint(3, 7)):
                    updates = _quarter_updates(rng, rng.randint(2, 6), rng.randint(2014, 2024))
                    action = builder.prepare(
                        profile,
                        ActionPage(
                            title=title,
                            slug=slugify(keyword)[:40] or "action",
                            description=f"<p>{title}. This is our {keyword} action.</p>",
                            status=rng.choice(
                                [ActionStatus.NONE_GIVEN] * 3
                                + [
                                    ActionStatus.PLANNED,
                                    ActionStatus.BEING_IMPLEMENTED,
                                    ActionStatus.COMPLETED,
                                ]
                            ),
                            updates=updates,
                        ),
                    )
                    action.latest_update_date = action.compute_latest_update_date()
                    actions.append(action)
                    counts["updates"] += len(updates)
            builder.insert(actions)
            builder.finish()
        _index(profiles, actions)
        counts["members"] += len(profiles)
        counts["actions"] += len(actions)
        log(
            f"  {counts['members']:>6} / {members} members, {counts['actions']} actions, "
            f"{counts['updates']} updates"
        )
    if connection.vendor == "postgresql":
        # Fresh planner statistics, or the first queries plan for the empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _index(profiles, actions):
    """Add the new pages to the search index, as publishing each one would have."""
    backend = get_search_backend()
    members = OrganisationProfilePage.objects.filter(pk__in=[p.pk for p in profiles])
    members = members.select_related("region").prefetch_related("sectors")
    backend.get_index_for_model(OrganisationProfilePage).add_items(
        OrganisationProfilePage, list(members)
    )
    action_pages = ActionPage.objects.filter(pk__in=[a.pk for a in actions])
    backend.get_index_for_model(ActionPage).add_items(ActionPage, list(action_pages))
    # The site search's own table (search/searchable.py), which publishing would fill.
    from search.searchable import refresh_members

    refresh_members(p.pk for p in profiles)
