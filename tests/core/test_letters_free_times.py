"""A moved meeting proposed at free times from the user's calendar: the letter names them all in
the reader's language and the user's zone, and the calendar proposal carries the one chosen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from addon.calendar.slots import Slot
from addon.invite import read_invite
from addon.invite.model import Invite, Person
from addon.writing.letters import Voice, write_reply
from tests.support.itip_rules import check_itip
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
ANNA = Person("anna@lumen.example", "Anna Berg")


def review() -> Invite:
    return read_invite(invite_bytes("exchange-quarterly-review.eml"))


def slots(minutes: int) -> list[tuple[dt.datetime, dt.datetime]]:
    starts = [dt.datetime(2027, 3, 9, 14, 0, tzinfo=STOCKHOLM),
              dt.datetime(2027, 3, 10, 9, 30, tzinfo=STOCKHOLM),
              dt.datetime(2027, 3, 11, 9, 0, tzinfo=STOCKHOLM)]  # fmt: skip
    return [(s, s + dt.timedelta(minutes=minutes)) for s in starts]


def move(invite: Invite, locale: str, tone: str = "warm", tz=STOCKHOLM, slot: str = ""):
    voice = Voice(locale=locale, tone=tone, tz=tz, signature="Anna")
    return write_reply(invite, "move", me=ANNA, voice=voice, reason="conflict",
                       slots=slots(invite.duration_minutes), slot=slot)  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "tone", "named"),
    [
        ("sv", "warm", "Jag har tid tisdag den 9 mars 2027 kl. 14.00, onsdag den 10 mars 2027 "
                       "kl. 9.30 eller torsdag den 11 mars 2027 kl. 9.00."),
        ("sv", "formal", "föreslå någon av dessa tider: tisdag den 9 mars 2027 kl. 14.00, onsdag "
                         "den 10 mars 2027 kl. 9.30 eller torsdag den 11 mars 2027 kl. 9.00."),
        # English for a user in Europe: British English.
        ("en", "warm", "I'm free Tuesday 9 March 2027 at 14:00, Wednesday 10 March 2027 at 09:30 "
                       "or Thursday 11 March 2027 at 09:00."),
        ("en", "formal", "one of these times instead: Tuesday 9 March 2027 at 14:00"),
    ],
)  # fmt: skip
def test_the_letter_names_every_free_time_in_the_readers_language(locale, tone, named):
    reply = move(review(), locale, tone)
    assert named in " ".join(reply.text.split())


def test_the_calendar_proposal_carries_the_first_free_time_unless_another_is_picked():
    invite = review()
    first = move(invite, "en")
    assert first.calendar_part is not None and first.calendar_part.method == "COUNTER"
    check_itip(first.calendar_part, invite, ANNA.email)
    assert "DTSTART:20270309T130000Z" in first.calendar_part.text
    picked = move(invite, "en", slot=Slot(*slots(60)[1]).key)
    assert picked.calendar_part is not None
    assert "DTSTART:20270310T083000Z" in picked.calendar_part.text
    # The letter still offers all three, in order.
    assert "9 March 2027" in picked.text and "11 March 2027" in picked.text


def test_a_user_in_another_zone_than_the_reader_gets_both_clocks():
    # The invite was written in Central Europe, its reader's zone; the user is in New York.
    reply = move(review(), "en", tz=NEW_YORK)
    text = " ".join(reply.text.split())
    assert (
        "I'm free Tuesday, March 9, 2027 at 2:00 PM Central European Time (8:00 AM in New York), "
        in text
    )
    assert (
        "Thursday, March 11, 2027 at 9:00 AM Central European Time (3:00 AM in New York)." in text
    )


def test_one_free_time_is_proposed_as_that_time():
    invite = review()
    voice = Voice(locale="sv", tone="warm", tz=STOCKHOLM, signature="Anna")
    reply = write_reply(invite, "move", me=ANNA, voice=voice, reason="conflict",
                        slots=slots(invite.duration_minutes)[:1])  # fmt: skip
    assert "Kan vi flytta mötet till tisdag den 9 mars 2027 kl. 14.00–15.30?" in " ".join(
        reply.text.split()
    )


@pytest.mark.parametrize(
    ("locale", "says"),
    [("en", "Would a call on Tuesday 9 March 2027 at 14:00 work for you instead?"),
     ("sv", "Skulle ett samtal tisdag den 9 mars 2027 kl. 14.00 passa i stället?")],
)  # fmt: skip
def test_a_call_goes_at_the_free_time_the_user_picked(locale, says):
    invite = review()
    voice = Voice(locale=locale, tone="warm", tz=STOCKHOLM, signature="Anna")
    found = slots(invite.duration_minutes)
    reply = write_reply(invite, "phone", me=ANNA, voice=voice, reason="workload", slots=found,
                        slot=Slot(*found[0]).key, call="+46 70 123 45 67")  # fmt: skip
    assert says in " ".join(reply.text.split())
    assert (
        reply.calendar_part is not None and "DTSTART:20270309T130000Z" in reply.calendar_part.text
    )
    check_itip(reply.calendar_part, invite, ANNA.email)


def test_a_call_stays_at_the_meetings_time_unless_a_free_time_is_picked():
    invite = review()
    voice = Voice(locale="en", tone="warm", tz=STOCKHOLM, signature="Anna")
    reply = write_reply(invite, "phone", me=ANNA, voice=voice, reason="workload",
                        slots=slots(invite.duration_minutes), slot="same")  # fmt: skip
    assert "call at the same time" in " ".join(reply.text.split())
    assert (
        reply.calendar_part is not None and "DTSTART:20261203T130000Z" in reply.calendar_part.text
    )
