"""Bowing out of the account manager's own meeting in the workbench, in real Chromium at
Gmail's 300-pixel sidebar and on a 1600-pixel screen (issue 28, point 7): David opens Anna's
pitch, says a colleague covers, and bows out. The Gmail card and the Outlook pane ask only
what the briefing uses, under a heading naming Anna, preview the briefing itself, and draft
one email to her carrying his line of his own and his calendar answer."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest
import requests
from playwright.sync_api import FrameLocator, Locator, Page

from addon.invite.reader import read_invite
from addon.writing.itip import CalendarPart
from tests.support.browser import Console
from tests.support.itip_rules import check_itip
from tests.support.paths import SAMPLES
from tests.workbench.conftest import OVERFLOW

DAVID = "david@lumen.example"
STATUS = "Concepts A and B are ready; C needs a day."
POINTS = "Lead with B: it fits the budget."
NOTE = "Ring me on Friday if Kim asks about print."


@pytest.fixture
def page(page_at_both_widths: Page) -> Page:
    return page_at_both_widths


def _open_pitch(page: Page, url: str) -> None:
    page.goto(url + "/")
    page.select_option("select[name=sample]", "pitch.eml")
    page.fill("input[name=user]", DAVID)
    with page.expect_response("**/gmail/message"):
        page.click("text=Open in Gmail and Outlook")
    page.wait_for_selector("#gmail-card .gc-card")


def _message(url: str, draft: Locator) -> EmailMessage:
    href = draft.locator("a", has_text="Download .eml").get_attribute("href")
    raw = requests.get(url + str(href), timeout=5).content
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _part(message: EmailMessage, kind: str) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == kind)
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _check_the_one_draft(url: str, drafts: Locator) -> None:
    """One email, to Anna: the briefing with David's words, his line just before the
    sign-off, and the calendar answer that declines her meeting."""
    drafts.first.wait_for()
    assert drafts.count() == 1
    message = _message(url, drafts.first)
    assert message["To"] == "anna@lumen.example"
    text = _part(message, "text/plain").replace("\r\n", "\n")
    for words in (STATUS, POINTS, NOTE):
        assert words in text
    assert re.search(rf"\n\n{re.escape(NOTE)}\n\n\S[^\n]*\n\S[^\n]*\n*$", text), text[-300:]
    pitch = read_invite((SAMPLES / "pitch.eml").read_bytes())
    answer = check_itip(CalendarPart("REPLY", _part(message, "text/calendar")), pitch, DAVID)
    assert answer["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_in_the_gmail_card_bowing_out_of_annas_pitch_is_her_briefing_previewed_and_drafted(
    page: Page, workbench_url: str
) -> None:
    console = Console(page)
    _open_pitch(page, workbench_url)
    card = page.locator("#gmail-card")
    with page.expect_response("**/gmail/action"):
        card.locator("select[name=reason]").select_option("colleague_covers")
    card.locator(".gc-decorated", has_text="Bow out").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    assert card.locator(".gc-section-header").all_inner_texts() == [
        "Briefing for Anna",
        "Preview",
    ]
    assert card.locator("select[name=lang]").count() == 0  # the briefing is in David's own
    preview = card.locator(".gc-section").nth(1)
    assert "Briefing to anna@lumen.example" in preview.inner_text()
    assert "Hi Anna" in preview.inner_text()  # never empty: what will be drafted
    card.locator("textarea[name=status]").fill(STATUS)
    card.locator("textarea[name=points]").fill(POINTS)
    card.locator("textarea[name=note]").fill(NOTE)
    with page.expect_response("**/gmail/action"):
        card.locator("button", has_text="Update preview").click()
    page.wait_for_function("() => document.querySelector('#gmail-card').ariaBusy === 'false'")
    shown = card.locator(".gc-section").nth(1).inner_text()
    for words in (STATUS, POINTS, NOTE):
        assert words in shown
    assert card.evaluate(OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    card.locator(".gc-footer button").click()
    _check_the_one_draft(workbench_url, page.locator("#drafts li[data-host=Gmail]"))
    assert console.problems() == []


def _pane(page: Page) -> FrameLocator:
    frame = page.frame_locator("#outlook-pane")
    frame.locator("#card .rc-card").wait_for()
    return frame


def _settled(page: Page, pane: FrameLocator) -> None:
    pane.locator("main[aria-busy=false]").wait_for(state="attached")


def test_in_the_outlook_pane_bowing_out_of_annas_pitch_is_the_same_briefing(
    page: Page, workbench_url: str
) -> None:
    console = Console(page)
    _open_pitch(page, workbench_url)
    pane = _pane(page)
    with page.expect_response("**/outlook/api"):
        pane.locator("select[name=reason]").select_option("colleague_covers")
    _settled(page, pane)
    pane.locator(".rc-fact", has_text="Bow out").locator("button").click()
    pane.locator("[data-card=reply]").wait_for()
    headings = pane.locator(".rc-section > h2, .rc-section > summary").all_inner_texts()
    assert headings == ["Briefing for Anna", "Preview"]
    assert pane.locator("select[name=lang]").count() == 0
    assert pane.locator("figcaption").all_inner_texts() == ["Briefing to anna@lumen.example"]
    assert "Hi Anna" in pane.locator(".rc-letter").inner_text()
    pane.locator("textarea[name=status]").fill(STATUS)
    pane.locator("textarea[name=points]").fill(POINTS)
    pane.locator("textarea[name=note]").fill(NOTE)
    with page.expect_response("**/outlook/api"):
        pane.locator("button", has_text="Update preview").click()
    _settled(page, pane)
    shown = pane.locator(".rc-letter").inner_text()
    for words in (STATUS, POINTS, NOTE):
        assert words in shown
    assert pane.locator("#card").evaluate(OVERFLOW) == []
    with page.expect_response(lambda r: r.url.endswith("/outlook/api")) as answered:
        pane.locator(".rc-footer button").click()
    (step,) = answered.value.json()["do"]  # one form only: the briefing
    assert step["toRecipients"] == ["anna@lumen.example"]
    _check_the_one_draft(workbench_url, page.locator("#drafts li[data-host=Outlook]"))
    assert console.problems() == []
