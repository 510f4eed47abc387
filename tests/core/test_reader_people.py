"""Organizers and attendees as real senders write their addresses: quoted, in capitals, with
spaces, only in the EMAIL parameter, on a domain without a dot. A careful reader finds the
address in each; a reply goes to the organizer, or nothing is drafted and the user is told why.
"""

from __future__ import annotations

import pytest

from addon.directory.repository import Directory
from addon.errors import InviteError
from addon.invite import read_invite
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from tests.support.clock import NOW
from tests.support.paths import invite_bytes

ME = "anna@lumen.example"


@pytest.mark.parametrize(
    ("fixture", "organizer", "name", "attendees"),
    [
        # "mailto:…" in double quotes (and single quotes) around the whole value.
        ("people-quoted-mailto.ics", "eva.lind@nordvik.example", "Eva Lind",
         [ME, "olof.wik@nordvik.example"]),
        # MAILTO in capitals with spaces around its colon; <mailto:…>; "Name <address>".
        ("people-capital-spaced-mailto.ics", "eva.lind@nordvik.example", "Eva Lind",
         [ME, "olof.wik@nordvik.example"]),
        # The value is a urn:uuid; the address is only in EMAIL= (RFC 7986 §6.2).
        ("people-email-parameter.ics", "eva.lind@nordvik.example", "Eva Lind", [ME]),
        # A domain without a dot is an address all the same (a lab's or an intranet's server).
        ("people-dotless-domain.ics", "organizer@local", "Lab Bokning", [ME, "organizer@local"]),
    ],
    ids=["quoted", "capitals-and-spaces", "email-parameter", "dotless-domain"],
)  # fmt: skip
def test_every_written_form_of_an_address_is_read(
    fixture: str, organizer: str, name: str, attendees: list[str]
) -> None:
    invite = read_invite(invite_bytes(fixture))
    assert invite.organizer is not None
    assert (invite.organizer.email, invite.organizer.name) == (organizer, name)
    assert [a.email for a in invite.attendees] == attendees


@pytest.mark.parametrize(
    "fixture",
    ["people-quoted-mailto.ics", "people-capital-spaced-mailto.ics", "people-email-parameter.ics",
     "people-dotless-domain.ics"],
)  # fmt: skip
def test_the_reply_goes_to_the_organizer_however_the_address_was_written(
    directory: Directory, fixture: str
) -> None:
    invite = read_invite(invite_bytes(fixture))
    outcome = triage(directory, invite, ReplyRequest(strategy="phone"), me=ME, now=NOW)
    assert invite.organizer is not None and outcome.reply is not None
    assert outcome.reply.to == (invite.organizer.email,)
    assert outcome.reply.calendar_part is not None
    unfolded = outcome.reply.calendar_part.text.replace("\r\n ", "")
    organizer = f'ORGANIZER;CN="{invite.organizer.name}":mailto:{invite.organizer.email}\r\n'
    assert organizer in unfolded


def test_a_dotless_domain_is_answered_with_a_note_that_it_may_only_be_reached_inside(
    directory: Directory,
) -> None:
    invite = read_invite(invite_bytes("people-dotless-domain.ics"))
    outcome = triage(directory, invite, ReplyRequest(strategy="phone"), me=ME, now=NOW)
    notes = [n.render("en") for n in outcome.assessment.notes]
    assert any("organizer@local" in n and "own network" in n for n in notes), notes


def test_an_organizer_without_an_address_leaves_nobody_to_answer_and_nothing_is_drafted(
    directory: Directory,
) -> None:
    invite = read_invite(invite_bytes("people-no-organizer-address.ics"))
    assert invite.organizer is None
    with pytest.raises(InviteError, match="nobody to answer") as caught:
        triage(directory, invite, ReplyRequest(), me=ME, now=NOW)
    assert caught.value.kind == "no_organizer"


@pytest.mark.parametrize(
    ("value", "email"),
    [
        ('"mailto:eva@nordvik.example"', "eva@nordvik.example"),
        ("MAILTO:EVA@NORDVIK.EXAMPLE", "eva@nordvik.example"),
        ("mailto:  eva@nordvik.example ", "eva@nordvik.example"),
        ("mailto : eva@nordvik.example", "eva@nordvik.example"),
        ("mailto:eva@nordvik.example?subject=Hej", "eva@nordvik.example"),
        ("mailto:eva%40nordvik.example", "eva@nordvik.example"),
        ("mailto:eva@nordvik.example;", "eva@nordvik.example"),
        ("mailto:organizer@local", "organizer@local"),
        # Parameters written into the value, before the address.
        ("CN=Eva Lind:MAILTO:eva@nordvik.example", "eva@nordvik.example"),
        (
            "X-KEY=8a4a;CN=Eva Lind;CUTYPE=INDIVIDUAL:mailto:eva@nordvik.example",
            "eva@nordvik.example",
        ),
        ("invalid:nomail", None),
        ("mailto:", None),
        ("mailto:eva lind@nordvik.example", None),
        ("urn:uuid:7d1c2a0e-4b7f-4e55-9d7a-2f0c8e1b5a61", None),
    ],
)
def test_an_organizer_value_is_read_as_a_careful_person_would(
    value: str, email: str | None
) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:u-1\r\nDTSTART:20270309T090000Z\r\nDTEND:20270309T100000Z\r\n"
        f"SUMMARY:s\r\nORGANIZER;CN=Eva:{value}\r\nATTENDEE:mailto:{ME}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    invite = read_invite(text.encode())
    assert (invite.organizer.email if invite.organizer else None) == email
