"""A card is in its reader's language alone, whatever language the card before it was in: the
parts kept per language (options, catalogs, Babel's locales) never carry one language's text
into another's card, and a card reads the same whether they were kept or made afresh."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.directory.users import Settings
from addon.hosts import Host
from addon.i18n import LANGS, LANGUAGES, TRANSLATED, gettext
from addon.i18n.catalog import code_msgids
from addon.invite import read_invite
from addon.triage.outcomes import LogRow, outcomes
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from cards.advice import advice_card
from cards.gmail import render_card
from cards.home import home_card
from cards.html import render_html
from cards.model import Card
from cards.reply import reply_card
from cards.view import View
from tests.core.test_i18n_caches import clear_caches
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
# English as read in Europe; every other language in its own record's locale ("sv_SE").
LOCALES = {code: "en_GB" if code == "en" else LANGUAGES[code].locale for code in LANGS}
ANNA, DAVID = "anna@lumen.example", "david@lumen.example"

# (fixture, user, what): the message-open card for a known client, an unknown one and an
# internal meeting, and reply cards that ask for a series' scope, a new time and a briefing.
CASES = [
    ("exchange-quarterly-review.eml", ANNA, "advice"),
    ("colleague-client-visit.ics", DAVID, "advice"),
    ("new-york-kickoff.ics", ANNA, "advice"),
    ("internal-pitch-prep.ics", DAVID, "advice"),
    ("teams-renewal.eml", DAVID, "advice"),
    ("tuesday-series.ics", ANNA, "move"),
    ("exchange-quarterly-review.eml", ANNA, "phone"),
    ("christmas-week-review.ics", ANNA, "shorter"),
    ("teams-renewal.eml", DAVID, "delegate"),
    ("exchange-quarterly-review.eml", ANNA, "shorter"),
    ("-", ANNA, "home"),
]

# Texts of the code that read differently in another language; only these can tell a card's
# language (a name, a date's digits or "Raincheck" read alike in both).
_PLAIN = [m for m, plural in code_msgids().items() if plural is None and "{" not in m]


def _own(lang: str) -> set[str]:
    """The language's own renderings of the code's plain texts, those no other language shares."""
    others = {gettext(m, other) for m in _PLAIN for other in LANGS if other != lang}
    return {gettext(m, lang) for m in _PLAIN} - others


OWN = {lang: _own(lang) for lang in LANGS}


def _card(directory: Directory, fixture: str, me: str, what: str, lang: str) -> Card:
    view = View(lang, LOCALES[lang], STOCKHOLM, {"m": "1"}, host=Host.GMAIL)
    if what == "home":
        settings = Settings(use_calendar=True, country="FI")
        rows = [
            LogRow(True, "shorter", "key", "accepted", True, 2, 60),
            LogRow(False, "phone", "strategic", None, True, 1, 35),
            LogRow(False, "phone", "strategic", "countered", True, 1, 35),
        ]
        return home_card(outcomes(rows), settings, view)
    invite = read_invite(invite_bytes(fixture))
    if what == "advice":
        outcome = triage(directory, invite, ReplyRequest(zone=STOCKHOLM), me=me, now=BEFORE)
        return advice_card(
            outcome.assessment, view, new_client_name="X", new_client_key="x.example"
        )
    request = ReplyRequest(strategy=what, reason="conflict", zone=STOCKHOLM, locale=lang)  # type: ignore[arg-type]
    outcome = triage(directory, invite, request, me=me, now=BEFORE)
    return reply_card(outcome, view, request)


def _lines(card: Card) -> tuple[list[str], list[str]]:
    return gmail_lines(render_card(card, "https://raincheck.example/a")), html_lines(
        render_html(card)
    )


def _foreign(lines: list[str], lang: str) -> list[str]:
    """Lines that are, or hold, another language's own text."""
    found = []
    for other in LANGS:
        if other == lang:
            continue
        for text in OWN[other]:
            # A short text ("Key", "Tone") only as a whole line; a longer one anywhere in a line,
            # as whole words: Swedish "Strategisk kund" is not in Danish "Strategisk kunde".
            words = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
            found += [
                line for line in lines if line == text or (len(text) > 12 and words.search(line))
            ]
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("fixture", "me", "what"), CASES)
def test_a_card_right_after_one_in_another_language_is_in_its_own_alone(
    directory: Directory, fixture: str, me: str, what: str, lang: str
) -> None:
    make: Callable[[str], Card] = lambda in_lang: _card(directory, fixture, me, what, in_lang)  # noqa: E731
    clear_caches()
    fresh = _lines(make(lang))  # made with nothing kept
    for other in LANGS:
        clear_caches()
        make(other)  # the caches filled by a card in the other language first
        after = _lines(make(lang))
        assert after == fresh, (other, lang)
    gmail, html = fresh
    assert _foreign(gmail, lang) == [] and _foreign(html, lang) == []
    assert set(gmail) & OWN[lang], "the card says nothing of its own language"


def test_the_languages_have_texts_of_their_own_to_tell_them_apart() -> None:
    for lang in TRANSLATED:
        assert len(OWN[lang]) > 50 and len(OWN["en"]) > 50
