"""
The consent policy (what the banner says and which cookie categories exist), the scripts
gated behind a category, and the record of each visitor's decision.

The policy is a snippet with drafts and revisions: the row in the database is always the
live version, so the banner never shows an unpublished draft.
"""

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

logger = logging.getLogger(__name__)

BLANK_REJECT_MESSAGE = (
    "Add a label for the “Reject all” button. Visitors must be able to refuse cookies as "
    "easily as they accept them."
)
DEFAULT_ON_MESSAGE = (
    "Only strictly necessary categories may be switched on before the visitor chooses. "
    "Untick “On by default” or mark the category as strictly necessary."
)


class ConsentPolicy(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel
):
    """The cookie banner and cookie settings page, edited and published by administrators."""

    name = models.CharField(
        max_length=100,
        default="Cookie policy",
        help_text="For the admin only, e.g. “Cookie policy”. Visitors never see it.",
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text=(
            "Raise this number when the categories or what they cover change: every visitor "
            "is then asked again, and scripts wait until they choose."
        ),
    )
    heading = models.CharField(
        max_length=120,
        default="Cookies on this website",
        help_text="The banner heading, e.g. “Cookies on this website”.",
    )
    body = RichTextField(
        features=["bold", "link", "ol", "ul"],
        help_text="What the cookies are for, in plain English. Two or three short sentences.",
    )
    accept_label = models.CharField(
        max_length=60,
        default="Accept all cookies",
        help_text="The button that accepts every category.",
    )
    # blank=True so the publish-time check below can give its own clear message.
    reject_label = models.CharField(
        max_length=60,
        blank=True,
        default="Reject all cookies",
        help_text="The button that refuses every optional category. Required to publish.",
    )
    preferences_label = models.CharField(
        max_length=60,
        default="Choose which cookies",
        help_text="The button or link that opens one switch per category.",
    )
    save_label = models.CharField(
        max_length=60,
        default="Save cookie settings",
        help_text="The button that saves the visitor's choice of categories.",
    )
    confirmation_text = models.CharField(
        max_length=200,
        default=(
            "You’ve saved your cookie settings. You can change them at any time on the cookie "
            "settings page, linked at the bottom of every page."
        ),
        help_text="Shown, and read out, after the visitor chooses.",
    )
    policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page that explains the cookies in full (the cookie policy page).",
    )
    lifetime_days = models.PositiveIntegerField(
        default=182,
        help_text=(
            "How many days a visitor's choice lasts before we ask again (182 is six months). "
            "A visit does not extend it."
        ),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("body"),
                FieldPanel("accept_label"),
                FieldPanel("reject_label"),
                FieldPanel("preferences_label"),
                FieldPanel("save_label"),
                FieldPanel("confirmation_text"),
                FieldPanel("policy_page"),
            ],
            heading="Banner",
        ),
        MultiFieldPanel(
            [FieldPanel("version"), FieldPanel("lifetime_days")], heading="Version and lifetime"
        ),
        InlinePanel("categories", heading="Cookie categories", label="Category", min_num=1),
        PublishingPanel(),
    ]

    class Meta:
        verbose_name = "consent policy"
        verbose_name_plural = "consent policies"

    def __str__(self):
        return f"{self.name} (version {self.version})"

    @classmethod
    def get_live(cls):
        """The published policy the site runs on: the first live one."""
        return cls.objects.filter(live=True).order_by("pk").prefetch_related("categories").first()

    def clean(self):
        super().clean()
        if not (self.reject_label or "").strip():
            raise ValidationError({"reject_label": BLANK_REJECT_MESSAGE})
        # One policy runs the site; a second would silently never be used.
        if self.pk is None and ConsentPolicy.objects.exists():
            raise ValidationError(
                "There is already a consent policy. Edit it, and raise its version, instead."
            )

    def publication_errors(self):
        """Why this version may not go live; empty when it may."""
        errors = []
        if not (self.reject_label or "").strip():
            errors.append(BLANK_REJECT_MESSAGE)
        for category in self.categories.all():
            if category.default_enabled and not category.is_necessary:
                errors.append(f"{category.name}: {DEFAULT_ON_MESSAGE}")
        return errors

    def publish(self, revision, *args, **kwargs):
        # The admin form already refuses these; this guards every other path (API,
        # shell, a scheduled publish run by the worker) so a bad revision never goes live.
        errors = revision.as_object().publication_errors()
        if errors:
            if kwargs.get("log_action") == "wagtail.publish.scheduled":
                # A worker must not crash on one bad revision: log it and drop the schedule
                # so it is not retried every run; editors see it unscheduled in the admin.
                logger.error("Consent policy revision %s not published: %s", revision.pk, errors)
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
                return None
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)

    def get_preview_template(self, request, mode_name):
        return "consent/preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["policy"] = self
        context["categories"] = list(self.categories.all())
        return context

    @cached_property
    def optional_categories(self):
        return [c for c in self.categories.all() if not c.is_necessary]

    @property
    def optional_slugs(self):
        return [c.slug for c in self.optional_categories]

    def as_config(self):
        """The configuration a headless front end needs to render the same banner."""
        return {
            "version": self.version,
            "revision_id": self.live_revision_id,
            "lifetime_days": self.lifetime_days,
            "cookie_name": "alliance_consent",
            "texts": {
                "heading": self.heading,
                "body": self.body,
                "accept_all": self.accept_label,
                "reject_all": self.reject_label,
                "preferences": self.preferences_label,
                "save": self.save_label,
                "confirmation": self.confirmation_text,
            },
            "policy_url": self.policy_page.url if self.policy_page_id else None,
            "categories": [c.as_config() for c in self.categories.all()],
        }


