"""An invite whose location does not parse as a URL still gets its card in Gmail and in
Outlook, with the location shown as text (issue 28, point 18)."""

from __future__ import annotations

from addon.workbench.standins.mailbox import as_email
from addon.workbench.standins.office import MEETING_REQUEST
from addon.workbench.standins.office import office_item as workbench_item
from tests.core.test_hardening_invite_fields import invite
from tests.support.cardcheck import trigger_card
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.google_addon import MESSAGE, THREAD, Google
from tests.support.outlook_pane import Outlook

LOCATION = "https://evil.example]x"


def test_gmail_shows_the_card_for_a_location_that_does_not_parse(google: Google) -> None:
    google.stand_in.add_eml(MESSAGE, THREAD, as_email(invite(location=LOCATION)))
    gmail = {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "gmail-message-token"}
    google.context = {"gmail": gmail}
    card = trigger_card(google.post("/gmail/message", google.event(gmail=gmail)).get_json())
    assert LOCATION in " ".join(gmail_lines(card))


def test_outlook_shows_the_card_for_a_location_that_does_not_parse(outlook: Outlook) -> None:
    item = workbench_item(as_email(invite(location=LOCATION)), "AAMkAD-hardening")
    item["itemClass"] = MEETING_REQUEST
    answer = outlook.ask(item)
    assert LOCATION in " ".join(html_lines(answer["card"]))
