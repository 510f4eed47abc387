"""Hostile text stays text: every kind of line break in a title or a name never blocks a draft
(headers are one line), control characters never reach our iCalendar output, the command line
prints no terminal escapes, and exported CSV cells cannot start a formula."""

from __future__ import annotations

import email
import email.policy
import re
from zoneinfo import ZoneInfo

import pytest

from addon.directory.csvfile import read_csv, write_csv
from addon.directory.records import ClientRecord
from addon.invite import read_invite
from addon.invite.model import Person
from addon.text import calendar_text, one_line, printable
from addon.writing.letters import Voice, write_reply
from addon.writing.mime import draft_message
from tests.support.itip_rules import check_itip
from tests.support.paths import invite_bytes

BREAKS = {
    "LF": "\n", "CR": "\r", "CRLF": "\r\n", "VT": "\x0b", "FF": "\x0c", "FS": "\x1c",
    "GS": "\x1d", "RS": "\x1e", "NEL": "\x85", "LS": "\u2028", "PS": "\u2029",
}  # fmt: skip
# NUL is left out: the reader refuses input with NUL bytes as not text.
CONTROLS = "".join(chr(c) for c in (*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F, 0x9B))
ANNA = Person("anna@lumen.example", "Anna Berg")
# RFC 5545 §3.1: no CONTROL character (C0 but HTAB, and DEL) in a content line.
_CONTROL_IN_ICS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x80-\x9f]")


def _hostile_ics(breaks: str) -> bytes:
    """The review invite with line breaks and control characters in its title and in the
    organizer's name, written the way a careless or malicious sender's software would."""
    raw = invite_bytes("exchange-quarterly-review.eml")
    ics = read_invite(raw)
    title = f"Quarterly{breaks}Bcc: victim@example.org{breaks}review{CONTROLS}"
    name = f"Eva{breaks}Lind{CONTROLS}"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{ics.uid}\r\nDTSTAMP:20261120T090000Z\r\n"
        "DTSTART:20261203T130000Z\r\nDTEND:20261203T140000Z\r\n"
        f"SUMMARY:{_escaped(title)}\r\n"
        f'ORGANIZER;CN="{_escaped(name)}":mailto:eva.lind@nordvik.example\r\n'
        "ATTENDEE;CN=Anna Berg;PARTSTAT=NEEDS-ACTION:mailto:anna@lumen.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _escaped(text: str) -> str:
    # LF and CR cannot stand raw in a content line: a sender escapes them as \\n (RFC 5545).
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


@pytest.mark.parametrize("kind", list(BREAKS))
@pytest.mark.parametrize("strategy", ["phone", "shorter", "email", "move"])
def test_line_breaks_in_a_title_or_name_never_block_a_draft(kind: str, strategy: str) -> None:
    invite = read_invite(_hostile_ics(BREAKS[kind]))
    assert invite.summary == "Quarterly Bcc: victim@example.org review"
    assert invite.organizer is not None and invite.organizer.name == "Eva Lind"
    draft = write_reply(invite, strategy, me=ANNA, voice=Voice(tz=ZoneInfo("Europe/Stockholm")))
    sender = Person(ANNA.email, f"Anna{BREAKS[kind]}Berg")
    raw = draft_message(draft, sender=sender, in_reply_to=f"<a@b>{BREAKS[kind]}X: y")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Re: Quarterly Bcc: victim@example.org review"
    assert message["Bcc"] is None and message["X"] is None
    assert message["From"] == "Anna Berg <anna@lumen.example>"
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert all(line[:1] in " \t" or ":" in line for line in headers.split("\r\n"))
    if draft.calendar_part is not None:
        assert not _CONTROL_IN_ICS.search(draft.calendar_part.text.replace("\r\n", ""))
        event = check_itip(draft.calendar_part, invite, ANNA.email)
        assert str(event["SUMMARY"]) == invite.summary


@pytest.mark.parametrize(
    ("text", "line", "calendar"),
    [
        ("a\nb", "a b", "a\nb"),
        ("a\r\nb\u2028c\x85d", "a b c d", "a\nb\nc\nd"),
        ("tab\there", "tab here", "tab here"),
        ("bell\x07 nul\x00 del\x7f csi\x9b", "bell nul del csi", "bell nul del csi"),
        ("  many   spaces ", "many spaces", "  many   spaces "),
    ],
)
def test_one_line_and_calendar_text(text: str, line: str, calendar: str) -> None:
    assert one_line(text) == line
    assert calendar_text(text) == calendar


@pytest.mark.parametrize(
    "escape",
    [
        "\x1b[2J",  # clear the screen
        "\x1b[31m",  # red
        "\x1b]0;pwned\x07",  # set the window title
        "\x1b]8;;https://evil.example\x1b\\",  # a hyperlink
        "\x1bc",  # reset the terminal
        "\r",  # return to the line's start and overwrite it
    ],
)
def test_printable_strips_terminal_escapes(escape: str) -> None:
    assert printable(f"Acme{escape} AB") == "Acme AB"


def test_exported_cells_cannot_start_a_formula_and_import_back_unchanged() -> None:
    records = [
        ClientRecord(name="=HYPERLINK(\"https://evil.example\",\"Click\")", tier="key",
                     notes="+1 called"),
        ClientRecord(name="@SUM(A1)", tier="standard", notes="-2 weeks late"),
        ClientRecord(name="Plain AB", tier="occasional", notes="nothing odd"),
    ]  # fmt: skip
    exported = write_csv(records)
    cells = [cell for line in exported.splitlines()[1:] for cell in line.split(",")]
    assert not [c for c in cells if c.lstrip('"')[:1] in ("=", "+", "-", "@")]
    assert read_csv(exported.encode()) == sorted(records, key=lambda r: r.name.casefold())
