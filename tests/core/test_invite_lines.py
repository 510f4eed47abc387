"""The reader's split of content lines (``addon.invite.lines``) gives icalendar's own parts,
line by line and calendar by calendar: on lines written to sit on each edge of what it splits
itself, on every invite in the fixtures, and on the public corpus when it is there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
from icalendar.parser.content_line import Contentline, Contentlines
from icalendar.timezone import tzp

from addon.errors import InviteError
from addon.invite import lines
from addon.invite.mime import calendar_texts
from tests.corpus.test_reader_contract import FIXTURES, corpus_folder, files

# Lines it splits itself: no quote, backslash, caret, comma, percent sign or control character
# before the value, no space around a delimiter.
OWN = [
    "SUMMARY:Quarterly account review",
    "summary:lower-case name",
    "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
    "DTSTART;TZID=W. Europe Standard Time:20261210T140000",
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Anna Berg:mailto:a@b.example",
    "ORGANIZER;cn=Eva Lind:mailto:eva@nordvik.example",
    "ATTENDEE;CN=Per Nyström;cn=Per:mailto:per@nordvik.example",  # the last of a name wins
    "DESCRIPTION;LANGUAGE=en-US:Hi Anna\\,\\n\\nSee you\\; at 10:00\\\\",
    "LOCATION:Nordvik HQ\\, Hamngatan 12",
    "DESCRIPTION:",
    "X-EMPTY-PARAM-LATER;X-A=1:value: with colons: after",
    "SUMMARY;LANGUAGE=sv:Möte om avtalet 🗓",
    "URL:https://example.com/a%20b?x=1&y=2",
    # An unquoted colon ends the parameters for icalendar too.
    "ATTENDEE;DELEGATED-TO=mailto:x@y.example:mailto:z@y.example",
]
# Lines it leaves to icalendar, each for one reason; the parts must be the same all the same.
ICALENDAR = [
    'ORGANIZER;CN="Lind, Eva":mailto:eva@nordvik.example',  # a quote
    'DESCRIPTION;ALTREP="cid:part1@example.org":The Fall\'98',  # a colon in a quote
    "ATTENDEE;CN=Lind\\, Eva:mailto:eva@nordvik.example",  # a backslash before the value
    "ATTENDEE;CN=Eva ^'Evi^' Lind:mailto:eva@nordvik.example",  # RFC 6868's caret
    "ATTENDEE;MEMBER=a,b:mailto:eva@nordvik.example",  # a list
    "ATTENDEE;CN=100%:mailto:eva@nordvik.example",  # a percent sign
    "ATTENDEE;CN = Eva:mailto:eva@nordvik.example",  # spaces around "="
    "ATTENDEE; CN=Eva:mailto:eva@nordvik.example",  # a space after ";"
    "ATTENDEE;CN=Eva :mailto:eva@nordvik.example",  # a space at the end of a value
    "ATTENDEE;CN=Eva\u00a0:mailto:eva@nordvik.example",  # a no-break space at the end
    "ATTENDEE;CN=a=b:mailto:eva@nordvik.example",  # an "=" in a value
    "ATTENDEE;CN=\tEva:mailto:eva@nordvik.example",  # a tab
    "ATTENDEE;CN=:mailto:eva@nordvik.example",  # an empty value
    "ATTENDEE;:mailto:eva@nordvik.example",  # an empty parameter
    "ATTENDEE;CN:mailto:eva@nordvik.example",  # a parameter without "="
    "X_UNDERSCORE:1",  # a name icalendar takes that is not plain
    "X.DOTTED:1",
    " SUMMARY:leading space",
    "SUM MARY:space in the name",
    ":no name",
    "NO COLON AT ALL",
    "SUMMARY",
]


def _parts(split: Any, line: str) -> tuple[str, Any] | tuple[str, str, type, list[Any], str]:
    """What a split gives (name, parameters' type and items, value), or the error it raises."""
    try:
        name, params, value = split(Contentline(line))
    except ValueError as error:
        return ("error", type(error).__name__)
    return ("parts", name, type(params), list(params.items()), value)


def _stock_parts(line: Contentline) -> Any:
    return line.parts()


class _Unsplittable(Contentline):
    """A line icalendar cannot split: ``parts`` that reach icalendar fail."""

    def parts(self) -> Any:
        raise AssertionError("left to icalendar")


@pytest.mark.parametrize("line", OWN + ICALENDAR)
def test_a_line_splits_into_icalendars_own_parts(line: str) -> None:
    assert _parts(lines.parts, line) == _parts(_stock_parts, line)


@pytest.mark.parametrize("line", OWN)
def test_a_simple_line_is_split_without_icalendars_character_walk(line: str) -> None:
    name, _params, _value = lines.parts(_Unsplittable(line))
    assert name == line.partition(":")[0].partition(";")[0]


@pytest.mark.parametrize("line", ICALENDAR)
def test_a_line_with_anything_to_unquote_unescape_or_strip_is_left_to_icalendar(
    line: str,
) -> None:
    with pytest.raises(AssertionError, match="left to icalendar"):
        lines.parts(_Unsplittable(line))


def test_a_strict_line_is_left_to_icalendar() -> None:
    # icalendar reads parameter values in capitals on a strict line.
    line = Contentline("ORGANIZER;CN=Eva Lind:mailto:eva@nordvik.example", strict=True)
    assert lines.parts(line) == line.parts()
    assert lines.parts(line)[1]["CN"] == "EVA LIND"


SIMPLE_CALENDAR = "\r\n".join(
    ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:one", *OWN[:7], "END:VEVENT",
     "END:VCALENDAR", ""]
)  # fmt: skip


