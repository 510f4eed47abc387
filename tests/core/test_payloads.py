"""192 XSS and HTML-injection payloads through every field a stranger controls in an invite
(title, place, description, organizer's and attendee's names): the advice and reply cards, as
Gmail JSON and as the pane's HTML, and the drafted letter hold them only as text
(README, "Security and faults"). The pane and the workbench run them in Chromium too
(tests/outlook/test_outlook_pane.py)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.invite import read_invite
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from cards.advice import advice_card
from cards.gmail import render_card
from cards.html import render_html
from cards.reply import reply_card
from cards.view import View
from tests.support.payloads import hostile_ics, payloads

PAYLOADS = payloads()
# The markup our own renderers write; anything else in the output came from the payload.
OURS = {
    "article", "header", "h1", "h2", "p", "section", "div", "span", "button", "a", "b", "i",
    "u", "br", "ul", "ol", "li", "font", "label", "select", "option", "input", "textarea",
    "details", "summary", "strong", "em", "small", "blockquote", "hr", "footer", "table",
    "tr", "td", "tbody", "thead", "th", "figure", "figcaption",
}  # fmt: skip


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in OURS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            # Letters carry inline styles of ours (mail clients drop style sheets); a style
            # that loads or runs anything is not ours.
            if name == "style" and any(w in (value or "").lower() for w in ("url(", "expression")):
                self.problems.append(f"{tag}[style={value}]")
            url = (value or "").strip().lower()
            if name in ("href", "src", "action") and url.startswith(("javascript:", "data:")):
                self.problems.append(f"{tag}[{name}={url[:30]}]")


def markup_problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


# Where Card v1 renders HTML: a text paragraph and a decorated text's lines. Headers, button
# labels and input values are plain text to Google.
HTML_KEYS = ("text", "topLabel", "bottomLabel")


def _html_strings(value: Any, html: bool = False) -> list[str]:
    if isinstance(value, str):
        return [value] if html else []
    if isinstance(value, dict):
        return [
            s for k, v in value.items()
            for s in _html_strings(v, k in HTML_KEYS and not isinstance(v, dict))
        ]  # fmt: skip
    if isinstance(value, list):
        return [s for v in value for s in _html_strings(v, html)]
    return []


@pytest.fixture(scope="module")
def store() -> Store:
    return Store("sqlite://")


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_payload_in_every_field_stays_text_in_cards_and_drafts(
    store: Store, payload: str
) -> None:
    invite = read_invite(hostile_ics(payload))
    view = View(lang="en", locale="en_US", tz=ZoneInfo("Europe/Stockholm"), carry={})
    with store.session() as session:
        directory = Directory(session, "hostile.example")
        request = ReplyRequest(strategy="phone", zone=view.tz)
        outcome = triage(
            directory, invite, request, me="anna@lumen.example",
            now=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        )  # fmt: skip
    assert outcome.reply is not None
    cards = [
        advice_card(outcome.assessment, view),
        reply_card(outcome, view, request),
    ]
    found: list[str] = []
    for card in cards:
        found += markup_problems(render_html(card))
        found += [
            p
            for s in _html_strings(render_card(card, "https://x.test/a"))
            for p in markup_problems(s)
        ]
    found += markup_problems(outcome.reply.html)
    assert found == [], (payload, found)
