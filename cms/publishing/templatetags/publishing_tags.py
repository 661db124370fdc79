from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import dateformat

register = template.Library()


@register.filter
def site_time(value):
    """
    A datetime in the site's timezone with the zone named: "25 November 2026 14:30 GMT".

    Always the site's zone (not the admin user's preference), because schedules are agreed
    in Europe/London time and an unnamed time is ambiguous around the clock changes.
    """
    if not value:
        return ""
    local = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    return dateformat.format(local, "j F Y H:i T")
