"""Bowing out when the account manager organised the meeting (issue 28, point 7): the briefing
is the only email, so the card asks only what the briefing uses, under a heading that names
it, and its preview shows the briefing that will be drafted; "A line of your own" goes into
that briefing. When the organizer is the client, the two emails keep their own sections. The
same card is read from Gmail's Card v1 JSON and from the Outlook pane's HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.i18n import LANGS
from addon.invite import read_invite
from addon.invite.model import Invite
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome, triage
from addon.vocabulary import BRIEF_FIELDS, Reason
from addon.writing.briefing import BriefingNotes
from cards.gmail import render_card
from cards.html import render_html
from cards.reply import reply_card
from cards.view import View
from tests.support.cardcheck import check_card
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
DAVID = "david@lumen.example"
ACTION_URL = "https://raincheck.example/gmail/action"
NOTE = "Ring me on Friday if Kim asks about print."
BRIEF = {"status": "Concepts A and B are done.", "points": "Lead with B."}


def _pitch(organizer: str, *attendees: str) -> bytes:
    """The spring pitch at Bluefjord, organised and attended by whom the case says."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Raincheck tests//EN", "METHOD:REQUEST",
        "BEGIN:VEVENT", "UID:pitch-organizer-cases@lumen.example", "SEQUENCE:0",
        "DTSTAMP:20261125T101500Z", "DTSTART:20261208T090000Z", "DTEND:20261208T100000Z",
        "SUMMARY:Pitch: spring campaign concepts",
        "LOCATION:Bluefjord Studio\\, Sveavägen 44\\, Stockholm",
        f"ORGANIZER;{organizer}",
        *(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;{a}" for a in attendees),
        "END:VEVENT", "END:VCALENDAR",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode()


ANNA = "CN=Anna Berg:mailto:anna@lumen.example"
ME = "CN=David Ek:mailto:david@lumen.example"
KIM = "CN=Kim Sandberg:mailto:kim.sandberg@bluefjord.example"
ERIK = "CN=Erik Lund:mailto:erik@lumen.example"

# The account manager organised it, whoever else is invited.
AM_ORGANIZES = {
    "the pitch sample: Anna is the only other colleague": invite_bytes("google-pitch.eml"),
    "Anna does not list herself": _pitch(ANNA, ME, KIM),
    "another colleague is invited too": _pitch(ANNA, ANNA, ME, ERIK, KIM),
    "the organizer's address in capitals": _pitch(
        "CN=Anna Berg:mailto:Anna@Lumen.Example", ME, KIM
    ),
}
# The client organised it, and invited the account manager and the user: two emails.
CLIENT_ORGANIZES = _pitch(KIM, ANNA, ME)


@dataclass
class Shown:
    """One rendering of a card as a reader meets it: each section's heading, the names of the
    fields in it, and its lines of text."""

    sections: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def headings(self) -> list[str]:
        return [heading for heading, _, _ in self.sections]

    def fields(self, heading: str) -> list[str]:
        return next(names for h, names, _ in self.sections if h == heading)

    def text(self, heading: str) -> str:
        return "\n".join(next(lines for h, _, lines in self.sections if h == heading))

    def all_text(self) -> str:
        return "\n".join(line for _, _, lines in self.sections for line in lines)


def _gmail(card: dict[str, Any]) -> Shown:
    shown = Shown()
    for section in card["sections"]:
        names, lines = [], []
        for widget in section["widgets"]:
            for kind in ("selectionInput", "textInput"):
                if kind in widget:
                    names.append(widget[kind]["name"])
                    lines.append(widget[kind]["label"])
            if "textParagraph" in widget:
                text = widget["textParagraph"]["text"].replace("<br>", "\n")
                lines += [_untag(line) for line in text.splitlines()]
        shown.sections.append((section.get("header", ""), names, lines))
    return shown


def _untag(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    return "".join(parser.parts).strip()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class _Pane(HTMLParser):
    """The Outlook pane's card: sections are <section> or <details>, headed by <h2> or
    <summary>."""

    def __init__(self) -> None:
        super().__init__()
        self.shown = Shown()
        self.tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tag = tag
        if tag in ("section", "details"):
            self.shown.sections.append(("", [], []))
        elif tag in ("input", "select", "textarea") and values.get("name") and self.shown.sections:
            self.shown.sections[-1][1].append(str(values["name"]))

    def handle_data(self, data: str) -> None:
        if not self.shown.sections or not data.strip():
            return
        heading, names, lines = self.shown.sections[-1]
        if self.tag in ("h2", "summary") and not heading:
            self.shown.sections[-1] = (data.strip(), names, lines)
        elif self.tag not in ("option", "textarea"):
            lines += [line.strip() for line in data.splitlines() if line.strip()]


def _pane(html: str) -> Shown:
    reader = _Pane()
    reader.feed(html)
    return reader.shown


def _bow_out(
    directory: Directory,
    data: bytes,
    *,
    lang: str = "en",
    note: str = NOTE,
    brief: dict[str, str] | None = None,
    reason: Reason = "colleague_covers",
    say_why: bool | None = None,
) -> tuple[Outcome, Shown, Shown]:
    """David bows out of the pitch: the outcome, and the reply card as Gmail and Outlook show
    it."""
    invite: Invite = read_invite(data)
    request = ReplyRequest(
        strategy="delegate", reason=reason, say_why=say_why, zone=STOCKHOLM, locale=lang,
        own_locale=lang, note=note, brief=BriefingNotes(dict(BRIEF if brief is None else brief)),
    )  # fmt: skip
    outcome = triage(directory, invite, request, me=DAVID, now=NOW)
    card = reply_card(outcome, View(lang, lang, STOCKHOLM, {}), request)
    gmail = check_card(render_card(card, ACTION_URL))
    return outcome, _gmail(gmail), _pane(render_html(card))


def _both(outcome: tuple[Outcome, Shown, Shown]) -> list[Shown]:
    return [outcome[1], outcome[2]]


HEADINGS = {
    "en": ("Briefing for Anna", "Preview", "Your reply"),
    "sv": ("Överlämning till Anna", "Förhandsvisning", "Ditt svar"),
}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("case", list(AM_ORGANIZES))
def test_when_the_account_manager_organised_it_the_card_asks_only_what_the_briefing_uses(
    directory: Directory, case: str, lang: str
) -> None:
    outcome = _bow_out(directory, AM_ORGANIZES[case], lang=lang)
    assert outcome[0].briefing_only
    briefing, preview, _ = HEADINGS[lang]
    for shown in _both(outcome):
        assert shown.headings() == [briefing, preview]
        # The reply's language does not apply (the briefing is in the user's own), nor does
        # anything of a reply to the organizer: there is none.
        assert sorted(shown.fields(briefing)) == sorted([*BRIEF_FIELDS, "note", "say_why", "tone"])
        assert shown.fields(preview) == []


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("case", list(AM_ORGANIZES))
def test_when_the_briefing_is_the_only_email_the_preview_shows_it_with_the_users_words(
    directory: Directory, case: str, lang: str
) -> None:
    outcome, *shown = _bow_out(directory, AM_ORGANIZES[case], lang=lang)
    assert outcome.briefing is not None and outcome.briefing.calendar_part is not None
    preview = HEADINGS[lang][1]
    for one in shown:
        text = one.text(preview)
        assert "anna@lumen.example" in text
        for words in (*BRIEF.values(), NOTE, "Bluefjord Studio"):
            assert words in text
        # What the calendar answer does here: it declines, naming who goes instead; the seat
        # is not handed to Anna, who organised the meeting.
        said = {
            "en": "declines the meeting and says Anna Berg will attend in your place",
            "sv": "tackar nej till mötet och säger att Anna Berg går i ditt ställe",
        }[lang]
        assert said in text.replace("\n", " ")
        assert "hands your seat" not in text and "ger din plats" not in text


@pytest.mark.parametrize(("lang", "sign_off"), [("en", "Thanks,\nDavid"), ("sv", "Tack!\nDavid")])
@pytest.mark.parametrize("note", [NOTE, "Two lines:\nthe second one too."])
def test_a_line_of_your_own_closes_the_briefing_when_it_is_the_only_email(
    directory: Directory, lang: str, sign_off: str, note: str
) -> None:
    outcome, *_ = _bow_out(
        directory, AM_ORGANIZES["Anna does not list herself"], lang=lang, note=note
    )
    briefing = outcome.briefing
    assert briefing is not None
    # As in every letter: the user's own line just before the sign-off.
    assert briefing.text.endswith(f"\n\n{note}\n\n{sign_off}\n"), briefing.text[-200:]
    html_note = note.replace("\n", "<br>\n")
    assert f"<p>{html_note}</p>\n<p>{sign_off.replace(chr(10), '<br>')}</p>" in briefing.html


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_without_a_line_of_your_own_the_briefing_is_as_before(
    directory: Directory, lang: str
) -> None:
    outcome, *_ = _bow_out(
        directory, AM_ORGANIZES["Anna does not list herself"], lang=lang, note=""
    )
    briefing = outcome.briefing
    assert briefing is not None
    assert "\n\n\n" not in briefing.text and "<p></p>" not in briefing.html


def test_with_two_emails_the_reply_and_the_briefing_have_their_own_sections(
    directory: Directory,
) -> None:
    outcome = _bow_out(directory, CLIENT_ORGANIZES)
    assert not outcome[0].briefing_only
    reply = outcome[0].reply
    assert reply is not None and outcome[0].briefing is not None
    # The line of one's own is for the organizer, in the reply; the briefing has the fields.
    assert NOTE in reply.text and NOTE not in outcome[0].briefing.text
    for shown in _both(outcome):
        assert shown.headings() == [
            "Your reply", "Briefing for Anna", "Preview", "Briefing to anna@lumen.example"
        ]  # fmt: skip
        assert shown.fields("Your reply") == ["say_why", "note", "lang", "tone"]
        assert shown.fields("Briefing for Anna") == list(BRIEF_FIELDS)
        assert NOTE in shown.text("Preview")
        assert "kim.sandberg@bluefjord.example" in shown.text("Preview")


# Reasons the briefing gives a colleague that a reply to a client would not say by default.
@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("dislike", "I would rather not take this one."),
        ("workload", "I am swamped with other work just now."),
        ("colleague_covers", "You are closer to this client than I am."),
    ],
)
def test_the_reason_the_briefing_gives_can_be_kept_to_oneself(
    directory: Directory, reason: Reason, sentence: str
) -> None:
    data = AM_ORGANIZES["Anna does not list herself"]
    said, *shown = _bow_out(directory, data, reason=reason)
    assert said.briefing is not None and sentence in said.briefing.text
    for one in shown:
        assert "say_why" in one.fields("Briefing for Anna")
        assert "Your reason in the briefing" in one.text("Briefing for Anna")
    kept, *_ = _bow_out(directory, data, reason=reason, say_why=False)
    assert kept.briefing is not None and sentence not in kept.briefing.text


@pytest.mark.parametrize("lang", LANGS)
def test_in_every_language_the_line_of_your_own_stands_just_before_the_sign_off(
    directory: Directory, lang: str
) -> None:
    """Each language's briefing template is its translators' own and says nothing of a note:
    wherever its sign-off is, the user's line goes just before it, in both parts."""
    data = AM_ORGANIZES["Anna does not list herself"]
    outcome, *_ = _bow_out(directory, data, lang=lang, note=NOTE)
    briefing = outcome.briefing
    assert briefing is not None
    before, _, sign_off = briefing.text.rstrip("\n").rpartition("\n\n")
    assert before.endswith(f"\n\n{NOTE}") and sign_off.endswith("\nDavid"), briefing.text[-200:]
    assert briefing.html.count(NOTE) == 1
    assert f"<p>{NOTE}</p>\n<p>" in briefing.html and briefing.html.endswith("David</p>\n</div>")
