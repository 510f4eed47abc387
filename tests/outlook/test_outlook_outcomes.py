"""What each strategy achieves, on the Outlook pane's homepage: the user proposes through the
real flow (Insert reply), the stand-in organizer answers, and the homepage shows the minutes
proposed and accepted and an SVG bar per strategy that a screen reader reads as its figures."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from addon.workbench.standins import organizer
from addon.workbench.standins.office import MEETING_REQUEST
from addon.workbench.standins.office import office_item as workbench_item
from tests.outlook.test_outlook_answers import REVIEW, propose
from tests.support.cardtext import html_lines
from tests.support.outlook_pane import Outlook
from tests.support.paths import invite_bytes


@pytest.mark.parametrize(
    ("answer", "time", "figures", "fills"),
    [
        (lambda i, c: organizer.accepts(i, c, "exchange"), "1 h proposed, 1 h accepted",
         "1 proposal: 1 accepted, 0 declined, 0 no answer", ["#188038"]),
        (lambda i, c: organizer.declines(i, c), "1 h proposed, 0 min accepted",
         "1 proposal: 0 accepted, 1 declined, 0 no answer", ["#c5221f"]),
    ],
)  # fmt: skip
def test_the_pane_homepage_draws_a_bar_per_strategy(
    outlook: Outlook,
    answer: Callable[[bytes, str], bytes],
    time: str,
    figures: str,
    fills: list[str],
) -> None:
    assert "No proposals yet this month." in html_lines(outlook.ask(None, action="home")["card"])
    counter = propose(outlook, "shorter")
    item = workbench_item(answer(invite_bytes(REVIEW), counter), "AAMkAD-answer")
    item["itemClass"] = MEETING_REQUEST
    outlook.ask(item)
    html = outlook.ask(None, action="home")["card"]
    lines = html_lines(html)
    assert time in lines
    assert lines[lines.index("Your proposals") + 1 : lines.index("Your proposals") + 3] == [
        "Make it shorter", figures,
    ]  # fmt: skip
    bars = re.findall(r'<svg role="img" aria-label="([^"]+)"[^>]*>(.*?)</svg>', html, re.S)
    # One bar for the user and one for the organisation, each read as its figures.
    assert [label for label, _ in bars] == [f"Make it shorter: {figures}"] * 2
    assert re.findall(r'fill="([^"]+)"', bars[0][1]) == fills
