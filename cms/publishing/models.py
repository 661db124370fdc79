from django.db import models


class WorkerHeartbeat(models.Model):
    """
    One row per running worker, updated after every pass of its periodic jobs.

    The dashboard panel and /healthz read the newest row to tell editors (and the load
    balancer) whether scheduled publishing is actually happening.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_run_at = models.DateTimeField(db_index=True)
    last_run_items = models.PositiveIntegerField(
        default=0, help_text="Items published or unpublished in the last pass."
    )
    total_items = models.PositiveIntegerField(
        default=0, help_text="Items published or unpublished since this worker started."
    )
    last_error = models.TextField(blank=True, help_text="The last job failure, if any.")

    class Meta:
        verbose_name = "worker heartbeat"
        ordering = ["-last_run_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"
