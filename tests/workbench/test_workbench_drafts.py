"""The drafts the workbench keeps for the Outlook pane, read as a person reads them (issue 28,
point 1): Outlook's forms take HTML only, so the workbench writes the text part from it; each
label stays beside its value on its own line, lists keep their numbers, and the draft comes
from the user by name, as Outlook fills in the mailbox's display name."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from addon.workbench.outlook_forms import text_of
from tests.workbench.test_workbench import development_app


@pytest.fixture
def bench(tmp_path: Path) -> FlaskClient:
    return development_app(tmp_path).test_client()


def _opened(bench: FlaskClient, sample: str, user: str, lang: str) -> dict[str, Any]:
    response = bench.post(
        "/workbench/api/open", data={"user": user, "lang": lang, "sample": sample}
    )
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def _pane(bench: FlaskClient, opened: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
    """What the pane's API answers for ``action``, asked as the simulated Office.js asks."""
    office = bench.get(
        opened["pane"].replace("/outlook/taskpane", "/workbench/api/office")
    ).get_json()
    body = {"mailbox": {"address": office["address"], "language": office["language"]},
            "item": office["item"], "action": action}  # fmt: skip
    answer = bench.post(
        "/outlook/api", json=body, headers={"Authorization": f"Bearer {office['tokens'][0]}"}
    )
    assert answer.status_code == 200, answer.get_json()
    found: dict[str, Any] = answer.get_json()
    return found


FORMS = {"message": "displayNewMessageForm", "reply": "displayReplyAllForm"}


def _drafts(
    bench: FlaskClient, opened: dict[str, Any], steps: list[dict[str, Any]], **who: str
) -> list[EmailMessage]:
    """Each form the pane asked Outlook to open, as the draft the workbench keeps."""
    kept = []
    for step in steps:
        form = {k: v for k, v in step.items() if k != "kind"}
        draft = bench.post(
            "/workbench/api/outlook-form",
            json={"message": opened["messageId"], "call": FORMS[step["kind"]], "form": form,
                  **who},
        ).get_json()  # fmt: skip
        raw = bench.get(f"/workbench/drafts/{draft['id']}.eml").data
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        kept.append(message)
    return kept


def _text_lines(message: EmailMessage) -> list[str]:
    part = message.get_body(("plain",))
    assert part is not None
    # Spaces as a reader sees them: "15 %" is written with a no-break space.
    text = part.get_content().replace("\u202f", " ").replace("\xa0", " ")
    return [line.strip() for line in text.splitlines()]


def test_a_swedish_briefing_from_outlook_keeps_each_label_beside_its_value_on_its_own_line(
    bench: FlaskClient,
) -> None:
    opened = _opened(bench, "renewal.eml", "david@lumen.example", "sv")
    action = {"name": "brief", "params": {
        "strategy": "delegate", "reason": "colleague_covers",
        "status": "Avtalet ligger hos juristen", "points": "Pristak 3 %"}}  # fmt: skip
    steps = _pane(bench, opened, action)["do"]
    briefing, _ = _drafts(bench, opened, steps, user="david@lumen.example")
    lines = _text_lines(briefing)
    for line in ("Rubrik: Avtalsförnyelse 2027", "Kund: Solberg Energi", "Nivå: Nyckelkund",
                 "Andel av omsättningen: 15 %", "E-post: david@lumen.example"):  # fmt: skip
        assert line in lines
    assert any(line.startswith("När: ") and "kl. 10.00–11.00" in line for line in lines)
    assert not any(line.startswith(("RubrikAvtal", "NärTisdag", "Närtisdag")) for line in lines)
    # A heading, then its text, each on a line of its own.
    heading = lines.index("Så långt har jag kommit")
    assert lines[heading + 1 : heading + 3] == ["", "Avtalet ligger hos juristen"]


@pytest.mark.parametrize(
    ("user", "name", "sender"),
    [
        ("david@lumen.example", "", "David Ek <david@lumen.example>"),  # a sample user
        ("kim@acme.example", "Kim Ode", "Kim Ode <kim@acme.example>"),  # whoever they said
        ("kim@acme.example", "", "kim@acme.example"),  # no name given: the address alone
    ],
)
def test_an_outlook_draft_comes_from_the_user_by_name(
    bench: FlaskClient, user: str, name: str, sender: str
) -> None:
    opened = _opened(bench, "quarterly-review.eml", user, "en")
    action = {"name": "insert", "params": {"strategy": "shorter", "reason": "workload"}}
    steps = _pane(bench, opened, action)["do"]
    (reply,) = _drafts(bench, opened, steps, user=user, name=name)
    assert str(reply["From"]) == sender


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Hi Eva,</p><p>Thanks.</p>", "Hi Eva,\n\nThanks.\n"),
        ("<table><tr><td>When</td><td>Tuesday 10:00</td></tr>"
         "<tr><td>Where</td><td>Teams</td></tr></table>", "When: Tuesday 10:00\nWhere: Teams\n"),
        ("<ol><li>Results</li><li>Plans</li></ol>", "1. Results\n2. Plans\n"),
        ("<ul><li>Results</li><li>Plans</li></ul>", "- Results\n- Plans\n"),
        ("<h3>The meeting</h3><table><tr><td>Title</td><td>Review</td></tr></table><p>Bye</p>",
         "The meeting\n\nTitle: Review\n\nBye\n"),
        ("<p>Best,<br>Anna  Berg</p>", "Best,\nAnna Berg\n"),
        ("<div>One</div><div>Two &amp; three</div>", "One\nTwo & three\n"),
        ("<p>a</p><style>p { color: red }</style><script>x()</script>", "a\n"),
        ("<table><tr><th>A</th><th>B</th><th>C</th></tr></table>", "A · B · C\n"),
    ],
)  # fmt: skip
def test_the_text_part_of_a_forms_html_reads_as_the_html_does(markup: str, text: str) -> None:
    assert text_of(markup) == text
