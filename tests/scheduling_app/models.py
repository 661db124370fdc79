"""
A draft-state snippet used only by the tests, so scheduled publishing and expiry of snippets
is checked without depending on the content apps being built in parallel.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, RevisionMixin


class Notice(DraftStateMixin, RevisionMixin, models.Model):
    title = models.CharField(max_length=255, help_text="What the notice says.")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="notice")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions
