"""The zones icalendar builds from VTIMEZONE definitions, kept by the definition's text.

icalendar turns each VTIMEZONE whose TZID is not an IANA name into a zone as it parses (for
Exchange's "W. Europe Standard Time", rules from 1601 worked out into transitions): about a
quarter of the parse of a typical Outlook invite. ``addon.invite.ical`` removes what a parse
added to icalendar's process-wide cache, so that one invite's definition never decides another's
times; without this, every parse builds its zones again.

A definition written the same, byte for byte, always builds the same zone. So a zone is kept by
its block's text, and handed to icalendar under the key icalendar itself used for that very
text, before a later parse reaches it: the parse then finds it and builds nothing. A definition
that differs by one character is another entry. Only a zone icalendar built for that key is
kept: icalendar also caches what it guessed for a TZID it could not find (another definition's
zone under a vendor-prefixed name, or an IANA zone), and such an entry is no definition's own.
``seed`` and ``keep`` run under ``ical``'s lock (icalendar's cache is shared by every thread);
the reader never relies on the zones icalendar attaches (``addon.invite.times`` reads the wall
time in the zone the invite means), so a zone another thread's unlocked parse put in icalendar's
cache meanwhile could at worst be kept under a wrong text, not read as an invite's time.

Imports only the standard library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from zoneinfo import ZoneInfo

# A VTIMEZONE block of text that ``ical`` prepared: unfolded, CRLF lines, BEGIN/END upper-cased.
_BLOCK = re.compile(r"^BEGIN:VTIMEZONE\r\n.*?^END:VTIMEZONE\r\n", re.M | re.S)
_TZID = re.compile(r"^TZID:([^\r\n\\\"]*)\r\n", re.M | re.I)
SIZE = 64
_FAR = dt.datetime(2100, 1, 1)


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
        """Keep the zones a parse built (``added``: what it put in icalendar's cache). A zone
        under two keys was found for one of them by a guess, and an IANA zone was looked up:
        neither was built from the block of its key."""
        seen: dict[int, int] = {}
        for zone in added.values():
            seen[id(zone)] = seen.get(id(zone), 0) + 1
        for key, zone in added.items():
            block = blocks.get(key)
            if block is None or seen[id(zone)] > 1 or isinstance(zone, ZoneInfo):
                continue
            if not _walked(zone):
                continue
            self._kept[block] = (key, zone)
            self._kept.move_to_end(block)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


def _walked(zone: object) -> bool:
    """``zone`` used once before another thread can have it, as ``addon.invite.zones`` does for
    its own (dateutil keeps the lock of a rule it walks to its end); False when it cannot say
    an offset, which a later parse then finds out for itself."""
    try:
        zone.utcoffset(_FAR)  # type: ignore[attr-defined]
    except Exception:  # a zone icalendar built that dateutil cannot use
        return False
    return True
