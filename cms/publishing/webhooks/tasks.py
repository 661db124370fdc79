from django_tasks import task

from .delivery import deliver_due_webhooks


@task()
def deliver_webhooks_task():
    """Send new deliveries promptly; the worker's periodic pass handles retries."""
    deliver_due_webhooks()
