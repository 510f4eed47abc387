"""The workbench in real Chromium: a new user inserts a reply, plays the organizer's answer with
the stand-in organizer, and sees the answer line on both hosts' cards and the homepage's figures
change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.support.browser import Console
from tests.workbench.test_workbench_browser import _draft, _open, _pane, workbench_url

__all__ = ["workbench_url"]  # the fixture, used by name


def _homepage(page: Page) -> str:
    page.click("#organizer button[data-answer=home]")
    page.wait_for_selector("#gmail-card [data-card=home]")
    return page.inner_text("#gmail-card")


@pytest.mark.parametrize(
    ("button", "line", "figures", "accepted"),
    [
        ("accepts", "Eva accepted your proposal", "1 proposal: 1 accepted, 0 declined", "1 h"),
        ("declines", "Eva declined your proposal", "1 proposal: 0 accepted, 1 declined", "0 min"),
    ],
)
def test_playing_the_organizers_answer_changes_the_card_and_the_homepage(
    page: Page, workbench_url: str, button: str, line: str, figures: str, accepted: str
) -> None:
    console = Console(page)
    _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example")
    card = page.locator("#gmail-card")
    card.locator(".gc-decorated", has_text="Make it shorter").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    card.locator(".gc-footer button").click()
    _draft(page, "Gmail")
    before = _homepage(page)
    assert "1 h proposed, 0 min accepted" in before
    assert "1 proposal: 0 accepted, 0 declined, 0 no answer" in before

    page.click(f"#organizer button:text-is('{button}')")
    page.wait_for_selector(f"#gmail-card :text('{line}')")
    _pane(page).locator(f"text={line}").wait_for()

    after = _homepage(page)
    assert f"1 h proposed, {accepted} accepted" in after
    assert figures in after
    assert console.problems() == []
