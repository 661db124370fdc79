from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .embeds import ConsentMediaEmbedHandler
from .models import ConsentDecision, ConsentPolicy, GatedScript


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Proof of consent must not be editable, not even by superusers."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(ConsentDecision, ReadOnlyPermissionPolicy(ConsentDecision))


class ConsentPolicyViewSet(SnippetViewSet):
    model = ConsentPolicy
    icon = "lock"
    menu_label = "Consent policy"
    list_display = ["name", "version", "lifetime_days", "live"]


class GatedScriptViewSet(SnippetViewSet):
    model = GatedScript
    icon = "code"
    menu_label = "Gated scripts"
    list_display = ["name", "category", "placement", "enabled"]


class ConsentDecisionViewSet(ModelViewSet):
    model = ConsentDecision
    name = "consent_records"
    url_prefix = "consent-records"
    icon = "list-ul"
    menu_label = "Consent records"
    inspect_view_enabled = True
    list_display = ["consent_id", "policy_version", "categories_display", "method", "created_at"]
    list_filter = ["method", "policy_version"]
    search_fields = ["consent_id"]
    inspect_view_fields = [
        "consent_id",
        "policy_version",
        "revision_id",
        "categories",
        "method",
        "created_at",
    ]
    form_fields = []

    def get_urlpatterns(self):
        # Listing and inspect only: records are never added or changed by hand.
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


class ConsentGroup(SnippetViewSetGroup):
    items = (ConsentPolicyViewSet, GatedScriptViewSet, ConsentDecisionViewSet)
    menu_icon = "lock"
    menu_label = "Cookie consent"
    menu_name = "cookie-consent"


register_snippet(ConsentGroup)


@hooks.register("register_rich_text_features", order=100)
def register_consent_embed_handler(features):
    # Runs after wagtail.embeds' own hook so ours replaces its front-end "media" handler.
    features.register_embed_type(ConsentMediaEmbedHandler)
