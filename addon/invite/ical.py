"""iCalendar text to icalendar's ``Calendar``, one invite at a time, with nothing shared.

What in icalendar does not suit a server reading many people's invites is dealt with here, in
one place:

- It caches every custom VTIMEZONE by its TZID for the whole process, so the first invite that
  defines "Customized Time Zone" would decide the times of every later one with that name. We
  resolve zones ourselves per invite (``addon.invite.zones``), and remove what a parse added to
  the cache before the next parse starts (under a lock, as parses run in threads). What it
  built is kept by the definition's text instead (``addon.invite.builtzones``), so the same
  definition is not worked out again at every parse.
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

A component the meeting does not need (an alarm, a zone definition no time uses, a to-do) that
icalendar cannot read is left out, with a note, rather than sinking the whole invite.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterable

import icalendar
from icalendar.error import GloballyUniqueTZIDGuessed
from icalendar.timezone import tzp

from addon.errors import InviteError
from addon.invite import vcal10
from addon.invite.builtzones import BuiltZones
from addon.invite.skim import Skim, skim

_LOCK = threading.Lock()
_BUILT = BuiltZones()
# Control characters other than HTAB, CR and LF (which end content lines), and DEL; those that
# separate lines or records stand for a space, the others for nothing.
_SEPARATOR = re.compile(r"[\x0b\x0c\x1c-\x1e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
# Any line break (CRLF, bare CR, bare LF, and CRCRLF as some Windows tools double it) is one
# CRLF; the empty lines that leaves are not content lines and icalendar skips them.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BEGIN_END = re.compile(r"^(BEGIN|END)[ \t]*:[ \t]*([A-Za-z0-9-]+)[ \t]*(?=\r\n|\Z)", re.I | re.M)
_TZID = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.I)
# What the reader may leave out, in the order it tries, and what it says when it does.
_OPTIONAL = ("VALARM", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY")


def parse(text: str) -> tuple[icalendar.Calendar, list[str]]:
    """The first VCALENDAR in ``text`` and notes on what was caught or left out."""
    text, notes = _prepared(text)
    return _parse_prepared(text, notes)


def parse_skimmed(text: str) -> tuple[icalendar.Calendar, list[str], Skim | None]:
    """``parse``, leaving out of a calendar of many events what cannot change the outcome
    (``addon.invite.skim``), with the ``Skim`` that says which events were read whole; None
    when all were. The caller checks that the event it uses is whole, else calls ``parse``."""
    text, notes = _prepared(text)
    skimmed = skim(text)
    if skimmed is not None:
        try:
            calendars, caught = _parse_once(skimmed.text)
        except Exception:  # the full parse says what failed, and tries the barer readings
            calendars = []
        calendar = next((c for c in calendars if c.name == "VCALENDAR"), None)
        if calendar is not None:
            return calendar, notes + caught, skimmed
    calendar, notes = _parse_prepared(text, notes)
    return calendar, notes, None


def _prepared(text: str) -> tuple[str, list[str]]:
    """``text`` as icalendar can read it: CRLF lines, no control characters, iCalendar 2.0,
    every component closed; and notes on what that took."""
    text = _CONTROL.sub("", _SEPARATOR.sub(" ", _LINE_BREAK.sub("\r\n", text)))
    text = _BEGIN_END.sub(lambda m: f"{m[1].upper()}:{m[2].upper()}", text)
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

    def unused_zones(t: str) -> str:
        used = {m.strip('"') for m in _TZID.findall(_without(t, ("VTIMEZONE",)))}
        return _without(optional(t), ("VTIMEZONE",), keep=lambda block: _tzid(block) in used)

    def no_zones(t: str) -> str:
        return _without(optional(t), ("VTIMEZONE",))

    yield whole, ""
    yield (
        optional,
        "left out a VALARM (or another part the meeting does not need) it could not read",
    )
    yield unused_zones, "left out a VTIMEZONE no time of the meeting uses, which it could not read"
    yield no_zones, "left out the VTIMEZONE definitions it could not read; zones read by name"


def _parse_once(text: str) -> tuple[list[icalendar.Calendar], list[str]]:
    cache: dict[str, object] | None = getattr(tzp, "_TZP__tz_cache", None)
    blocks = _BUILT.blocks(text) if cache is not None and "BEGIN:VTIMEZONE" in text else {}
    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        before = set(cache) if cache is not None else set()
        if cache is not None and blocks:
            _BUILT.seed(cache, blocks)
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        finally:
            if cache is not None:
                added = {key: cache.pop(key) for key in set(cache) - before if key in cache}
                _BUILT.keep(added, blocks)
    # The zone reader says what it guessed in its own words.
    notes = [
        _short(w.message) for w in caught if not issubclass(w.category, GloballyUniqueTZIDGuessed)
    ]
    return list(calendars), notes


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
    out: list[str] = []
    open_: list[str] = []
    notes: list[str] = []
    folded = False
    # Unfolded as icalendar does (blank lines before a continuation go with it), and split on
    # CRLF only: str.splitlines would also break inside a value at U+2028 or U+0085.
    for line in re.sub(r"(?:\r\n)+[ \t]", "", text).split("\r\n"):
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


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


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


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
