"""icalendar's parse of a calendar, with its content lines split faster where that gives the
same parts.

Why: icalendar splits each content line into name, parameters and value by walking it one
character at a time in Python, then parses the parameters through quote-aware splits, checks
and two ``Parameters`` built one after the other. That is a fifth of a message-open's CPU. Most
lines of a real invite are simple: a name, parameters such as ``CN=Eva Lind`` or ``TZID=W.
Europe Standard Time`` with nothing to unquote or unescape, a colon, the value. For such a line
``parts`` below builds the very parts icalendar's ``Contentline.parts`` would; any other line (a
quote, a backslash, a caret, a comma, a percent sign or a control character before the value,
spaces around a delimiter, a name that is not plain) is left to icalendar. The parse itself
stays icalendar's: the parser it picks for a calendar (``ComponentIcalParser``, meant to be
refined by subclasses) with only its loop over the lines replaced. A test holds the two to the
same parts on every invite the tests and the public corpus hold, and on lines written to sit
on each edge of "simple".

Only on icalendar 7 (7.1 brought the parser class; a major release may change what a line's
parts are): on any other, or where the parser cannot be refined, ``calendars`` is icalendar's
own parse. CI installs the newest icalendar and runs the comparison on every change.

Imports icalendar only; nothing of Raincheck.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import icalendar
from icalendar.parser import Parameters, unescape_backslash

_PARSER: Any
try:
    from icalendar.parser.ical.component import ComponentIcalParser as _PARSER
except ImportError:  # an icalendar without the parser class: its own parse, unrefined
    _PARSER = None
if not str(getattr(icalendar, "__version__", "")).startswith("7."):
    _PARSER = None

_NAME = re.compile(r"[A-Za-z0-9-]+")
# A value with nothing to unquote, unescape or strip: no quote, backslash, caret (RFC 6868),
# comma (a list), percent sign, control character or delimiter (icalendar strips spaces
# around an "=" anywhere); no space at either end.
_VALUE = r'[^\x00-\x1f\x7f";:,=\\^%\s](?:[^\x00-\x1f\x7f";:,=\\^%]*[^\x00-\x1f\x7f";:,=\\^%\s])?'
_PARAMETER = re.compile(rf"([A-Za-z0-9-]+)=({_VALUE})")


def parts(line: Any) -> tuple[str, Parameters, str]:
    """``line.parts()`` (a ``Contentline``): name, parameters and unescaped value."""
    colon = line.find(":")
    if colon > 0 and not line.strict:  # strict: icalendar reads values in capitals
        semicolon = line.find(";", 0, colon)
        if semicolon < 0:
            name = line[:colon]
            if _NAME.fullmatch(name):
                return name, Parameters(), unescape_backslash(line[colon + 1 :])
        else:
            name = line[:semicolon]
            if _NAME.fullmatch(name):
                # A simple value holds no ";": each piece is one parameter, or none is taken.
                pieces = [_PARAMETER.fullmatch(p) for p in line[semicolon + 1 : colon].split(";")]
                if all(pieces):
                    found = Parameters((m[1].upper(), m[2]) for m in pieces if m)
                    return name, found, unescape_backslash(line[colon + 1 :])
    parsed: tuple[str, Parameters, str] = line.parts()
    return parsed


def _parse_content_lines(parser: Any) -> None:
    """The line loop of icalendar's ``ComponentIcalParser.parse_content_lines``, each line
    split by ``parts``."""
    for line in parser._content_lines_iterator:
        if not line:
            continue
        try:
            name, params, vals = parts(line)
        except ValueError as error:
            parser.handle_line_parse_error(error)
            continue
        upper = name.upper()
        if upper == "BEGIN":
            parser.handle_begin_component(vals)
        elif upper == "END":
            parser.handle_end_component(vals)
        else:
            parser.handle_property(upper, params, vals, line)


@functools.cache
def _refined(base: Any) -> type:
    """``base`` (the parser icalendar picks for a calendar) with ``_parse_content_lines`` as
    its loop, its other refinements (a calendar's zones referred to before they are defined)
    its own; with no slots of its own, so that a parser of ``base`` can become one."""
    slotted = {"__slots__": ()} if not base.__dictoffset__ else {}
    return type(f"Split{base.__name__}", (base,), {
        "parse_content_lines": _parse_content_lines, **slotted,
    })  # fmt: skip


def calendars(text: str) -> list[Any]:
    """``icalendar.Calendar.from_ical(text, multiple=True)``, its lines split by ``parts``."""
    chooser = getattr(icalendar.Calendar, "_get_ical_parser", None)
    parser: Any = chooser(text) if _PARSER is not None and chooser is not None else None
    if isinstance(parser, _PARSER):
        try:
            parser.__class__ = _refined(parser.__class__)
        except TypeError:  # a layout a subclass cannot take (slots): icalendar's own parse
            parser = None
        else:
            return list(parser.parse())
    return list(icalendar.Calendar.from_ical(text, multiple=True))
