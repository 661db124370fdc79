from django.core.management.base import BaseCommand

from cms.publishing.webhooks.delivery import deliver_due_webhooks


class Command(BaseCommand):
    help = "Send every webhook delivery that is due, once (the worker does this periodically)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="Most deliveries to send.")

    def handle(self, *args, limit, **options):
        def progress(delivery):
            self.stdout.write(
                f"{delivery.event.type} -> {delivery.subscription.target_url}: "
                f"{delivery.get_status_display()} "
                f"({delivery.last_status_code or delivery.last_error or '-'})"
            )

        done = deliver_due_webhooks(limit=limit, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{len(done)} deliveries attempted."))
