"""What the README says the cards show is what the cards built show (issue 28, point 12): the
meeting count with and without the calendar, the reason the card suggests, the homepage's
settings, the briefing's fields. Each claim is read from the README, so an edit to either side
that makes them disagree fails here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Settings
from addon.invite import read_invite
from addon.triage.outcomes import Outcomes
from addon.triage.request import ReplyRequest
from addon.triage.rules import FREQUENT_MEETINGS
from addon.triage.service import triage
from addon.vocabulary import BRIEF_FIELDS
from cards.advice import advice_card
from cards.home import home_card
from cards.html import render_html
from cards.view import View
from tests.support.cardtext import html_lines
from tests.support.google_addon import Google
from tests.support.paths import ROOT, SAMPLE_CLIENTS, invite_bytes

README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
CALENDAR = README.split("### Calendar-aware advice", 1)[1].split("\n### ", 1)[0]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
VIEW = View(lang="en", locale="en", tz=STOCKHOLM, carry={})
BEFORE = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def claim(pattern: str, text: str = README) -> re.Match[str]:
    found = re.search(pattern, text)
    assert found, f"the README no longer says {pattern!r}"
    return found


def advice_text(past: int | None = None, ahead: int = 0, reason: str = "conflict") -> str:
    """The advice card for Nordvik's quarterly review, with the count the calendar gave."""
    store = Store("sqlite://")
    with store.session() as session:
        directory = Directory(session, "lumen.example")
        directory.import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="test")
        invite = read_invite(invite_bytes("exchange-quarterly-review.eml"))
        outcome = triage(
            directory, invite, ReplyRequest(zone=STOCKHOLM, reason=reason),  # type: ignore[arg-type]
            me="david@lumen.example", now=BEFORE,
        )  # fmt: skip
    store.dispose()
    a = outcome.assessment
    if past is not None:
        a = dataclasses.replace(a, profile=a.profile.with_meetings(past, ahead))
    return " ".join(html_lines(render_html(advice_card(a, VIEW))))


def test_the_count_the_readme_quotes_is_the_one_the_card_shows() -> None:
    quoted = claim(r'The advice says "(\d+) meetings in 90 days, (\d+) booked ahead"', CALENDAR)
    past, ahead = int(quoted[1]), int(quoted[2])
    assert f"{past} meetings in 90 days, {ahead} booked ahead" in advice_text(past, ahead)


def test_the_reason_the_readme_says_many_meetings_suggest_is_the_one_the_card_names() -> None:
    said = claim(r"With (\d+) or more, `email` ranks up and the card suggests the reason \"([^\"]+)\"",
                 CALENDAR)  # fmt: skip
    assert int(said[1]) == FREQUENT_MEETINGS
    card = advice_text(FREQUENT_MEETINGS)
    assert f"choose “{said[2]}”" in card
    assert f"choose “{said[2]}”" not in advice_text(FREQUENT_MEETINGS - 1)


def test_with_the_calendar_off_the_card_shows_raincheck_s_own_count(google: Google) -> None:
    """The README: without the setting the count is Raincheck's own; the card shows it, and
    says nothing about a calendar it was never asked to read."""
    claim(r"Without the setting, the count is Raincheck's own \(meetings you answered through "
          r"it\), as the setting's \"No\" says", CALENDAR)  # fmt: skip
    card = google.open_message("exchange-quarterly-review.eml", user="david@lumen.example")
    header = card["action"]["navigations"][0]["pushCard"]["header"]
    assert re.search(r"\b0 meetings in 90 days$", header["subtitle"])
    assert "calendar" not in str(card["action"]["navigations"][0]["pushCard"]["sections"][0])


HOMEPAGE = {
    "meeting time saved this month": "Meeting time saved this month",
    "what works": "What works this month",
    "language": "Language of replies",
    "tone": "Tone",
    "call link": "Your number or call link",
    "shorter length": "Default length of a shorter meeting",
    "signature": "Your name under replies",
    "reading your calendar": "Read my calendar",
    "working hours": "Working day starts",
    "the country whose holidays you keep": "Public holidays you keep",
}


def test_the_homepage_shows_what_the_readme_lists() -> None:
    row = claim(r"\| `/gmail/home`, `/calendar/home` \| homepage: ([^|]+) \|")[1]
    listed = [p.strip() for p in re.split(r", and settings \(|, |\)", row) if p.strip()]
    assert listed == list(HOMEPAGE)
    card = " ".join(html_lines(render_html(home_card(Outcomes(), Settings(), VIEW))))
    missing = [label for label in HOMEPAGE.values() if label not in card]
    assert missing == []


def test_the_briefing_fields_the_readme_names_are_the_cards() -> None:
    named = claim(r"`--brief` fills the briefing to the account manager: ((?:`\w+`(?:, )?)+)")[1]
    assert tuple(re.findall(r"`(\w+)`", named)) == BRIEF_FIELDS
