"""
What a process remembers for as long as the site's content generation stays the same.

Several things every public page reads change only when the content generation does
(cms/caching/generation.py): the Wagtail Site, the page view restrictions, the consent
configuration, the filters' choices, the types of the home page's children. Each is read
from the database once per process and generation and kept in a `GenerationMemory`;
a publish (or a save of what it was read from) changes the generation, and the next
request reads it again.

Each generation's values live in a dict of their own, replaced whole when the generation
changes, so a request still finishing under an older generation can never store its value
where a newer one will read it.
"""

import weakref

_MISSING = object()
# Every memory, for forget_all(); weak, so a memory made and dropped (a test's) is not kept.
_memories = weakref.WeakSet()


class GenerationMemory:
    """Values kept per process under one content generation at a time."""

    def __init__(self, max_entries=None):
        # A bound for memories keyed by what a visitor sends (hosts): when full, start over.
        self.max_entries = max_entries
        self._state = (None, {})
        _memories.add(self)

    def get(self, gen, read, key=None, keep=None):
        """The value remembered for `key` under generation `gen`, or `read()` (remembered
        unless `keep(value)` is false). With no generation (`gen` None: not a public GET)
        the database is always asked."""
        if gen is None:
            return read()
        remembered_gen, values = self._state
        if remembered_gen != gen or (self.max_entries and len(values) >= self.max_entries):
            values = {}
            self._state = (gen, values)
        value = values.get(key, _MISSING)
        if value is _MISSING:
            value = read()
            if keep is None or keep(value):
                values[key] = value
        return value

    def forget(self):
        self._state = (None, {})


def forget_all():
    """Empty every memory (tests, whose rolled-back generations could come back)."""
    for memory in _memories:
        memory.forget()
