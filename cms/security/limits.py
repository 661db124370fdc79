"""
Input limits applied before user-supplied values reach a search backend, the ORM or
the API: long or pathological input is cut to size here instead of costing CPU there
(Wagtail has had a ReDoS advisory in its search query parser).

Every helper returns a safe value and never raises, so callers can keep a 200 response
with the cleaned input, or compare and answer 400 themselves.
"""

import re
import unicodedata

from django.utils.text import slugify

MAX_QUERY_LENGTH = 200
MAX_SLUGS = 20
MAX_SLUG_LENGTH = 100

_WHITESPACE = re.compile(r"\s+")


def clean_query_text(value, max_length=MAX_QUERY_LENGTH):
    """
    Free text for a search box: control and format characters removed (NUL, escapes,
    zero-width and bidi overrides), runs of whitespace collapsed to one space, cut to
    `max_length` characters. None becomes "".
    """
    if value is None:
        return ""
    # Bound the work first: never scan megabytes only to keep 200 characters.
    text = str(value)[: max_length * 4]
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    text = _WHITESPACE.sub(" ", text).strip()
    return text[:max_length].rstrip()


def clean_int(value, minimum, maximum, default=None):
    """
    An integer query parameter (page number, limit, offset) clamped to
    [minimum, maximum]; `default` (or `minimum` when None) for missing or non-numeric
    input. Values with more than 18 digits are treated as non-numeric.
    """
    fallback = minimum if default is None else default
    if value is None or isinstance(value, bool):
        return fallback
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?\d{1,18}", text):
            return fallback
        number = int(text)
    return max(minimum, min(maximum, number))


def clean_slugs(values, max_count=MAX_SLUGS, max_length=MAX_SLUG_LENGTH):
    """
    Filter values such as `?sector=arts&sector=health`: each made a valid slug (empty
    ones dropped), duplicates removed keeping order, at most `max_count` of them and
    each at most `max_length` characters. Accepts one string or a list.
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    cleaned = []
    for value in list(values)[: max_count * 4]:
        slug = slugify(str(value)[: max_length * 2], allow_unicode=False)[:max_length]
        slug = slug.strip("-")
        if slug and slug not in cleaned:
            cleaned.append(slug)
        if len(cleaned) >= max_count:
            break
    return cleaned