@pytest.mark.skipif(not icalendar.__version__.startswith("7."), reason="icalendar 7 only")
def test_a_calendar_of_simple_lines_is_parsed_without_icalendars_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _shape(icalendar.Calendar.from_ical(SIMPLE_CALENDAR, multiple=True))

    def refused(_line: Contentline) -> Any:
        raise AssertionError("icalendar's split was used")

    monkeypatch.setattr(Contentline, "parts", refused)
    assert _shape(lines.calendars(SIMPLE_CALENDAR)) == expected
    with pytest.raises(AssertionError, match="split was used"):
        icalendar.Calendar.from_ical(SIMPLE_CALENDAR, multiple=True)


def _calendar_texts(path: Path) -> list[str]:
    try:
        return calendar_texts(path.read_bytes())
    except InviteError:
        return []


def _parsed(parse: Callable[[str], Any], text: str) -> Any:
    """``parse(text)``, or the type of what it raised; icalendar's process-wide cache of zones
    left as it was (a VTIMEZONE it parsed would change how the next parse reads its TZID)."""
    cache: dict[str, Any] = getattr(tzp, "_TZP__tz_cache", {})
    before = set(cache)
    try:
        return parse(text)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError...
        return type(error)
    finally:
        for key in set(cache) - before:
            cache.pop(key, None)


def _same_reading(text: str) -> None:
    for line in Contentlines.from_ical(text):
        if line:
            assert _parts(lines.parts, line) == _parts(_stock_parts, line), line
    ours = _parsed(lines.calendars, text)
    stock = _parsed(lambda t: icalendar.Calendar.from_ical(t, multiple=True), text)
    if isinstance(stock, type):
        assert ours is stock
        return
    assert _shape(ours) == _shape(stock)


def _shape(calendars: list[Any]) -> list[Any]:
    """Each component's name, errors and properties: each value's type, parameters and text.
    Not ``==``: two readings by icalendar itself of a zone with an ambiguous hour differ by it."""
    found = []
    for calendar in calendars:
        for component in calendar.walk():
            found.append((component.name, list(component.errors)))
            for name, value in component.items():
                for one in value if isinstance(value, list) else [value]:
                    params = list(getattr(one, "params", {}).items())
                    found.append((name, type(one).__name__, params, one.to_ical()))
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_reads_as_icalendar_reads_it(path: Path) -> None:
    for text in _calendar_texts(path):
        _same_reading(text)


def test_every_invite_of_the_corpus_reads_as_icalendar_reads_it() -> None:
    folder = corpus_folder()
    if folder is None:
        pytest.skip("no corpus beside the repository (../shared/corpus or RAINCHECK_TEST_CORPUS)")
    compared = 0
    for path in files(folder):
        for text in _calendar_texts(path):
            _same_reading(text)
            compared += 1
    assert compared > 100
