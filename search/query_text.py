"""Cleaning what a visitor typed into the search box.

The security helper may later provide a shared `clean_query_text`; search/ may not import
cms/, so this app keeps its own small version.
"""

import re
import unicodedata

MAX_QUERY_LENGTH = 200

# Characters the full-text engines treat as syntax (SQLite FTS5 quotes, column filters,
# NEAR groups, prefix stars; PostgreSQL tsquery operators). A visitor never means them as
# syntax, and an unbalanced quote makes SQLite FTS5 fail, so they become spaces.
_SYNTAX = re.compile(r"[\"'`*^:(){}\[\]<>|!&\\+~@#$%=;,?/]")
_SPACES = re.compile(r"\s+")


def clean_query_text(raw):
    """Printable text only, capped at MAX_QUERY_LENGTH, with search syntax removed.

    Letters and digits of any script are kept, so "café" and Welsh or Polish names work.
    """
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in (raw or ""))
    text = _SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH]
    return text


def searchable_terms(text):
    """The query as the engine sees it: syntax characters dropped, words separated."""
    return _SPACES.sub(" ", _SYNTAX.sub(" ", text)).strip()
