"""
Demo content for `manage.py load_demo_content`.

Each step finds its object by slug before creating it, so loading twice changes
nothing. Content apps add their own steps in DemoLoader.load().
"""

from wagtail.models import Site

from home.demo_members import MemberLoader
from home.models import HomePage, StandardPage

HOME_INTRODUCTION = (
    "<p>The Dementia Action Alliance brings together organisations that have pledged to "
    "help people living with dementia, and those who care for them, to live well. Read "
    "what our members are doing and how their work is going.</p>"
)

COOKIE_POLICY_BODY = [
    ("heading", {"text": "What cookies are", "level": "h2"}),
    (
        "paragraph",
        "<p>A cookie is a small file that a website saves on your computer or phone. "
        "We use one cookie to remember your cookie choices. We only use other cookies "
        "if you say yes to them.</p>",
    ),
    ("heading", {"text": "Change your choice", "level": "h2"}),
    (
        "paragraph",
        '<p>You can change your cookie choice at any time on the <a href="/cookies/">'
        "cookie settings page</a>.</p>",
    ),
]


class DemoLoader:
    def __init__(self, log=print):
        self.log = log

    def load(self):
        self.home = self.ensure_home_page()
        self.ensure_standard_page(
            slug="cookie-policy",
            title="Cookie policy",
            introduction="How this website uses cookies, and how to change your choice.",
            body=COOKIE_POLICY_BODY,
        )
        MemberLoader(self.home, log=self.log).load()

    def ensure_home_page(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise RuntimeError("The default site's root page is not a HomePage; run migrations.")
        if home.introduction != HOME_INTRODUCTION:
            home.introduction = HOME_INTRODUCTION
            home.save_revision().publish()
            self.log("Updated the home page introduction.")
        return home

    def ensure_standard_page(self, *, slug, title, introduction, body):
        existing = self.home.get_children().filter(slug=slug).first()
        if existing:
            return existing.specific
        page = StandardPage(title=title, slug=slug, introduction=introduction, body=body)
        self.home.add_child(instance=page)
        page.save_revision().publish()
        self.log(f"Created {title}.")
        return page
