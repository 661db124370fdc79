from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "cms.publishing.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.publishing import purge
        from cms.publishing.webhooks import receivers, transactions

        # Publish/unpublish must commit together with the events they record.
        transactions.make_publish_actions_atomic()
        receivers.connect()
        # The CDN purge lives beside the webhooks because both react to the same
        # publish events; it has no models and so no app of its own.
        purge.connect()
