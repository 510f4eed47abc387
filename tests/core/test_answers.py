"""The organizer's answer to a proposal, recognised from real-shaped answers: Google Calendar's
updated invitation and Exchange's updated request or DECLINECOUNTER, as the stand-in organizer
sends them (``addon.workbench.standins.organizer``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from addon.invite.model import Invite, Person
from addon.triage.answer import Proposal, proposal_of, recognise
from addon.triage.assess import answerable
from addon.workbench.standins import organizer
from addon.writing import itip
from cards.answer import answer_line
from tests.support.clock import NOW
from tests.support.paths import invite_bytes

ANNA = Person("anna@lumen.example", "Anna Berg")
REVIEW = "exchange-quarterly-review.eml"  # Thursday 3 December 2026, 14:00-15:30 CET, SEQ 2
CET = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2026, 12, 3, 14, 0, tzinfo=CET)
LATER = dt.datetime(2026, 12, 8, 10, 0, tzinfo=CET)


def counter(strategy: str) -> tuple[Invite, str]:
    """The invite and the COUNTER (or REPLY) Raincheck would send for ``strategy``."""
    invite = read_invite(invite_bytes(REVIEW))
    if strategy == "shorter":
        part = itip.counter(invite, me=ANNA, start=START, end=START + dt.timedelta(minutes=30),
                            location=invite.location, comment="", now=NOW)  # fmt: skip
    elif strategy == "move":
        part = itip.counter(invite, me=ANNA, start=LATER, end=LATER + dt.timedelta(minutes=90),
                            location=invite.location, comment="", now=NOW)  # fmt: skip
    elif strategy == "phone":
        part = itip.counter(invite, me=ANNA, start=invite.start, end=invite.end,
                            location="Phone call: +46 70 123 45 67", comment="", now=NOW)  # fmt: skip
    else:
        part = itip.decline(invite, me=ANNA, comment="", now=NOW)
    return invite, part.text


Answerer = Callable[[bytes, str], bytes]
SOONER = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("strategy", "answer", "kind"),
    [
        ("shorter", lambda i, c: organizer.accepts(i, c, "google"), "accepted"),
        ("shorter", lambda i, c: organizer.accepts(i, c, "exchange"), "accepted"),
        ("move", lambda i, c: organizer.accepts(i, c, "google"), "accepted"),
        ("move", lambda i, c: organizer.accepts(i, c, "exchange"), "accepted"),
        (
            "phone",
            lambda i, c: organizer.makes_it_a_call(i, "+46 70 123 45 67", "google"),
            "accepted",
        ),
        ("shorter", lambda i, c: organizer.declines(i, c), "declined"),
        ("move", lambda i, c: organizer.declines(i, c), "declined"),
        ("phone", lambda i, c: organizer.declines(i, c), "declined"),
        ("shorter", lambda i, c: organizer.keeps(i, "google"), "declined"),
        ("phone", lambda i, c: organizer.keeps(i, "exchange"), "declined"),
        (
            "shorter",
            lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1), "google"),
            "countered",
        ),
        (
            "move",
            lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1), "exchange"),
            "countered",
        ),
        ("shorter", lambda i, c: organizer.cancels(i, "google"), "cancelled"),
        ("email", lambda i, c: organizer.cancels(i, "exchange"), "cancelled"),
        ("email", lambda i, c: organizer.keeps(i, "exchange"), "declined"),
    ],
)
def test_each_answer_of_google_and_exchange_is_recognised(
    strategy: str, answer: Answerer, kind: str
) -> None:
    invite, part = counter(strategy)
    proposal = proposal_of(strategy, invite, part)
    answered = read_invite(answer(invite_bytes(REVIEW), part))
    found = recognise(proposal, answered, me=ANNA.email)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("strategy", ["shorter", "move", "phone", "email"])
def test_the_invite_the_proposal_answered_is_no_answer(strategy: str) -> None:
    invite, part = counter(strategy)
    assert recognise(proposal_of(strategy, invite, part), invite, me=ANNA.email) is None


def test_an_older_revision_is_no_answer() -> None:
    invite, part = counter("shorter")
    proposal = replace(proposal_of("shorter", invite, part), sequence=5)
    answered = read_invite(organizer.accepts(invite_bytes(REVIEW), part, "google"))  # SEQ 3
    assert recognise(proposal, answered, me=ANNA.email) is None


@pytest.mark.parametrize(
    ("strategy", "start", "end", "shape"),
    [
        ("shorter", START, START + dt.timedelta(minutes=30), None),
        ("move", LATER, LATER + dt.timedelta(minutes=90), None),
        ("phone", START, START + dt.timedelta(minutes=90), "phone"),
        ("email", None, None, "email"),
    ],
)
def test_the_proposal_is_read_from_the_calendar_part_in_utc(
    strategy: str, start: dt.datetime | None, end: dt.datetime | None, shape: str | None
) -> None:
    invite, part = counter(strategy)
    proposal = proposal_of(strategy, invite, part)
    utc = lambda m: m.astimezone(dt.UTC) if m else None  # noqa: E731
    assert (proposal.start, proposal.end, proposal.format) == (utc(start), utc(end), shape)
    assert proposal.sequence == 2
    assert proposal.meeting_start == START.astimezone(dt.UTC)
    assert proposal.start is None or proposal.start.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("strategy", "answer", "lang", "line"),
    [
        ("shorter", lambda i, c: organizer.accepts(i, c, "google"), "en",
         "Eva accepted your proposal: 30 minutes on Thursday 3 December, 14:00."),
        ("phone", lambda i, c: organizer.makes_it_a_call(i, "+46 70 123 45 67", "google"), "en",
         "Eva accepted your proposal: a call on Thursday 3 December, 14:00."),
        ("shorter", lambda i, c: organizer.declines(i, c), "en",
         "Eva declined your proposal; the meeting stays Thursday 3 December, 14:00–15:30."),
        ("move", lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1),
                                                 "exchange"), "en",
         "Eva suggested another time: Friday 4 December, 10:00–11:00."),
        ("shorter", lambda i, c: organizer.cancels(i, "google"), "en",
         "Eva cancelled the meeting."),
        ("shorter", lambda i, c: organizer.accepts(i, c, "google"), "sv",
         "Eva godtog ditt förslag: 30 minuter torsdag den 3 december kl. 14.00."),
    ],
)  # fmt: skip
def test_the_card_says_the_answer_in_one_line_in_the_users_zone_and_language(
    strategy: str, answer: Answerer, lang: str, line: str
) -> None:
    invite, part = counter(strategy)
    answered = read_invite(answer(invite_bytes(REVIEW), part))
    found = recognise(proposal_of(strategy, invite, part), answered, me=ANNA.email)
    assert found is not None
    locale = {"en": "en_GB", "sv": "sv_SE"}[lang]
    stockholm = dt.timezone(dt.timedelta(hours=1))
    assert answer_line(found, lang, locale, stockholm, NOW.date()) == line  # type: ignore[arg-type]


def test_a_declinecounter_is_read_and_never_answered() -> None:
    invite, part = counter("shorter")
    answered = read_invite(organizer.declines(invite_bytes(REVIEW), part))
    assert answered.method == "DECLINECOUNTER"
    assert answered.uid == invite.uid and answered.sequence == invite.sequence
    assert [a.email for a in answered.attendees] == [ANNA.email]
    with pytest.raises(InviteError, match="declined a proposed change"):
        answerable(answered)


def test_a_declinecounter_without_times_is_read_at_its_stamp() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nMETHOD:DECLINECOUNTER\r\n"
        "BEGIN:VEVENT\r\nUID:abc-1\r\nSEQUENCE:4\r\nDTSTAMP:20261201T080000Z\r\n"
        "ORGANIZER:mailto:eva.lind@nordvik.example\r\n"
        "ATTENDEE;PARTSTAT=TENTATIVE:mailto:anna@lumen.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    answered = read_invite(text.encode())
    assert answered.start == dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    assert "the answer gives no time of its own" in answered.warnings
    proposal = Proposal("shorter", 4, meeting_start=START, meeting_end=START)
    found = recognise(proposal, answered, me=ANNA.email)
    assert found is not None and found.kind == "declined" and found.start == START
