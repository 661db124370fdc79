"""
en-GB input formats that also accept what the Wagtail admin's date pickers write.

WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT ("24 September 2020", "25 November 2026 14:30")
are the formats the admin widgets display and submit, and Django only parses input formats it
is told about: without these, re-saving a page with a schedule or a "member since" date fails
with "Enter a valid date/time". Wagtail documents this pairing (check wagtailadmin.E003).
"""

from django.conf.locale.en_GB import formats as django_en_gb

DATE_INPUT_FORMATS = ["%d %B %Y", *django_en_gb.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = ["%d %B %Y %H:%M", *django_en_gb.DATETIME_INPUT_FORMATS]

# Dates and times shown anywhere a template prints a datetime as-is (for example Wagtail's
# status side panel "Go-live:" line) name the zone, so an editor never guesses GMT or BST.
DATETIME_FORMAT = "j F Y, H:i T"
