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
  the next parse starts (under a lock, as parses run in threads).
- It drops a whole property whose value or parameter holds a control character (a name with
  an escape or a vertical tab loses the organizer). RFC 5545 §3.1 allows none but HTAB in a
  content line, so they are removed before parsing: the text around them is what was meant.
- It reports some findings as Python warnings (``GloballyUniqueTZIDGuessed``), which would go
  to a server's log or the command line's stderr. They are caught and returned as notes.
- It reads nothing from a file whose lines end in a bare CR (Lotus Notes, old Mac exports),
  whose ``BEGIN:VEVENT`` has a trailing space, or that ends without ``END:VCALENDAR``: it
  finds "no calendar". Line breaks are made CRLF, BEGIN and END lines trimmed, and the
  components' nesting checked first, so a file cut off inside its meeting is refused as what
  it is ("the file ends before END:VEVENT") and one only missing its closing lines is read.
- vCalendar 1.0 (``VERSION:1.0``) is translated to iCalendar 2.0 first (``addon.invite.vcal10``).

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
from addon.invite import vcal10
from addon.invite.skim import Skim, skim

_LOCK = threading.Lock()
# Control characters other than HTAB, CR and LF (which end content lines), and DEL; those that
# separate lines or records stand for a space, the others for nothing.
_SEPARATOR = re.compile(r"[\x0b\x0c\x1c-\x1e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # either, looked for once
# A BEGIN or END line, found from the line break before it: a pattern that begins with a
# literal lets the regex engine skip ahead (with ``^`` it tries every position: 2.5x slower).
_BEGIN_END = re.compile(r"\n(BEGIN|END)[ \t]*:[ \t]*([A-Za-z0-9-]+)[ \t]*(?=\r\n|\Z)", re.I)
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
    text, notes = _prepared(text)
    text, zones = _set_aside(text, x_read, unread)
    return (*_parse_prepared(text, notes), zones)


def parse_skimmed(
    text: str, *, x_read: Collection[str] | None = None, unread: frozenset[str] = frozenset()
) -> tuple[icalendar.Calendar, list[str], Skim | None, dict[str, str]]:
    """``parse``, leaving out of a calendar of many events what cannot change the outcome
    (``addon.invite.skim``), with the ``Skim`` that says which events were read whole; None
    when all were. The caller checks that the event it uses is whole, else calls ``parse``."""
    text, notes = _prepared(text)
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
    """``text`` (as ``_prepared`` leaves it: unfolded, every component closed, BEGIN and END
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
            if x_read is None or line[:2] not in ("X-", "x-") or _name(line) in x_read:
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


def _crlf(text: str) -> str:
    """Any line break (CRLF, bare CR, bare LF, and CRCRLF as some Windows tools double it) as
    one CRLF; the empty lines that leaves are not content lines and icalendar skips them. (CRLF
    pairs cannot overlap, so replacing them first leaves only bare ones.)"""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _prepared(text: str) -> tuple[str, list[str]]:
    """``text`` as icalendar can read it: CRLF lines, no control characters, iCalendar 2.0,
    every component closed; and notes on what that took."""
    text = _crlf(text)
    if _ANY_CONTROL.search(text):
        text = _CONTROL.sub("", _SEPARATOR.sub(" ", text))
    text = _BEGIN_END.sub(lambda m: f"\n{m[1].upper()}:{m[2].upper()}", "\n" + text)[1:]
    notes: list[str] = []
    if vcal10.is_vcal10(text):
        text, notes = vcal10.to_icalendar(text)
    text, closed = _closed(text)
    return text, notes + closed


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
    raise InviteError(f"unreadable iCalendar data ({_short(first_error)})")


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
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        finally:
            if cache is not None:
                for key in set(cache) - before:
                    cache.pop(key, None)
    # The zone reader says what it guessed in its own words.
    notes = [
        _short(w.message) for w in caught if not issubclass(w.category, GloballyUniqueTZIDGuessed)
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


# A fold, with the blank lines icalendar lets stand before it; CR first, so that the regex
# engine skips ahead to each CR (a group first is tried at every position, 10 times slower).
_NAME_END = re.compile(r"[;:]")
_FOLD = re.compile(r"\r\n(?:\r\n)*[ \t]")
# Lines that are all content lines (after ``_crlf``, no CR or LF but in a line break), and the
# BEGIN and END lines among them, as ``_closed`` tells them.
_CONTENT_LINES = re.compile(r"(?:[A-Za-z0-9-]+[;:][^\r\n]*(?:\r\n|\Z))*")
_EDGE_LINE = re.compile(r"\n(BEGIN|END):([^\r\n]*)")
# A content line: a name (letters, digits, dashes), then parameters or the value's colon.
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
# What a writer means as a property of its own, with a name iCalendar does not allow
# (X-LOTUS-CHILD_UID:…): never a continuation, whatever comes before it.
_LOOSE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*[;:]")
# Properties whose value is free text, which a writer may fold without the leading space.
_TEXT_NAME = re.compile(
    r"^(DESCRIPTION|SUMMARY|LOCATION|COMMENT|CONTACT|X-[A-Za-z0-9-]+)[;:]", re.IGNORECASE
)


def _closed(text: str) -> tuple[str, list[str]]:
    """``text`` with every component closed, and what that took; an InviteError naming the
    component when the file ends inside a meeting (it may be cut off anywhere in it)."""
    # Unfolded as icalendar does (blank lines before a continuation go with it), and split on
    # CRLF only: str.splitlines would also break inside a value at U+2028 or U+0085.
    unfolded = _FOLD.sub("", text)
    if _well_formed(unfolded):
        return unfolded if unfolded.endswith("\r\n") else unfolded + "\r\n", []
    return _closed_line_by_line(unfolded)


def _closed_line_by_line(unfolded: str) -> tuple[str, list[str]]:
    """``_closed`` for an unfolded text that is not well formed: what each line takes."""
    out: list[str] = []
    open_: list[str] = []
    notes: list[str] = []
    folded = False
    for line in unfolded.split("\r\n"):
        if not line.strip():
            continue
        if line.startswith("BEGIN:"):
            open_.append(line[6:])
        elif line.startswith("END:") and line[4:] in open_:
            # An END that skips inner ENDs closes them: the writer forgot them, but said where
            # the outer part ends, so nothing after them is lost.
            while open_[-1] != line[4:]:
                inner = open_.pop()
                notes.append(f"END:{inner} is missing: read the {inner} as ending at {line}")
                out.append(f"END:{inner}")
            open_.pop()
        elif line.startswith("END:") and open_:
            open_.pop()  # icalendar lets any END close the open component (END:VCALENDARD)
        elif not _CONTENT_LINE.match(line):
            if out and _TEXT_NAME.match(out[-1]) and not _LOOSE_NAME.match(line):
                # Right after a text property, it is that text folded without the leading
                # space RFC 5545 3.1 asks for (Confluence writes its descriptions so): the
                # fold is undone as if the space were there, nothing lost.
                out[-1] += line
                if not folded:
                    notes.append(f"joined lines folded without a leading space to {_name(out[-1])}")
                folded = True
                continue
            # No name and colon: not an iCalendar line at all (a stray "X"), which would make
            # the whole file unreadable; what it says belongs to no property.
            notes.append(f"left out a line that is not iCalendar: {_short(line)}")
            continue
        out.append(line)
    if "VEVENT" in open_:
        raise InviteError("the file ends before END:VEVENT: the meeting may be cut off")
    # Nothing is lost when only the closing lines are missing (END:VCALENDAR most often).
    out += [f"END:{name}" for name in reversed(open_)]
    return "\r\n".join(out) + "\r\n", notes


def _well_formed(unfolded: str) -> bool:
    """Whether ``_closed`` would keep ``unfolded`` as it is: every line a content line (no
    blank or stray one) and every component ended in order. Most invites are; this says so
    with two regexes instead of a look at each line."""
    if not _CONTENT_LINES.fullmatch(unfolded):
        return False
    open_: list[str] = []
    for edge in _EDGE_LINE.finditer("\n" + unfolded):
        if edge[1] == "BEGIN":
            open_.append(edge[2])
        elif open_ and open_[-1] == edge[2]:
            open_.pop()
        else:
            return False
    return not open_


def _name(line: str) -> str:
    return _NAME_END.split(line, maxsplit=1)[0].upper()


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


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
