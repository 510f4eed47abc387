"""A long text folded without the leading space RFC 5545 3.1 asks for (Confluence writes its
descriptions so) is joined back as the writer meant; a stray line after anything else is still
left out with a note."""

from __future__ import annotations

from addon.invite import read_invite
from tests.support.paths import invite_bytes


def test_a_description_folded_without_a_space_is_read_whole() -> None:
    invite = read_invite(invite_bytes("strays-fold-without-space.ics"))
    assert invite.description == (
        "Vi går igenom priserna, leveransvillkoren och den nya servicenivån som kunden har bett "
        "om. Ta med siffrorna från tredje kvartalet och uppföljningen av reklamationerna."
    )
    assert invite.summary == "Avtalsgenomgång inför förnyelsen av ramavtalet för 2027"
    assert invite.warnings == ("joined lines folded without a leading space to DESCRIPTION",)


def test_a_stray_line_after_a_time_is_left_out_with_a_note() -> None:
    text = invite_bytes("strays-fold-without-space.ics").replace(
        b"DTEND:20270309T090000Z\r\n", b"DTEND:20270309T090000Z\r\nstray words\r\n"
    )
    invite = read_invite(text)
    assert invite.end.isoformat() == "2027-03-09T09:00:00+00:00"
    assert "left out a line that is not iCalendar: stray words" in invite.warnings


def test_a_property_with_a_name_icalendar_refuses_is_never_joined_to_the_text_before() -> None:
    text = invite_bytes("strays-fold-without-space.ics").replace(
        b"ORGANIZER;", b"X-LOTUS-APPTTYPE:3\r\nX-LOTUS-CHILD_UID:354EFA30\r\nORGANIZER;"
    )
    invite = read_invite(text)
    assert "left out a line that is not iCalendar: X-LOTUS-CHILD_UID:354EFA30" in invite.warnings
    assert invite.organizer is not None and invite.organizer.email == "eva.lind@nordvik.example"