class ConsentCategory(Orderable):
    policy = ParentalKey(ConsentPolicy, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=80, help_text="E.g. “Analytics”. Visitors see this.")
    slug = models.SlugField(
        max_length=40,
        help_text=(
            "A short code scripts and embeds refer to, e.g. “analytics” or “media”. "
            "Changing it stops the scripts that use the old code."
        ),
    )
    description = models.TextField(
        help_text="What these cookies do and why, in plain English.",
    )
    lawful_basis = models.CharField(
        max_length=120,
        blank=True,
        help_text="E.g. “Consent” or “Strictly necessary (exempt from consent)”.",
    )
    is_necessary = models.BooleanField(
        default=False,
        verbose_name="Strictly necessary",
        help_text="Needed for the site to work; always on and cannot be switched off.",
    )
    default_enabled = models.BooleanField(
        default=False,
        verbose_name="On by default",
        help_text="Only strictly necessary categories may be on before the visitor chooses.",
    )
    cookies = models.TextField(
        blank=True,
        help_text=(
            "The cookies this category covers, one per line: name, then what it is for, "
            "e.g. “_ga - tells visits apart”. A trailing * matches a prefix (“_ga_*”)."
        ),
    )
    hosts = models.TextField(
        blank=True,
        help_text="Third-party hosts this category sends data to, one per line.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("lawful_basis"),
        FieldPanel("is_necessary"),
        FieldPanel("default_enabled"),
        FieldPanel("cookies"),
        FieldPanel("hosts"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "cookie category"
        verbose_name_plural = "cookie categories"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.default_enabled and not self.is_necessary:
            raise ValidationError({"default_enabled": DEFAULT_ON_MESSAGE})

    @property
    def cookie_list(self):
        """[(name, purpose)] from the editor's one-per-line text."""
        rows = []
        for line in (self.cookies or "").splitlines():
            if not line.strip():
                continue
            name, _, purpose = line.partition(" - ")
            rows.append((name.strip(), purpose.strip()))
        return rows

    @property
    def cookie_names(self):
        return [name for name, _ in self.cookie_list]

    @property
    def host_list(self):
        return [h.strip() for h in (self.hosts or "").splitlines() if h.strip()]

    def as_config(self):
        return {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "lawful_basis": self.lawful_basis,
            "necessary": self.is_necessary,
            "default_enabled": self.is_necessary,
            "cookies": [{"name": n, "purpose": p} for n, p in self.cookie_list],
            "hosts": self.host_list,
        }


class GatedScript(models.Model):
    """A script that only reaches a browser whose stored choice includes its category."""

    PLACEMENT_CHOICES = [("head", "In the page head"), ("body", "At the end of the page")]

    name = models.CharField(max_length=100, help_text="For the admin, e.g. “Site analytics”.")
    category = models.SlugField(
        max_length=40,
        help_text="The slug of the consent category this script needs, e.g. “analytics”.",
    )
    src = models.URLField(
        blank=True,
        verbose_name="Script address",
        help_text="The script's URL (https://...). Leave blank to use inline code instead.",
    )
    code = models.TextField(
        blank=True,
        verbose_name="Inline code",
        help_text="JavaScript to run, without <script> tags. Used only when no address is given.",
    )
    placement = models.CharField(
        max_length=10,
        choices=PLACEMENT_CHOICES,
        default="body",
        help_text="Where the script goes in the page.",
    )
    enabled = models.BooleanField(
        default=True, help_text="Untick to stop sending this script to anyone."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("category"),
        FieldPanel("src"),
        FieldPanel("code"),
        FieldPanel("placement"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = "gated script"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if bool(self.src) == bool(self.code.strip()):
            raise ValidationError("Give either a script address or inline code, not both.")
        live = ConsentPolicy.get_live()
        if live is not None and self.category not in {c.slug for c in live.categories.all()}:
            slugs = ", ".join(c.slug for c in live.categories.all())
            raise ValidationError(
                {
                    "category": f"The published policy has no category “{self.category}”. "
                    f"Use one of: {slugs}."
                }
            )


class ConsentDecision(models.Model):
    """Proof of consent: one row per decision. Deliberately no IP address or user agent."""

    METHOD_CHOICES = [
        ("banner-js", "Banner (JavaScript)"),
        ("banner-form", "Banner (no JavaScript)"),
        ("settings-page", "Cookie settings page"),
    ]

    consent_id = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    policy_version = models.PositiveIntegerField()
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    categories = models.JSONField(default=list, help_text="Accepted category slugs.")
    method = models.CharField(max_length=20, choices=METHOD_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "consent decision"

    def __str__(self):
        return f"{self.consent_id} v{self.policy_version}"

    @property
    def categories_display(self):
        return ", ".join(self.categories) or "necessary only"
