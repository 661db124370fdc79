"""Admin views for webhooks: subscriptions (secret shown once), delivery log, resend."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .delivery import resend
from .models import EVENT_CHOICES, WebhookDelivery, WebhookSubscription, generate_secret


class AdministratorsOnlyPolicy(BasePermissionPolicy):
    """Webhook secrets and targets are for administrators (superusers) alone."""

    def __init__(self, model, actions=("add", "change", "delete", "view")):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in self.actions

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def register_policies():
    register_permission_policy(WebhookSubscription, AdministratorsOnlyPolicy(WebhookSubscription))
    # The delivery log is read-only: resending makes a new delivery, nothing is edited.
    register_permission_policy(
        WebhookDelivery, AdministratorsOnlyPolicy(WebhookDelivery, actions=("view",))
    )


class WebhookSubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Which events to send to this address.",
    )
    regenerate_secret = forms.BooleanField(
        required=False,
        help_text="Tick to replace the signing secret; the new one is shown once after saving.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "target_url", "events", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "regenerate_secret" in self.fields:
            # Only the end of the secret is ever shown again, to tell secrets apart.
            self.fields["regenerate_secret"].help_text = (
                f"Current secret: {self.instance.masked_secret}. "
                + self.fields["regenerate_secret"].help_text
            )

    def save(self, commit=True):
        if self.cleaned_data.get("regenerate_secret"):
            self.instance.secret = generate_secret()
            self.secret_changed = True
        return super().save(commit=commit)


def _secret_message(instance, verb):
    return (
        f"Webhook subscription '{instance}' {verb}. Its signing secret is {instance.secret} "
        "— copy it now: it will not be shown again."
    )


class SubscriptionCreateView(generic.CreateView):
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.fields.pop("regenerate_secret", None)
        return form

    def get_success_message(self, instance):
        return _secret_message(instance, "created")


class SubscriptionEditView(generic.EditView):
    def get_success_message(self):
        if getattr(self.form, "secret_changed", False):
            return _secret_message(self.object, "updated with a new secret")
        return f"Webhook subscription '{self.object}' updated. Secret: {self.object.masked_secret}"


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link-external"
    menu_label = "Subscriptions"
    add_view_class = SubscriptionCreateView
    edit_view_class = SubscriptionEditView
    copy_view_enabled = False
    list_display = ["name", "target_url", Column("events", accessor="get_events_display"), "active"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("target_url"),
            FieldPanel("events"),
            FieldPanel("active"),
            FieldPanel("regenerate_secret"),
        ],
        base_form_class=WebhookSubscriptionForm,
    )


class DeliveryInspectView(generic.InspectView):
    template_name = "webhooks/admin/delivery_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        context["payload"] = self.object.event.payload
        context["resend_url"] = reverse("webhooks_delivery:resend", args=[self.object.pk])
        return context


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: read-only, with a Resend button on each delivery."""

    model = WebhookDelivery
    icon = "history"
    menu_label = "Delivery log"
    name = "webhooks_delivery"
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    copy_view_enabled = False
    list_display = [
        Column("event", label="Event", accessor="event.type"),
        "subscription",
        StatusTagColumn("status", accessor="get_status_display", primary=lambda d: False),
        "attempts",
        "last_status_code",
        "last_response_ms",
        "created_at",
    ]
    list_filter = ["status", "subscription"]
    inspect_view_fields = [
        "event",
        "subscription",
        "status",
        "attempts",
        "next_attempt_at",
        "first_attempt_at",
        "last_status_code",
        "last_response_ms",
        "last_error",
        "delivered_at",
        "created_at",
    ]
    # Never used: the policy allows only "view", so add/edit are refused.
    form_fields = ["subscription"]

    def get_queryset(self, request):
        return WebhookDelivery.objects.select_related("event", "subscription")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/resend/", require_POST(self.resend_view), name="resend")
        ]

    def resend_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        new = resend(delivery)
        messages.success(
            request,
            f"'{delivery.event.type}' queued again for {delivery.subscription}; "
            "the worker sends it shortly.",
        )
        return redirect(self.get_url_name("inspect"), pk=new.pk)


class WebhooksGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    add_to_admin_menu = True
    menu_order = 900
    items = [WebhookSubscriptionViewSet("webhooks_subscription"), WebhookDeliveryViewSet()]
