"""/updates/feed/: RSS 2.0 of the latest progress updates across every member."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.rich_text import expand_db_html

from profiles import dates
from profiles.models import ActionPage, OrganisationProfilePage

FEED_LENGTH = 50


def latest_updates(limit=FEED_LENGTH):
    """The newest `limit` updates of live, public actions, newest first.

    Every one of the newest `limit` updates belongs to one of the `limit` actions with
    the newest `latest_update_date` (an action outside them has `limit` newer actions
    ahead of it, each with an update at least as new), so two queries cover it: those
    actions, then their parent profiles.
    """
    actions = list(
        ActionPage.objects.live()
        .public()
        .filter(latest_update_date__isnull=False)
        .order_by("-latest_update_date", "path")[:limit]
    )
    parent_paths = {action.path[: -ActionPage.steplen] for action in actions}
    members = {
        member.path: member
        for member in OrganisationProfilePage.objects.filter(path__in=parent_paths)
    }
    items = []
    for action in actions:
        member = members.get(action.path[: -ActionPage.steplen])
        for child in action.updates:
            sort_date = dates.update_sort_date(child.value)
            if sort_date:
                items.append((sort_date, action, member, child))
    items.sort(key=lambda item: item[0], reverse=True)
    return items[:limit]


class LatestUpdatesFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "Dementia Action Alliance: latest progress updates"
    link = "/members/"
    description = "What member organisations report about their actions, newest first."
    language = "en-gb"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def items(self):
        return latest_updates()

    def item_title(self, item):
        _date, action, member, child = item
        org = member.title if member else ""
        return f"{org} — {action.title}: {dates.update_label(child.value)}"

    def item_description(self, item):
        body = item[3].value.get("body")
        return expand_db_html(body.source if body is not None else "")

    def item_link(self, item):
        return item[1].get_url(request=self.request)

    def item_guid(self, item):
        # One action has many updates: the block id tells them apart.
        return f"{item[1].get_full_url(request=self.request)}#update-{item[3].id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        # A quarter counts as its last day (see profiles.dates). Midday UK time keeps
        # the same calendar day for readers in any time zone of Europe or the Americas.
        day = item[0]
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    def item_author_name(self, item):
        return item[2].title if item[2] else None
