from wagtail import hooks

from cms.publishing import review_queue
from cms.publishing.panels import ScheduledPublishingPanel


@hooks.register("construct_homepage_panels")
def add_scheduled_publishing_panel(request, panels):
    panels.append(ScheduledPublishingPanel())


hooks.register("construct_homepage_panels", review_queue.shorten_long_review_queue)
