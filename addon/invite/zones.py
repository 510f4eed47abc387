"""Which time zone a TZID names, for one invite.

Senders name zones in many ways: IANA names (``Europe/Stockholm``), Windows names (``W. Europe
Standard Time``), globally unique ids with a vendor prefix (``/freeassociation.sourceforge.net/
Europe/Berlin``, Evolution), a definition of their own under any name (Outlook's "Customized
Time Zone", Mozilla's ``US-Eastern``), and display names with no definition at all (Outlook's
"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", Lotus Notes' "Western/Central
Europe"). ``InviteZones`` resolves each for one invite, in that order of trust, and notes what
it had to guess. A definition is read only when its TZID names no known zone, and an invite's
own definition never changes how another invite is read: a zone built from a definition is kept
only by that definition's whole text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import zoneinfo
from collections import OrderedDict
from zoneinfo import ZoneInfo

from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from addon.invite.ical import zone_definition

# Names with no definition that mail systems write, and the zone they stand for. Lotus Notes
# writes its own region names; Mozilla Calendar 0.x wrote "US-Eastern" and friends.
ALIASES = {
    "western/central europe": "Europe/Berlin",
    "central europe": "Europe/Budapest",
    "eastern europe": "Europe/Bucharest",
    "greenwich": "Europe/London",
    "gmt": "Europe/London",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "us-eastern": "America/New_York",
    "us-central": "America/Chicago",
    "us-mountain": "America/Denver",
    "us-pacific": "America/Los_Angeles",
}
_UTC_PREFIX = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\s*\)\s*", re.I)


# Zones built from an invite's own definition, by the definition's text: dateutil works the
# offset of a time out by walking the definition's rules from their start (1601 in Outlook's),
# and keeps what it walked in the zone object; a new object per invite walked four centuries
# again (a tenth of the public corpus's reading). The same text always builds the same zone.
_DEFINED: OrderedDict[str, dt.tzinfo] = OrderedDict()
_DEFINED_SIZE = 64
_DEFINED_LOCK = threading.Lock()
_FAR = dt.datetime(2100, 1, 1)


def defined_zone(text: str) -> dt.tzinfo:
    """The zone a VTIMEZONE's ``text`` defines, built once per text."""
    with _DEFINED_LOCK:
        kept = _DEFINED.get(text)
        if kept is not None:
            _DEFINED.move_to_end(text)
            return kept
    built: dt.tzinfo = zone_definition(text).to_tz(tzp, lookup_tzid=False)
    # Used once here, in this thread, before any other thread can have it: dateutil keeps the
    # lock of a rule it walks to its end (a DAYLIGHT part with no RRULE is one such) and so
    # would leave a second thread walking it at the same time waiting for ever; walked to
    # 2100 here, every finite rule is complete, and later walks take no lock.
    built.utcoffset(_FAR)
    with _DEFINED_LOCK:
        _DEFINED[text] = built
        while len(_DEFINED) > _DEFINED_SIZE:
            _DEFINED.popitem(last=False)
    return built


class InviteZones:
    """The zones of one invite: ``definitions`` are its VTIMEZONEs' texts by TZID."""

    def __init__(self, definitions: dict[str, str], floating_tz: dt.tzinfo) -> None:
        self.definitions = definitions
        self.floating_tz = floating_tz
        self.notes: list[str] = []
        self.guessed: set[str] = set()  # TZIDs read by a guess: a display name, or no zone
        self.floating = False  # a time came with no zone at all: it means the reader's own
        self._found: dict[str, dt.tzinfo] = {}

    def zone(self, tzid: str | None) -> dt.tzinfo:
        """The zone ``tzid`` names; the reader's zone, with a note, when it names none."""
        if not tzid:
            self.floating = True
            self._note(f"the invite gives no time zone: times read in {self.floating_tz}")
            return self.floating_tz
        if tzid not in self._found:
            self._found[tzid] = self._resolve(tzid)
        return self._found[tzid]

    def _resolve(self, tzid: str) -> dt.tzinfo:
        known = iana(tzid)
        if known is not None:
            return known
        unique = iana(_without_vendor(tzid))
        if unique is not None:
            self._note(f"the zone {tzid!r} was read as {unique.key}")
            return unique
        definition = self.definitions.get(tzid)
        if definition is not None:
            try:
                return defined_zone(definition)
            except Exception:
                self._note(f"the definition of the zone {tzid!r} could not be read")
        guessed = display_name_zone(tzid)
        if guessed is not None:
            self._note(f"the zone {tzid!r} has no definition: guessed {guessed.key}")
            self.guessed.add(tzid)
            return guessed
        self._note(f"unknown time zone {tzid!r}: times read in {self.floating_tz}")
        return self.floating_tz

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def iana(name: str) -> ZoneInfo | None:
    """The IANA zone a name or a Windows name stands for, or None."""
    name = name.strip().strip('"')
    candidate = WINDOWS_TO_OLSON.get(name, name)
    if not candidate or candidate.startswith("/") or ".." in candidate:
        return None
    try:
        return ZoneInfo(candidate)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def display_name_zone(name: str) -> ZoneInfo | None:
    """A zone for a display name: an alias Lotus Notes or Mozilla write, or Outlook's
    "(UTC+01:00) City, City, ..." read by its cities, checked against the offset it states."""
    text = " ".join(name.strip().strip('"').split())
    alias = ALIASES.get(text.lower())
    if alias is not None:
        return ZoneInfo(alias)
    prefix = _UTC_PREFIX.match(text)
    stated: dt.timedelta | None = None
    if prefix:
        sign, hours, minutes = prefix.groups()
        stated = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        stated = -stated if sign == "-" else stated
        text = text[prefix.end() :]
        alias = ALIASES.get(text.lower())
        if alias is not None:
            return ZoneInfo(alias)
    for city in (c.strip().lower() for c in re.split(r"[,;/]", text)):
        found = _cities().get(city)
        if found is not None and (stated is None or _standard_offset(found) == stated):
            return found
    return None


def _without_vendor(tzid: str) -> str:
    """``/mozilla.org/20070129_1/America/New_York`` -> ``America/New_York``: the IANA name
    at the end of a globally unique TZID (RFC 5545 §3.2.19)."""
    parts = [p for p in tzid.strip().strip('"').split("/") if p]
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        if iana(candidate) is not None and "." not in parts[start]:
            return candidate
    return tzid


@functools.cache
def _cities() -> dict[str, ZoneInfo]:
    """Every IANA zone by its city ("stockholm" -> Europe/Stockholm)."""
    found: dict[str, ZoneInfo] = {}
    for key in sorted(zoneinfo.available_timezones()):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            found.setdefault(key.rsplit("/", 1)[1].replace("_", " ").lower(), ZoneInfo(key))
    return found


def _standard_offset(zone: ZoneInfo) -> dt.timedelta | None:
    year = dt.datetime.now(dt.UTC).year
    offsets = [dt.datetime(year, month, 1, tzinfo=zone).utcoffset() for month in (1, 7)]
    return min(o for o in offsets if o is not None)
