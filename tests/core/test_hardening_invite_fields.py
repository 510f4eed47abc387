"""Whatever a sender writes in an invite's fields, the card still comes (issue 28, point 18):
a location that is not a URL ("https://evil.example]x" does not parse) is text, and no field
makes the reader or a card builder raise anything but InviteError (README, "Security and
faults")."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addon.directory.repository import Directory
from addon.errors import InviteError
from addon.invite import read_invite
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from cards.advice import advice_card
from cards.gmail import render_card
from cards.html import render_html
from cards.reply import reply_card
from cards.view import View
from tests.support.cardtext import gmail_lines, html_lines

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
ME = "anna@lumen.example"


def _escape(text: str) -> str:
    """A TEXT value as RFC 5545 writes it (a CAL-ADDRESS or URI is written as it is)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def invite(
    *,
    summary: str = "Quarterly review",
    location: str = "Room 4",
    description: str = "",
    url: str = "",
    organizer_cn: str = "Karin Berg",
    organizer: str = "karin@nordvik.example",
    attendee: str = ME,
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hardening//EN", "METHOD:REQUEST",
        "BEGIN:VEVENT", "UID:hardening-1@nordvik.example", "DTSTAMP:20261120T090000Z",
        "DTSTART:20261210T130000Z", "DTEND:20261210T140000Z",
        f"SUMMARY:{_escape(summary)}", f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        *([f"URL:{url}"] if url else []),
        f'ORGANIZER;CN="{organizer_cn}":mailto:{organizer}',
        f"ATTENDEE;CN=Anna;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{attendee}",
        "END:VEVENT", "END:VCALENDAR",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", "surrogatepass")


BROKEN_URLS = [
    "https://evil.example]x",
    "https://[evil.example",
    "https://[::1",
    "https://evil.example:99999/",
    "https://teams.microsoft.com]x/l/meetup-join/1",
]


def cards_of(directory: Directory, data: bytes) -> list[str]:
    """The advice card and one reply card, in Gmail's JSON and Outlook's HTML, as text."""
    view = View(lang="en", locale="en", tz=STOCKHOLM, carry={})
    found = read_invite(data)
    request = ReplyRequest(reason="conflict", zone=STOCKHOLM)
    outcome = triage(directory, found, request, me=ME, now=BEFORE)
    shown = [advice_card(outcome.assessment, view)]
    if outcome.chosen is not None and outcome.reply is not None:
        shown.append(reply_card(outcome, view, request))
    text: list[str] = []
    for card in shown:
        text += gmail_lines(render_card(card, "https://raincheck.example/gmail/action"))
        text += html_lines(render_html(card))
    return text


@pytest.mark.parametrize("location", BROKEN_URLS)
def test_a_location_that_does_not_parse_as_a_url_is_shown_as_text(
    directory: Directory, location: str
) -> None:
    found = read_invite(invite(location=location))
    assert found.online_url is None
    assert found.location == location
    assert location in " ".join(cards_of(directory, invite(location=location)))


@pytest.mark.parametrize("field", ["url", "description"])
def test_a_link_that_does_not_parse_elsewhere_in_the_invite_is_no_join_link(
    directory: Directory, field: str
) -> None:
    data = invite(**{field: "https://teams.microsoft.com]x/l/meetup-join/1"})
    assert read_invite(data).online_url is None
    assert cards_of(directory, data)


# Text that tries the reader's and the card builders' edges: URL-ish pieces, brackets, ports,
# folding, control characters and any code point a calendar file can carry.
_PIECES = st.sampled_from(
    ["https://", "http://", "tel:", "mailto:", "[", "]", ":", "@", "%", "//", "\\", ";", ",",
     "\n", "\r", "\t", " ", "\x00", "\u2028", "teams.microsoft.com/l/meetup-join/",
     "zoom.us/j/", "meet.google.com/", ":99999999", "[::1]", "xn--", "Room 4", "+46 8 123 45"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=8).map("".join)
_ADDRESS = st.one_of(
    st.just(ME),
    st.builds(lambda local, host: f"{local}@{host}", _TEXT, _TEXT),
    _TEXT,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    summary=_TEXT,
    location=_TEXT,
    description=_TEXT,
    url=_TEXT,
    organizer_cn=_TEXT,
    organizer=_ADDRESS,
    attendee=_ADDRESS,
)
def test_no_field_makes_the_reader_or_a_card_raise_anything_but_invite_error(
    directory: Directory,
    summary: str,
    location: str,
    description: str,
    url: str,
    organizer_cn: str,
    organizer: str,
    attendee: str,
) -> None:
    data = invite(
        summary=summary,
        location=location,
        description=description,
        url=url.replace("\r", "").replace("\n", ""),
        organizer_cn=organizer_cn,
        organizer=organizer,
        attendee=attendee,
    )
    with contextlib.suppress(InviteError):
        cards_of(directory, data)
