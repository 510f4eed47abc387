"""The advice card says what makes sense for the meeting in front of the user: nothing to ask
for a meeting that is over, a meeting among colleagues named as one, and one option per time
a moved meeting can land on."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.invite import read_invite
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from cards.actions import Act
from cards.advice import advice_card
from cards.html import render_html
from cards.inputs import move_choice
from cards.model import Choice
from cards.view import View
from tests.support.cardtext import html_lines
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2027, 6, 1, 8, 0, tzinfo=dt.UTC)


def card_text(directory: Directory, fixture: str, me: str, now: dt.datetime, lang: str) -> str:
    view = View(lang=lang, locale=lang, tz=STOCKHOLM, carry={})  # type: ignore[arg-type]
    invite = read_invite(invite_bytes(fixture))
    outcome = triage(directory, invite, ReplyRequest(zone=STOCKHOLM), me=me, now=now)
    return " ".join(html_lines(render_html(advice_card(outcome.assessment, view))))


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "This meeting took place on Thursday, December 3, 2026. Meeting Quarterly account "
               "review Thursday, December 3, 2026, 2:00 PM–3:30 PM (Central European Time) Where "
               "In person at Nordvik HQ, Hamngatan 12, Stockholm There is nothing to send: "
               "Raincheck proposes nothing for a meeting that has taken place. Client"),
        ("sv", "Mötet hölls torsdag den 3 december 2026."),
    ],
)  # fmt: skip
def test_a_meeting_that_is_over_asks_for_no_reason_and_lists_no_strategies(
    directory: Directory, lang: str, says: str
) -> None:
    text = card_text(directory, "exchange-quarterly-review.eml", "anna@lumen.example", AFTER, lang)
    assert says in text
    for asked in ("Why do you want out?", "Varför vill du", "Not offered", "What Raincheck"):
        assert asked not in text
    assert text.count("nothing left to propose") == 0


@pytest.mark.parametrize(
    ("fixture", "title"),
    [("internal-pitch-prep.ics", "Internal meeting"),
     ("colleague-client-visit.ics", "Unknown client")],
)  # fmt: skip
def test_a_meeting_among_colleagues_is_named_as_one(
    directory: Directory, fixture: str, title: str
) -> None:
    text = card_text(directory, fixture, "david@lumen.example", BEFORE, "en")
    assert text.startswith(title)


@pytest.mark.parametrize("move_days", [1, 2, 7])
def test_offsets_that_land_on_one_time_are_one_option(move_days: int) -> None:
    # Friday 18 December: a day later is a Saturday and two days later a Sunday, both moved
    # to Monday 21 December; a week later is Christmas Day, moved to Monday 28 December.
    view = View(lang="en", locale="en", tz=STOCKHOLM, carry={})
    invite = read_invite(invite_bytes("christmas-week-review.ics"))
    request = ReplyRequest(strategy="move", reason="conflict", zone=STOCKHOLM, move_days=move_days)
    bounds = request.bounds(invite, BEFORE)
    (choice, *_) = move_choice(invite, request, None, view, view.action(Act.PREVIEW), bounds)
    assert isinstance(choice, Choice)
    texts = [o.text.replace("\u202f", " ") for o in choice.options]
    assert texts == [
        "Monday, December 21, 2026, 10:00 AM–12:00 PM",
        "Monday, December 28, 2026, 10:00 AM–12:00 PM",
        "Monday, January 4, 2027, 10:00 AM–12:00 PM",
    ]
    (chosen,) = [o.text.replace("\u202f", " ") for o in choice.options if o.selected]
    assert chosen == texts[0 if move_days < 7 else 1]
