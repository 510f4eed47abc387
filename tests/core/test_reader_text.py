"""Calendar text as old or careless writers leave it: bare CR line ends (Lotus Notes, old Mac
exports), CR CR LF, a BEGIN or END line with trailing whitespace, a file that stops before its
closing lines. What a careful reader can read is read; a file cut off inside its meeting is
refused as that, never as "no VCALENDAR".

The fixtures are made up for these tests (text-*.ics).
"""

from __future__ import annotations

import datetime as dt

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from tests.support.paths import invite_bytes

START = dt.datetime(2027, 2, 10, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("fixture", "warning"),
    [
        ("text-bare-cr.ics", None),
        ("text-doubled-cr.ics", None),
        ("text-trailing-space.ics", None),
        # Nothing is lost without END:VCALENDAR: the meeting is whole.
        ("text-no-end-vcalendar.ics", None),
        # END:VCALENDAR says where the event ends, even without its own END.
        ("text-missing-end-vevent.ics", "END:VEVENT is missing"),
    ],
)
def test_a_whole_meeting_is_read_whatever_its_line_ends_and_closing_lines(
    fixture: str, warning: str | None
) -> None:
    invite = read_invite(invite_bytes(fixture))
    assert (invite.start, invite.duration_minutes) == (START, 60)
    assert invite.summary == "Budget walk-through"
    assert invite.organizer is not None and invite.organizer.email == "mia@ledger.example"
    assert [a.email for a in invite.attendees] == ["anna@lumen.example"]
    if warning is None:
        assert invite.warnings == ()
    else:
        assert any(warning in w for w in invite.warnings), invite.warnings


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (invite_bytes("text-cut-in-event.ics"), "the file ends before END:VEVENT"),
        # A bare event (no VCALENDAR around it) cut off the same way.
        (
            b"BEGIN:VEVENT\r\nUID:cut@x.example\r\nDTSTART:20270210T100000Z\r\n",
            "the file ends before END:VEVENT",
        ),
        # Bare CR everywhere and cut off: the real problem, not "no VCALENDAR".
        (
            b"BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rDTSTART:20270210T100000Z\r",
            "the file ends before END:VEVENT",
        ),
    ],
)
def test_a_file_cut_off_inside_its_meeting_is_refused_as_cut_off(data: bytes, says: str) -> None:
    with pytest.raises(InviteError) as refused:
        read_invite(data)
    assert says in refused.value.message
    assert "VCALENDAR" not in refused.value.message


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # Lower-case and padded BEGIN/END lines.
        ("begin:vcalendar\nversion:2.0\nbegin:vevent \nUID:a@x.example\n"
         "DTSTART:20270210T100000Z\nDTEND:20270210T110000Z\nSUMMARY:Lower\nend:vevent\t\n"
         "end:vcalendar\n", "Lower"),
        # A value that holds U+2028 is one line, not two.
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b@x.example\r\n"
         "DTSTART:20270210T100000Z\r\nDTEND:20270210T110000Z\r\nSUMMARY:One\u2028line\r\n"
         "END:VEVENT\r\n", "One line"),
    ],
)  # fmt: skip
def test_begin_and_end_lines_are_read_in_any_case_and_padding(text: str, summary: str) -> None:
    invite = read_invite(text.encode())
    assert (invite.start, invite.summary) == (START, summary)
