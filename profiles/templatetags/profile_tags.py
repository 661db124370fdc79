from django import template

from profiles import dates

register = template.Library()


@register.filter
def long_date(value):
    """24 September 2020 (house style: no leading zero, month in full)."""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return dates.format_date(value)
