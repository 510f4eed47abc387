"""The zones icalendar builds from VTIMEZONE definitions, kept by the definition's text.

icalendar turns each VTIMEZONE whose TZID is not an IANA name into a zone as it parses (for
Exchange's "W. Europe Standard Time", rules from 1601 worked out into transitions): about a
quarter of the parse of a typical Outlook invite. ``addon.invite.ical`` removes what a parse
added to icalendar's process-wide cache, so that one invite's definition never decides another's
times; without this, every parse builds its zones again.

A definition written the same, byte for byte, always builds the same zone. So a zone is kept by
its block's text, and handed to icalendar under the key icalendar itself used for that very
text, before a later parse reaches it: the parse then finds it and builds nothing. A definition
that differs by one character is another entry; what icalendar did not add itself is never
handed back. Used only under ``ical``'s lock (icalendar's cache is shared by every thread).

Imports only the standard library.
"""

from __future__ import annotations

import re
from collections import OrderedDict

# A VTIMEZONE block of text that ``ical`` prepared: unfolded, CRLF lines, BEGIN/END upper-cased.
_BLOCK = re.compile(r"^BEGIN:VTIMEZONE\r\n.*?^END:VTIMEZONE\r\n", re.M | re.S)
_TZID = re.compile(r"^TZID:([^\r\n\\\"]*)\r\n", re.M | re.I)
SIZE = 64


class BuiltZones:
    """A bounded map from a VTIMEZONE's text to (icalendar's cache key, the zone it built)."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._kept: OrderedDict[str, tuple[str, object]] = OrderedDict()

    def blocks(self, text: str) -> dict[str, str]:
        """Each TZID's first definition in ``text`` by the key icalendar gives it (it keeps the
        first of two with one TZID); definitions with escapes or quotes are left out, as their
        key cannot be told from the text alone."""
        found: dict[str, str] = {}
        for block in _BLOCK.findall(text):
            tzid = _TZID.search(block)
            if tzid is not None:
                found.setdefault(tzid[1].strip("/"), block)
        return found

    def seed(self, cache: dict[str, object], blocks: dict[str, str]) -> None:
        """Put in icalendar's ``cache`` the zones already built from these very definitions."""
        for key, block in blocks.items():
            kept = self._kept.get(block)
            if kept is not None and kept[0] == key and key not in cache:
                cache[key] = kept[1]
                self._kept.move_to_end(block)

    def keep(self, added: dict[str, object], blocks: dict[str, str]) -> None:
        """Keep the zones a parse built (``added``: what it put in icalendar's cache)."""
        for key, zone in added.items():
            block = blocks.get(key)
            if block is None:
                continue
            self._kept[block] = (key, zone)
            self._kept.move_to_end(block)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
