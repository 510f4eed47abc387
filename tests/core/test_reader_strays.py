"""Files a careful reader can still read, from the hand-checked corpus' classes (issue 26): a
Windows Calendar export in UTF-16 with its byte-order mark, a stray line that is not iCalendar,
and an empty RRULE, which repeats nothing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from addon.errors import InviteError
from addon.invite import reader
from addon.invite.model import Invite
from addon.invite.reader import read_invite
from tests.support.paths import FIXTURES, SAMPLES

EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Raincheck tests//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:strays-1@example.com\r\nDTSTAMP:20261201T090000Z\r\n"
    "DTSTART:20270112T090000Z\r\nDTEND:20270112T100000Z\r\nSUMMARY:Planning\r\n"
    "ORGANIZER:mailto:eva.lind@nordvik.example\r\n"
    "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:anna@lumen.example\r\n"
    "{extra}END:VEVENT\r\n{after}END:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (codecs.BOM_UTF16_LE + EVENT.format(extra="", after="").encode("utf-16-le"), None),
        (codecs.BOM_UTF16_BE + EVENT.format(extra="", after="").encode("utf-16-be"), None),
        (EVENT.format(extra="", after="X\r\n").encode(), "left out a line that is not iCalendar"),
        (EVENT.format(extra="RRULE:\r\n", after="").encode(), None),
    ],
    ids=["utf-16-le", "utf-16-be", "stray-line", "empty-rrule"],
)
def test_a_careful_reader_reads_the_meeting(data: bytes, warning: str | None) -> None:
    invite = read_invite(data)
    assert invite.uid == "strays-1@example.com"
    assert invite.start.isoformat() == "2027-01-12T09:00:00+00:00"
    assert invite.organizer is not None and invite.organizer.email == "eva.lind@nordvik.example"
    assert invite.rrule is None and not invite.series
    if warning:
        assert any(warning in w for w in invite.warnings), invite.warnings


def test_nul_bytes_without_a_byte_order_mark_are_still_a_binary_file() -> None:
    with pytest.raises(InviteError, match="NUL bytes"):
        read_invite(EVENT.format(extra="", after="").encode("utf-16-le"))


# Properties the reader never reads are left out before icalendar parses: at the calendar's
# level a value icalendar cannot read would otherwise make the whole file unreadable.
@pytest.mark.parametrize(
    "line",
    [
        "CREATED:yesterday",
        "LAST-MODIFIED:2026-13-45",
        "ATTACH;ENCODING=BASE64;VALUE=BINARY:WW91IHJlYWxseQ=",
        "GEO:north;south",
        "PRIORITY:high",
    ],
)
def test_a_property_never_read_cannot_make_the_file_unreadable(line: str) -> None:
    data = EVENT.format(extra="", after="").replace("METHOD:REQUEST\r\n", f"{line}\r\n", 1)
    assert "METHOD" not in data and read_invite(data.encode()).uid == "strays-1@example.com"


EVERY_INVITE = sorted([*FIXTURES.rglob("*.ics"), *FIXTURES.rglob("*.eml"), *SAMPLES.glob("*.eml")])


def _read(data: bytes) -> Invite | str:
    try:
        return read_invite(data)
    except InviteError as refused:
        return f"refused: {refused}"


@pytest.mark.parametrize("path", EVERY_INVITE, ids=lambda p: p.name)
def test_leaving_out_what_is_never_read_changes_no_invite(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left_out = _read(path.read_bytes())
    monkeypatch.setattr(reader, "UNREAD", frozenset())
    assert _read(path.read_bytes()) == left_out
