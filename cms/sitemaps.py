"""The sitemap: an index at /sitemap.xml of numbered sections, each at most
`PageSitemap.limit` pages (/sitemap-pages.xml, ?p=2, ...).

Wagtail's own view writes one sitemap of every page. The sitemap protocol allows 50,000
addresses a file and Django's paginator stops there, so at 10,000 members (60,000 pages)
the last 10,000 were never listed; and it loaded every page as its own type, StreamFields
aside, to ask for its address: 6.5 s for the whole site, uncached after every publish. No
page type here changes its sitemap entry (tests/test_feeds_and_sitemap.py checks), so each
section reads only the page-tree columns an address and a date need.
"""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

# What Page.get_sitemap_urls() reads: the address (url_path, under a site root found by
# path) and the date.
SITEMAP_FIELDS = (
    "path",
    "depth",
    "url_path",
    "locale_id",
    "live",
    "last_published_at",
    "latest_revision_created_at",
)


class PageSitemap(Sitemap):
    # Small enough that one section answers in about 100 ms at 10,000 members.
    limit = 1000

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only(*SITEMAP_FIELDS)
        )

    def get_latest_lastmod(self):
        # Django's default asks every page for its date; one aggregate says the same.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


SITEMAPS = {"pages": PageSitemap}
