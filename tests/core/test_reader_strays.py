"""Files a careful reader can still read, from the hand-checked corpus' classes (issue 26): a
Windows Calendar export in UTF-16 with its byte-order mark, a stray line that is not iCalendar,
and an empty RRULE, which repeats nothing."""

from __future__ import annotations

import codecs

import pytest

from addon.errors import InviteError
from addon.invite.reader import read_invite

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
