"""
Make Wagtail's publish and unpublish actions atomic.

Wagtail saves the object, writes the log entry and sends the published /
unpublished signals as separate statements, in autocommit mode unless a caller
opened a transaction (the admin does; the `publish_scheduled` command, the API
and a scheduler worker may not). Our signal receivers record webhook events, so
wrapping `execute` in one transaction makes "the change happened" and "the
event was recorded" commit or roll back together.
"""

import functools

from django.db import transaction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.actions.unpublish import UnpublishAction

_PATCHED = "_alliance_atomic"


def _atomic(execute):
    @functools.wraps(execute)
    def wrapper(self, *args, **kwargs):
        with transaction.atomic():
            return execute(self, *args, **kwargs)

    setattr(wrapper, _PATCHED, True)
    return wrapper


def make_publish_actions_atomic():
    # Subclasses (PublishPageRevisionAction, UnpublishPageAction) call these via
    # super(), so patching the two base classes covers pages and snippets.
    for cls in (PublishRevisionAction, UnpublishAction):
        if not getattr(cls.execute, _PATCHED, False):
            cls.execute = _atomic(cls.execute)
