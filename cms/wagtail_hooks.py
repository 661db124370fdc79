from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem

from cms.content_checker import SiteContentCheckerItem


@hooks.register("construct_wagtail_userbar")
def use_site_content_checker(request, items, page):
    """Swap Wagtail's default content checker for the one configured for this site."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentCheckerItem):
            items[index] = SiteContentCheckerItem(in_editor=getattr(item, "in_editor", False))
