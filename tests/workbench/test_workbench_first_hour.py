"""The workbench in real Chromium as a new user meets it in the first hour (issue 28, points 1,
2, 4 and 5), at Gmail's 300-pixel sidebar and on a 1600-pixel screen: nothing overflows the
card, whatever the address; a confirmation stays until the user does something else; an upload
that cannot be opened says why; the drafts read as a person reads them, from the user by name."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page

from tests.support.browser import Console
from tests.workbench.conftest import OVERFLOW

# An address with nowhere to break, and the longest language name: what overflowed at 300 px.
LONG = "christinavanderberglindqvistaccountmanagement@northernregionoffice.lumen.example"


@pytest.fixture
def page(page_at_both_widths: Page) -> Page:
    return page_at_both_widths


def _open(page: Page, url: str, sample: str, user: str, lang: str = "en", name: str = "") -> None:
    page.goto(url + "/")
    page.select_option("select[name=sample]", sample)
    page.fill("input[name=user]", user)
    page.fill("input[name=name]", name)
    page.select_option("select[name=lang]", lang)
    with page.expect_response("**/gmail/message"):
        page.click("text=Open in Gmail and Outlook")
    page.wait_for_selector("#gmail-card .gc-card")


def test_nothing_overflows_the_card_or_the_page_with_a_long_address_in_swedish(
    page: Page, workbench_url: str
) -> None:
    console = Console(page)
    _open(page, workbench_url, "quarterly-review.eml", LONG, lang="sv")
    card = page.locator("#gmail-card")
    assert LONG in card.inner_text()  # "You (...) are not among this invite's attendees"
    assert card.evaluate(OVERFLOW) == []
    card.locator(".gc-decorated", has_text="Gör det kortare").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    assert card.evaluate(OVERFLOW) == []
    # The workbench's own controls and the page: no sideways scrolling at any width.
    assert page.locator(".wb-bar").evaluate(OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert console.problems() == []


CLIENTS = (
    b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
    b"Cobalt & Pine,occasional,,,,cobaltpine.example,,\n"
)


def test_the_confirmation_of_load_my_clients_stays_after_the_cards_are_drawn_again(
    page: Page, workbench_url: str, tmp_path: Path
) -> None:
    _open(page, workbench_url, "status-update.ics", "anna@lumen.example")
    mine = tmp_path / "mine.csv"
    mine.write_bytes(CLIENTS)
    page.set_input_files("input[name=clients]", str(mine))
    # Loading redraws the open invite with the new directory: the note must outlive that.
    with page.expect_response("**/gmail/message"):
        page.click("text=Load my clients")
    page.locator("#gmail-card .gc-card", has_text="Occasional client").wait_for()
    page.wait_for_function("() => document.querySelector('#gmail-card').ariaBusy === 'false'")
    note = page.locator("#gmail-note")
    assert note.is_visible()
    assert note.inner_text() == "Your clients are loaded: 0 new, 1 updated, 0 unchanged."
    # The next thing the user does replaces it.
    with page.expect_response("**/gmail/message"):
        page.click("text=Open in Gmail and Outlook")
    page.wait_for_function("() => document.getElementById('gmail-note').hidden")


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("empty.ics", b"", "empty.ics is empty: choose a file with an invite in it"),
        ("photo.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
         "photo.ics is not a calendar file: it is binary, not text"),
    ],
)  # fmt: skip
def test_an_upload_that_cannot_be_opened_says_why_in_the_page(
    page: Page, workbench_url: str, tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    page.goto(workbench_url + "/")
    page.fill("input[name=user]", "anna@lumen.example")
    upload = tmp_path / name
    upload.write_bytes(data)
    page.set_input_files("input[name=file]", str(upload))
    with page.expect_response("**/workbench/api/open"):
        page.click("text=Open in Gmail and Outlook")
    note = page.locator("#gmail-note")
    note.wait_for()
    assert note.inner_text() == said
    assert note.evaluate(OVERFLOW) == []


def _download(url: str, page: Page, host: str, has_text: str) -> EmailMessage:
    draft = page.locator(f"#drafts li[data-host={host}]", has_text=has_text).first
    draft.wait_for()
    href = draft.locator("a", has_text="Download .eml").get_attribute("href")
    raw = requests.get(url + str(href), timeout=10).content
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _lines(text: str) -> list[str]:
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_swedish_briefing_from_the_outlook_pane_reads_as_a_person_reads_it(
    page: Page, workbench_url: str
) -> None:
    """Both parts of the draft: the text part as a mail client shows it, the HTML part as
    Chromium lays it out (innerText); the same lines, each label beside its value."""
    _open(page, workbench_url, "renewal.eml", "david@lumen.example", "sv", name="Dawid Eklund")
    pane = page.frame_locator("#outlook-pane")
    pane.locator("#card .rc-card").wait_for()
    with page.expect_response("**/outlook/api"):
        pane.locator("select[name=reason]").select_option("colleague_covers")
    pane.locator("main[aria-busy=false]").wait_for(state="attached")
    pane.locator(".rc-fact", has_text="Lämna över").locator("button").click()
    pane.locator("[data-card=reply]").wait_for()
    pane.locator("textarea[name=status]").fill("Avtalet ligger hos juristen")
    pane.locator("textarea[name=points]").fill("Pristak 3 %")
    pane.locator(".rc-footer button").click()
    briefing = _download(workbench_url, page, "Outlook", "Avtalet ligger hos juristen")
    assert str(briefing["From"]) == "Dawid Eklund <david@lumen.example>"
    text_part, html_part = briefing.get_body(("plain",)), briefing.get_body(("html",))
    assert text_part is not None and html_part is not None
    text = _lines(text_part.get_content())
    page.set_content(html_part.get_content())
    drawn = [line.replace("\t", ": ") for line in _lines(page.inner_text("body"))]
    for line in ("Rubrik: Avtalsförnyelse 2027", "Kund: Solberg Energi", "Nivå: Nyckelkund"):
        assert line in text and line in drawn
    assert [line.casefold() for line in text] == [line.casefold() for line in drawn]


def test_nothing_overflows_the_outlook_pane_with_a_long_address(
    page: Page, workbench_url: str
) -> None:
    _open(page, workbench_url, "quarterly-review.eml", LONG, lang="sv")
    pane = page.frame_locator("#outlook-pane")
    pane.locator("#card .rc-card").wait_for()
    assert LONG in pane.locator("#card").inner_text()
    assert pane.locator("#card .rc-card").first.evaluate(OVERFLOW) == []
    assert pane.locator("html").evaluate("h => h.scrollWidth <= h.clientWidth")
