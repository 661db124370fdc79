from django.db import models


class CacheGeneration(models.Model):
    """
    The content generation of the site: one row, bumped in the same transaction as every
    publish, unpublish, move, delete or snippet change.

    Cached pages are stored under the generation they were rendered in, so bumping it makes
    every earlier copy unreachable at the instant the change commits, in every process (the
    database is what the web processes and the scheduler worker share, even when each has
    its own in-process cache).
    """

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "cache generation"

    def __str__(self):
        return f"{self.name}: {self.value}"
