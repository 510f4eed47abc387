"""Text from strangers, made fit for one line or for a calendar file. Imports nothing.

A title or a name is one line wherever it goes: a mail header cannot hold a line break (Python's
email refuses one, and a relay would read it as a new header), and a card or a letter that
breaks a name in two misreads it. ``one_line`` turns every kind of line break Unicode knows
(CR, LF, VT, FF, FS/GS/RS, NEL, U+2028/9) into a space and drops other control characters.
``calendar_text`` keeps line breaks as LF (iCalendar escapes them) and drops every character
RFC 5545 §3.1 forbids in a value (CONTROL: C0 but TAB, and DEL), and C1 too.
"""

from __future__ import annotations

import re

_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile(f"[{_BREAKS}]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f]")
# ESC and what follows it: a CSI sequence (colours, cursor), an OSC string (titles, links) or
# a two-character escape such as ESC c (reset), per ECMA-48.
_TERMINAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])")


def one_line(text: str) -> str:
    """The text on one line: breaks become spaces, control characters go, spaces collapse."""
    return " ".join(_CONTROL.sub("", _BREAK.sub(" ", text)).split())


def calendar_text(text: str) -> str:
    """The text as an iCalendar value may hold it: line breaks as LF, no control characters."""
    unified = _BREAK.sub("\n", text.replace("\r\n", "\n"))
    return _CONTROL.sub("", unified.replace("\t", " "))


def printable(text: str) -> str:
    """For a terminal: escape sequences (colours, titles, cursor moves) and other control
    characters removed, so text from an invite or a file cannot rewrite the screen."""
    return _CONTROL.sub("", _TERMINAL.sub("", text).replace("\r", ""))
