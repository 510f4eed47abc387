"""What a calendar file is, before it is answered: a cancelled meeting (STATUS:CANCELLED without
METHOD:CANCEL), a calendar of many events, an event that names nobody, a series whose rule
cannot be read. Each is read; none gets a reply it should not.
"""

from __future__ import annotations

import pytest

from addon.directory.repository import Directory
from addon.errors import InviteError
from addon.invite import read_invite
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from addon.writing import itip
from tests.support.clock import NOW
from tests.support.paths import invite_bytes

ME = "anna@lumen.example"


def test_a_cancelled_status_reads_as_a_cancelled_meeting() -> None:
    invite = read_invite(invite_bytes("kinds-cancelled-status.ics"))
    assert invite.method == "REQUEST" and invite.cancelled
    assert not read_invite(invite_bytes("tuesday-series.ics")).cancelled


def test_a_cancelled_meeting_is_said_to_be_cancelled_and_nothing_is_sent(
    directory: Directory,
) -> None:
    invite = read_invite(invite_bytes("kinds-cancelled-status.ics"))
    outcome = triage(directory, invite, ReplyRequest(), me=ME, now=NOW)
    assert outcome.assessment.situation.timing == "cancelled"
    assert outcome.assessment.notes[0].render("en") == "This meeting has been cancelled."
    assert outcome.assessment.verdict.offered == ()
    assert outcome.reply is None and outcome.briefing is None
    why = outcome.assessment.verdict.withheld["phone"]
    assert why[0].render("en") == "The meeting has been cancelled: there is nothing to answer."


@pytest.mark.parametrize(
    ("fixture", "kind", "says"),
    [
        ("kinds-holiday-feed.ics", "calendar", "a calendar of 3 events, not an invitation"),
        ("kinds-lone-event.ics", "no_people",
         "an event that names no organizer and no attendees, not an invitation"),
        ("people-no-organizer-address.ics", "no_organizer", "nobody to answer"),
    ],
)  # fmt: skip
def test_what_is_not_an_invitation_is_named_and_nothing_is_drafted(
    directory: Directory, fixture: str, kind: str, says: str
) -> None:
    invite = read_invite(invite_bytes(fixture))  # read: its times are still worth showing
    # Without --me as well: the file is named before anyone asks who the user is.
    for me in (ME, None):
        with pytest.raises(InviteError, match=says) as caught:
            triage(directory, invite, ReplyRequest(), me=me, now=NOW)
        assert caught.value.kind == kind


def test_one_meeting_with_its_changed_instances_is_one_event_not_a_calendar() -> None:
    master = invite_bytes("kinds-escaped-rule.ics").decode()
    moved = (
        "BEGIN:VEVENT\r\nUID:kinds-rule-2@nordvik.example\r\n"
        "RECURRENCE-ID:20270316T080000Z\r\nDTSTART:20270317T080000Z\r\n"
        "DTEND:20270317T090000Z\r\nSUMMARY:Veckomöte leveranser (flyttat)\r\nEND:VEVENT\r\n"
    )
    invite = read_invite(master.replace("END:VCALENDAR", moved + "END:VCALENDAR").encode())
    assert invite.events == 1 and invite.series


def test_an_escaped_rule_is_read_as_its_writer_meant_it() -> None:
    invite = read_invite(invite_bytes("kinds-escaped-rule.ics"))
    assert invite.rrule == "FREQ=WEEKLY;UNTIL=20270629T235959Z;BYDAY=TU,TH"
    assert invite.rule_problem is None


def test_a_rule_that_cannot_be_read_keeps_the_meeting_and_refuses_the_series_answer(
    directory: Directory,
) -> None:
    invite = read_invite(invite_bytes("kinds-bad-rule-until.ics"))
    assert invite.recurring and invite.series
    assert invite.start.isoformat() == "2027-03-09T08:00:00+00:00"
    assert invite.rule_problem is not None and "29/06/2027" in invite.rule_problem
    with pytest.raises(InviteError, match="cannot be read") as caught:
        triage(directory, invite, ReplyRequest(strategy="phone", scope="series"), me=ME, now=NOW)
    assert caught.value.kind == "bad_rule"
    # Its first meeting can still be answered, as that one meeting (with its RECURRENCE-ID).
    outcome = triage(
        directory, invite, ReplyRequest(strategy="phone", scope="occurrence"), me=ME, now=NOW
    )
    assert outcome.reply is not None and outcome.reply.calendar_part is not None
    assert "RECURRENCE-ID:20270309T080000Z" in outcome.reply.calendar_part.text
    assert "RRULE" not in outcome.reply.calendar_part.text


def test_the_writer_never_writes_a_rule_it_cannot_read() -> None:
    invite = read_invite(invite_bytes("kinds-bad-rule-until.ics"))
    me = invite.attendees[0]
    with pytest.raises(InviteError, match="cannot be read"):
        itip.decline(invite, me=me, comment="")
