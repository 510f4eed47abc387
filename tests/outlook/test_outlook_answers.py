"""The organizer's answer to a proposal, end to end in the Outlook pane: the user proposes
through the real flow (Insert reply), then opens the organizer's answer as Exchange or Google
Calendar sends it (the stand-in organizer), and the pane says what became of the proposal."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable

import pytest

from addon.workbench.standins import organizer
from addon.workbench.standins.office import MEETING_REQUEST
from addon.workbench.standins.office import office_item as workbench_item
from tests.support.cardtext import html_lines
from tests.support.outlook_pane import Outlook, office_item
from tests.support.paths import invite_bytes

REVIEW = "exchange-quarterly-review.eml"
SOONER = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def propose(outlook: Outlook, strategy: str) -> str:
    params = {"strategy": strategy, "reason": "workload"}
    (step,) = outlook.ask(office_item(REVIEW), action="insert", params=params)["do"]
    return base64.b64decode(step["attachments"][0]["base64"]).decode()


@pytest.mark.parametrize(
    ("answer", "line", "writes"),
    [
        (lambda i, c: organizer.accepts(i, c, "exchange"),
         "Eva accepted your proposal: 30 minutes on Thursday, December 3, 2:00 PM.", False),
        (lambda i, c: organizer.declines(i, c),
         "Eva declined your proposal; the meeting stays Thursday, December 3, 2:00 PM – 3:30 PM.",
         False),
        (lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1), "google"),
         "Eva suggested another time: Friday, December 4, 10:00 AM – 11:00 AM.", True),
        (lambda i, c: organizer.cancels(i, "exchange"), "Eva cancelled the meeting.", False),
    ],
)  # fmt: skip
def test_each_answer_is_said_in_the_pane(
    outlook: Outlook, answer: Callable[[bytes, str], bytes], line: str, writes: bool
) -> None:
    counter = propose(outlook, "shorter")
    item = workbench_item(answer(invite_bytes(REVIEW), counter), "AAMkAD-answer")
    item["itemClass"] = MEETING_REQUEST
    lines = [" ".join(x.replace("–", " – ").split()) for x in html_lines(outlook.ask(item)["card"])]
    assert " ".join(line.split()) in lines
    assert ("Write it" in lines) is writes


def test_another_users_answer_is_a_meeting_as_before(outlook: Outlook) -> None:
    counter = propose(outlook, "shorter")
    item = workbench_item(organizer.accepts(invite_bytes(REVIEW), counter, "exchange"), "AAMkAD-a")
    item["itemClass"] = MEETING_REQUEST
    lines = html_lines(outlook.ask(item, user="per@lumen.example")["card"])
    assert not any("accepted your proposal" in x for x in lines)
