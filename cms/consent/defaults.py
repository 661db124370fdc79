"""The default policy: created by a data migration, and by tests that flush the database."""

NECESSARY_COOKIES = (
    "alliance_consent - remembers your cookie choices\n"
    "csrftoken - protects forms you send us\n"
    "sessionid - keeps staff signed in to the admin"
)

DEFAULT_POLICY = {
    "name": "Cookie policy",
    "version": 1,
    "heading": "Cookies on the Dementia Action Alliance website",
    "body": (
        "<p>We use some essential cookies to make this website work.</p>"
        "<p>We would also like to count visits to see how the site is used, and to show "
        "videos from other websites, which set their own cookies. We only do that if you "
        "say yes.</p>"
    ),
    "accept_label": "Accept all cookies",
    "reject_label": "Reject all cookies",
    "preferences_label": "Choose which cookies",
    "save_label": "Save cookie settings",
    "confirmation_text": (
        "You’ve saved your cookie settings. You can change them at any time on the cookie "
        "settings page, linked at the bottom of every page."
    ),
    "lifetime_days": 182,
}

DEFAULT_CATEGORIES = [
    {
        "name": "Strictly necessary",
        "slug": "necessary",
        "description": "These cookies make the website work, for example by remembering "
        "your cookie choices. You cannot switch them off.",
        "lawful_basis": "Strictly necessary (no consent needed)",
        "is_necessary": True,
        "default_enabled": True,
        "cookies": NECESSARY_COOKIES,
        "hosts": "",
    },
    {
        "name": "Analytics",
        "slug": "analytics",
        "description": "These cookies count visits and show us which pages people use, "
        "so we can make the website better. They do not tell us who you are.",
        "lawful_basis": "Consent",
        "is_necessary": False,
        "default_enabled": False,
        "cookies": "_fa_id - tells one visit from another",
        "hosts": "",
    },
    {
        "name": "Embedded media",
        "slug": "media",
        "description": "Videos from other websites, such as YouTube or Vimeo. Those "
        "websites may set cookies and see that you watched.",
        "lawful_basis": "Consent",
        "is_necessary": False,
        "default_enabled": False,
        "cookies": "",
        "hosts": "www.youtube-nocookie.com\nplayer.vimeo.com",
    },
]


def create_default_policy(policy_model, category_model):
    """Create the live default policy unless one exists; returns the policy."""
    existing = policy_model.objects.order_by("pk").first()
    if existing:
        return existing
    policy = policy_model.objects.create(live=True, has_unpublished_changes=False, **DEFAULT_POLICY)
    for order, category in enumerate(DEFAULT_CATEGORIES):
        category_model.objects.create(policy=policy, sort_order=order, **category)
    return policy
