"""The workbench tour that the README's pictures come from: the Gmail card's advice, reply,
homepage (after the organizer accepted a proposal) and bow-out at Gmail's sidebar width, and
both hosts side by side. ``scripts/screenshot`` runs it to retake the pictures and writes beside
each the card's text; a browser test runs it again and checks that the text still matches, so a
picture never shows a card the app no longer draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "addon" / "workbench" / "static"
CARDS = (
    "advice",
    "reply",
    "homepage",
    "bow-out",
)  # screens/<name>.png and .txt, in the tour's order
VIEWPORT = {"width": 1440, "height": 1000}
ZONE = "Europe/Stockholm"
# The workbench's clock during the tour (``addon.workbench.resources.freeze``): free times and
# meeting counts come out the same whatever the day the pictures are taken or checked.
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def tour(page: Page, url: str, *, shoot: bool) -> dict[str, str]:
    """Walk the workbench; returns each card's text, and with ``shoot`` writes the pictures."""
    texts: dict[str, str] = {}
    card = page.locator("#gmail-card")

    def keep(name: str) -> None:
        texts[name] = card.inner_text()
        if shoot:
            card.screenshot(path=str(SHOTS / "screens" / f"{name}.png"))
            (SHOTS / "screens" / f"{name}.txt").write_text(texts[name] + "\n", encoding="utf-8")

    page.goto(url + "/")
    _open(page, "quarterly-review.eml", "anna@lumen.example")
    keep("advice")
    card.locator(".gc-decorated", has_text="Make it a call").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    keep("reply")
    card.locator(".gc-footer button").click()
    page.locator("#drafts li").first.wait_for()

    pane = page.frame_locator("#outlook-pane")
    pane.locator(".rc-fact", has_text="Make it shorter").locator("button").click()
    pane.locator("[data-card=reply]").wait_for()
    pane.locator(".rc-footer button").click()
    page.locator("#drafts li[data-host=Outlook]").wait_for()
    page.locator(".wb-bar").scroll_into_view_if_needed()
    if shoot:
        page.screenshot(path=str(SHOTS / "screenshot.png"))

    # The organizer accepts the shorter meeting (the pane's draft): the homepage counts it.
    page.click("#organizer button:text-is('accepts')")
    page.wait_for_selector("#gmail-card :text('accepted your proposal')")
    page.click("#organizer button[data-answer=home]")
    page.wait_for_selector("#gmail-card [data-card=home]")
    keep("homepage")

    # A designer bows out of a renewal: the account manager gets the briefing.
    _open(page, "renewal.eml", "david@lumen.example")
    with page.expect_response("**/gmail/action"):
        card.locator("select[name=reason]").select_option("colleague_covers")
    card.locator(".gc-decorated", has_text="Bow out").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    card.locator("textarea[name=status], input[name=status]").fill("Draft contract with legal")
    card.locator("textarea[name=points], input[name=points]").fill("Price cap 3 %; term 2 years")
    with page.expect_response("**/gmail/action"):
        card.locator("button", has_text="Update preview").click()
    card.locator("summary", has_text="Briefing to").click()
    keep("bow-out")
    return texts


def _open(page: Page, sample: str, user: str) -> None:
    page.select_option("select[name=sample]", sample)
    page.fill("input[name=user]", user)
    with page.expect_response("**/gmail/message"):
        page.click("text=Open in Gmail and Outlook")
    page.wait_for_selector("#gmail-card .gc-card")
