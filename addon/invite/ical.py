"""iCalendar text to icalendar's ``Calendar``, one invite at a time, with nothing shared.

What in icalendar does not suit a server reading many people's invites is dealt with here, in
one place:

- It builds a zone from every VTIMEZONE it parses (Exchange's from rules that begin in 1601) and
  caches it by its TZID for the whole process, so the first invite that defines "Customized
  Time Zone" would decide the times of every later one with that name. The reader never uses
  the zones icalendar attaches: it reads each time's wall time and TZID and resolves the zone
  itself, per invite (``addon.invite.zones``). So the VTIMEZONE blocks are set aside before
  icalendar parses, handed to the reader by TZID, and read only when a TZID names no known
  zone. VALARMs, which nothing reads, are set aside too, and so are the X- properties the
  caller does not read (Exchange writes a dozen per invite) and the standard ones it says it
  never reads (a fifth of an Exchange invite's lines: PRODID, CLASS, PRIORITY, TRANSP...).
  What a parse still adds to icalendar's cache (a guess for an unknown TZID) is removed before
  the next parse starts (under a lock, as parses run in threads); icalendar's answer for each
  TZID is kept here instead, so that no parse asks zoneinfo for the same name again.
- It reports some findings as Python warnings (``GloballyUniqueTZIDGuessed``), which would go
  to a server's log or the command line's stderr. They are caught and returned as notes.
- It drops a whole property that holds a control character, and reads nothing from a file
  with bare CRs, a trailing space after ``BEGIN:VEVENT`` or no ``END:VCALENDAR``: the text is
  made readable first (``addon.invite.prepare``).

A component the meeting does not need (a to-do, a journal) that icalendar cannot read is left
out, with a note, rather than sinking the whole invite; an alarm or a zone definition is never
parsed with the meeting, so it cannot sink it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import warnings
from collections.abc import Callable, Collection, Iterable
from typing import Any

import icalendar
from icalendar.error import GloballyUniqueTZIDGuessed
from icalendar.timezone import tzp

from addon.errors import InviteError
from addon.invite import lines
from addon.invite.prepare import line_name, prepared, short
from addon.invite.skim import Skim, skim

_LOCK = threading.Lock()
_TZID = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.I)
# What the reader may leave out, in the order it tries, and what it says when it does.
_OPTIONAL = ("VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY")
# What is never parsed with the meeting: zone definitions (read by ``zone_definition`` when a
# TZID needs one) and alarms (nobody's reminder is the client's business).
_ASIDE = ("VTIMEZONE", "VALARM")
# Any zone: a placeholder that keeps icalendar from building one (``zone_definition``).
_UNBUILT = dt.UTC


def parse(
    text: str, *, x_read: Collection[str] | None = None, unread: frozenset[str] = frozenset()
) -> tuple[icalendar.Calendar, list[str], dict[str, str]]:
    """The first VCALENDAR in ``text`` (without its zone definitions and alarms), notes on what
    was caught or left out, and the text of each VTIMEZONE by its TZID. ``x_read``: the only
    X- properties the caller reads (upper case), when it says; ``unread``: properties it never
    reads (upper case), left out as well."""
    text, notes = prepared(text)
    text, zones = _set_aside(text, x_read, unread)
    return (*_parse_prepared(text, notes), zones)


def parse_skimmed(
    text: str, *, x_read: Collection[str] | None = None, unread: frozenset[str] = frozenset()
) -> tuple[icalendar.Calendar, list[str], Skim | None, dict[str, str]]:
    """``parse``, leaving out of a calendar of many events what cannot change the outcome
    (``addon.invite.skim``), with the ``Skim`` that says which events were read whole; None
    when all were. The caller checks that the event it uses is whole, else calls ``parse``."""
    text, notes = prepared(text)
    text, zones = _set_aside(text, x_read, unread)
    skimmed = skim(text)
    if skimmed is not None:
        try:
            calendars, caught = _parse_once(skimmed.text)
        except Exception:  # the full parse says what failed, and tries the barer readings
            calendars = []
        calendar = next((c for c in calendars if c.name == "VCALENDAR"), None)
        if calendar is not None:
            return calendar, notes + caught, skimmed, zones
    calendar, notes = _parse_prepared(text, notes)
    return calendar, notes, None, zones


def zone_definition(block: str) -> Any:
    """The VTIMEZONE component in ``block`` (a text ``parse`` set aside), read without
    icalendar building its zone: the caller builds the zone it needs once
    (``addon.invite.zones``). Raises what icalendar raises for a definition it cannot read."""
    key = _unescaped(_tzid(block.split("\r\n"))).strip("/")
    calendars, _ = _parse_once(block, unbuilt=(key,))
    found = [c for c in calendars if c.name == "VTIMEZONE"]
    if not found:
        raise ValueError("no VTIMEZONE in the definition")
    return found[0]


def _set_aside(
    text: str, x_read: Collection[str] | None, unread: frozenset[str] = frozenset()
) -> tuple[str, dict[str, str]]:
    """``text`` (as ``prepared`` leaves it: unfolded, every component closed, BEGIN and END
    upper-cased) without its VTIMEZONE and VALARM components, the X- properties not in
    ``x_read`` and the properties in ``unread`` (written in capitals), and the text of each
    VTIMEZONE of the first VCALENDAR (the one the reader reads) by its TZID; of two with one
    TZID, the last, as the reader has always taken it."""
    kept: list[str] = []
    zones: dict[str, str] = {}
    block: list[str] = []
    depth = 0  # inside a component set aside
    level = 0  # of the components kept
    calendars = 0  # top-level VCALENDARs begun so far
    skipped = _named(unread)
    for line in text.split("\r\n"):
        if not depth:
            if line.startswith("BEGIN:") and line[6:] in _ASIDE:
                block, depth = [line], 1
                continue
            if unread and skipped.match(line):
                continue
            if x_read is None or line[:2] not in ("X-", "x-") or line_name(line) in x_read:
                kept.append(line)
            if line.startswith("BEGIN:"):
                calendars += not level and line == "BEGIN:VCALENDAR"
                level += 1
            elif line.startswith("END:") and level:
                level -= 1
            continue
        block.append(line)
        # As icalendar nests them, any END closes the innermost component.
        depth += 1 if line.startswith("BEGIN:") else -1 if line.startswith("END:") else 0
        if not depth and block[0] == "BEGIN:VTIMEZONE" and level and calendars == 1:
            zones[_unescaped(_tzid(block)).strip('"')] = "\r\n".join(block) + "\r\n"
    return "\r\n".join(kept), zones


@functools.cache
def _named(names: frozenset[str]) -> re.Pattern[str]:
    """What a line of a property in ``names`` begins with: its name, then ``;`` or ``:``."""
    return re.compile("(?:" + "|".join(map(re.escape, sorted(names))) + ")[;:]")


def _parse_prepared(text: str, notes: list[str]) -> tuple[icalendar.Calendar, list[str]]:
    first_error: Exception | None = None
    for drop, note in _attempts(text):
        try:
            calendars, caught = _parse_once(drop(text))
        except Exception as error:  # icalendar raises ValueError, KeyError, IndexError...
            first_error = first_error or error
            continue
        calendar = next((c for c in calendars if c.name == "VCALENDAR"), None)
        if calendar is None:
            raise InviteError("no VCALENDAR in the calendar data")
        return calendar, notes + ([note] if note else []) + caught
    raise InviteError(f"unreadable iCalendar data ({short(first_error)})")


def _attempts(text: str) -> Iterable[tuple[Callable[[str], str], str]]:
    """Each way to read ``text``, from whole to barest, with what it leaves out; only tried
    when the one before failed, so a good invite costs one parse."""

    def whole(t: str) -> str:
        return t

    def optional(t: str) -> str:
        return _without(t, _OPTIONAL)

    yield whole, ""
    yield optional, "left out a VTODO (or another part the meeting does not need) it could not read"


def _parse_once(
    text: str, *, unbuilt: tuple[str, ...] = ()
) -> tuple[list[icalendar.Calendar], list[str]]:
    """icalendar's reading of ``text``, leaving its process-wide cache of zones as it was.
    ``unbuilt``: keys of zones icalendar is not to build (it builds none it finds cached)."""
    cache: dict[str, object] | None = getattr(tzp, "_TZP__tz_cache", None)
    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        before = set(cache) if cache is not None else set()
        try:
            if cache is not None:
                known = _looked_up(text, cache, before)  # on the cache as it was
                for key in unbuilt:
                    cache.setdefault(key, _UNBUILT)
                for key, zone in known.items():
                    cache.setdefault(key, zone)
            calendars = lines.calendars(text)
        finally:
            if cache is not None:
                for key in set(cache) - before:
                    cache.pop(key, None)
    # The zone reader says what it guessed in its own words.
    notes = [
        short(w.message) for w in caught if not issubclass(w.category, GloballyUniqueTZIDGuessed)
    ]
    return list(calendars), notes


# What icalendar's own look-up (``tzp.timezone``) answers for each TZID, kept so that a parse
# need not look again: for a Windows name ("W. Europe Standard Time") it first asks zoneinfo for
# a file of that name, which stats the disk and costs more than the rest of the time's parse.
# The answer depends on the TZID alone: the cache the look-up consults is as it was before any
# parse (each parse removes what it added). "No zone" is kept as ``_NO_ZONE``, a zone at offset
# 0 that is not UTC, so that a time reads as the wall time written, without "Z", as icalendar's
# zoneless time would; the reader puts every time with a TZID in a zone of its own choosing
# (``addon.invite.times``), never in the one icalendar attached.
_NO_ZONE = dt.timezone(dt.timedelta(0), "no zone")
_ZONES: dict[str, object] = {}
_ZONES_KEPT = 512  # TZIDs are the sender's text: a bounded memory of them


def _looked_up(text: str, cache: dict[str, object], before: set[str]) -> dict[str, object]:
    """The zone icalendar finds for each TZID in ``text`` (by its look-up key), looked up now
    for those not seen before; a TZID whose look-up fails is left for the parse to fail on."""
    found: dict[str, object] = {}
    for written in _TZID.findall(text):
        key = tzp.clean_timezone_id(written.strip('"'))
        if key in found or key in before:
            continue
        if key not in _ZONES:
            zone = _look_up(key, cache, before)
            if zone is _FAILED:
                continue
            if len(_ZONES) >= _ZONES_KEPT:
                _ZONES.clear()
            _ZONES[key] = _NO_ZONE if zone is None else zone
        found[key] = _ZONES[key]
    return found


_FAILED = object()


def _look_up(key: str, cache: dict[str, object], before: set[str]) -> object:
    """icalendar's answer for ``key``, its cache left as it was; ``_FAILED`` when the look-up
    raises ("Europe" names a folder of zones): the parse is left to fail as it always did."""
    try:
        return tzp.timezone(key)
    except Exception:
        return _FAILED
    finally:
        for added in set(cache) - before:
            cache.pop(added, None)


def _without(
    text: str, names: tuple[str, ...], *, keep: Callable[[list[str]], bool] = lambda _: False
) -> str:
    """``text`` without the components called ``names`` (unless ``keep`` says otherwise)."""
    out: list[str] = []
    block: list[str] = []
    name, depth = "", 0
    for line in _unfolded(text):
        upper = line.strip().upper()
        if depth == 0 and upper.startswith("BEGIN:") and upper[6:] in names:
            name, depth, block = upper[6:], 1, [line]
            continue
        if depth:
            block.append(line)
            if upper == f"BEGIN:{name}":
                depth += 1
            elif upper == f"END:{name}":
                depth -= 1
                if depth == 0 and keep(block):
                    out += block
            continue
        out.append(line)
    return "\r\n".join(out) + "\r\n"


def _unfolded(text: str) -> list[str]:
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def _tzid(block: list[str]) -> str:
    for line in block:
        if line.upper().startswith("TZID"):
            return line.partition(":")[2].strip().strip('"')
    return ""


def _unescaped(value: str) -> str:
    """A TEXT value's escapes (RFC 5545 3.3.11) undone, as icalendar reads a TZID."""
    return re.sub(r"\\([\\;,])", r"\1", value)
