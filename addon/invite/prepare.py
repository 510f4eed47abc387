"""iCalendar text made readable for icalendar, before ``addon.invite.ical`` parses it.

- A property whose value or parameter holds a control character is dropped whole by icalendar
  (a name with an escape or a vertical tab loses the organizer). RFC 5545 §3.1 allows none but
  HTAB in a content line, so they are removed: the text around them is what was meant.
- icalendar reads nothing from a file whose lines end in a bare CR (Lotus Notes, old Mac
  exports), whose ``BEGIN:VEVENT`` has a trailing space, or that ends without
  ``END:VCALENDAR``: it finds "no calendar". Line breaks are made CRLF, BEGIN and END lines
  trimmed, and the components' nesting checked first, so a file cut off inside its meeting is
  refused as what it is ("the file ends before END:VEVENT") and one only missing its closing
  lines is read.
- vCalendar 1.0 (``VERSION:1.0``) is translated to iCalendar 2.0 (``addon.invite.vcal10``).

Every invite of every message-open comes through here, so each step is written for the regex
engine's fast paths (a pattern that begins with a literal lets it skip ahead) and does nothing
to a file that needs nothing; ``tests/core/test_reader_prepare.py`` holds the shortcuts to the
long way. Plain text in, plain text out: no icalendar.
"""

from __future__ import annotations

import re

from addon.errors import InviteError
from addon.invite import vcal10

# Control characters other than HTAB, CR and LF (which end content lines), and DEL; those that
# separate lines or records stand for a space, the others for nothing.
_SEPARATOR = re.compile(r"[\x0b\x0c\x1c-\x1e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # either, looked for once
# A BEGIN or END line, found from the line break before it: a pattern that begins with a
# literal lets the regex engine skip ahead (with ``^`` it tries every position: 2.5x slower).
_BEGIN_END = re.compile(r"\n(BEGIN|END)[ \t]*:[ \t]*([A-Za-z0-9-]+)[ \t]*(?=\r\n|\Z)", re.I)


def _crlf(text: str) -> str:
    """Any line break (CRLF, bare CR, bare LF, and CRCRLF as some Windows tools double it) as
    one CRLF; the empty lines that leaves are not content lines and icalendar skips them. (CRLF
    pairs cannot overlap, so replacing them first leaves only bare ones.)"""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def prepared(text: str) -> tuple[str, list[str]]:
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


# A fold, with the blank lines icalendar lets stand before it; CR first, so that the regex
# engine skips ahead to each CR (a group first is tried at every position, 10 times slower).
FOLD = re.compile(r"\r\n(?:\r\n)*[ \t]")
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
    unfolded = FOLD.sub("", text)
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
                    notes.append(
                        f"joined lines folded without a leading space to {line_name(out[-1])}"
                    )
                folded = True
                continue
            # No name and colon: not an iCalendar line at all (a stray "X"), which would make
            # the whole file unreadable; what it says belongs to no property.
            notes.append(f"left out a line that is not iCalendar: {short(line)}")
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


_NAME_END = re.compile(r"[;:]")


def line_name(line: str) -> str:
    return _NAME_END.split(line, maxsplit=1)[0].upper()


def short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
