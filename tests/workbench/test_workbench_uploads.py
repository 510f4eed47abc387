"""An invite the user uploads to the workbench (issue 28, points 3 and 5): a file the workbench
cannot open is refused with what is wrong with it (empty, not a calendar file, too large with
the limit); an .ics arrives as its organizer's email under the meeting's title, even where the
calendar library cannot read it and Raincheck's reader can, so the reply is "Re: Invitation:
<title>", not "Re: Invitation"."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from addon.demo import ahead_of
from addon.workbench.standins.mailbox import as_email
from tests.support.cardcheck import buttons
from tests.support.paths import invite_bytes
from tests.workbench.test_workbench import ANNA, _gmail_event, development_app

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
TOO_LARGE = invite_bytes("zoom-status.ics") + b" " * (1024 * 1024)


@pytest.fixture
def bench(tmp_path: Path) -> FlaskClient:
    return development_app(tmp_path).test_client()


def _upload(bench: FlaskClient, name: str, data: bytes) -> Any:
    # Encoded in memory: the test client would spool a large body to a temporary file that
    # nothing closes.
    body = {"user": ANNA, "file": FileStorage(io.BytesIO(data), name)}
    stream, length, boundary = stream_encode_multipart(body, use_tempfile=False)
    return bench.post(
        "/workbench/api/open",
        input_stream=stream,
        content_length=length,
        content_type=f'multipart/form-data; boundary="{boundary}"',
    )


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("empty.ics", b"", "empty.ics is empty: choose a file with an invite in it"),
        ("blank.eml", b"\r\n  \n", "blank.eml is empty: choose a file with an invite in it"),
        ("photo.ics", PNG, "photo.ics is not a calendar file: it is binary, not text"),
        ("photo.eml", PNG, "photo.eml is not an email: it is binary, not text"),
        ("notes.ics", b"Call Eva about the renewal\n",
         "notes.ics is not a calendar file: an .ics file is text with BEGIN:VCALENDAR in it"),
        ("notes.eml", b"Call Eva about the renewal\n",
         "notes.eml is not an email: an .eml file begins with headers (From: ...)"),
        ("huge.ics", TOO_LARGE,
         "huge.ics is too large: an invite may be at most 1 MiB (1,048,576 bytes)"),
        ("report.pdf", b"%PDF-1.7", "choose an .ics or .eml file"),
    ],
)  # fmt: skip
def test_an_upload_the_workbench_cannot_open_is_refused_saying_what_is_wrong(
    bench: FlaskClient, name: str, data: bytes, said: str
) -> None:
    refused = _upload(bench, name, data)
    assert refused.status_code == 400
    assert refused.get_json()["error"] == said


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf16.ics", invite_bytes("zoom-status.ics").decode().encode("utf-16")),
        ("bare-cr.ics", invite_bytes("text-bare-cr.ics")),
        ("bare-vevent.ics", invite_bytes("bare-vevent.ics")),
        ("no-dtstart.ics", invite_bytes("broken-no-dtstart.ics")),  # the card says what is wrong
        ("exchange.eml", invite_bytes("exchange-quarterly-review.eml")),
        ("no-invite.eml", invite_bytes("no-invite.eml")),
    ],
)
def test_a_calendar_file_or_an_email_is_opened_even_when_the_cards_will_refuse_it(
    bench: FlaskClient, name: str, data: bytes
) -> None:
    assert _upload(bench, name, data).status_code == 200


@pytest.mark.parametrize(
    ("fixture", "subject", "sender"),
    [
        # Bare CR line ends, a trailing space, a negative alarm: the calendar library refuses
        # them, Raincheck's reader does not.
        ("text-bare-cr.ics", "Invitation: Budget walk-through", "Mia Kovac <mia@ledger.example>"),
        ("text-trailing-space.ics", "Invitation: Budget walk-through",
         "Mia Kovac <mia@ledger.example>"),
        ("valarm-negative-duration.ics", "Invitation: Supplier call", "pat@harbor.example"),
        ("bare-vevent.ics", "Invitation: Walkthrough", "pat@harbor.example"),
        ("people-email-parameter.ics", "Invitation: Leveransplanering",
         "Eva Lind <eva.lind@nordvik.example>"),
    ],
)  # fmt: skip
def test_an_ics_arrives_under_the_meetings_title_from_its_organizer(
    fixture: str, subject: str, sender: str
) -> None:
    message = email.message_from_bytes(as_email(invite_bytes(fixture)), policy=email.policy.default)
    assert (message["Subject"], message["From"]) == (subject, sender)


def test_the_reply_to_an_uploaded_ics_is_under_the_meetings_title(bench: FlaskClient) -> None:
    """Issue 28, point 3: the subject Gmail's draft takes is the invite email's."""
    data = ahead_of(invite_bytes("text-bare-cr.ics"), dt.date.today())
    opened = _upload(bench, "budget.ics", data).get_json()

    def post(path: str, parameters: dict[str, str] | None = None) -> Any:
        token = opened["systemTokens"][path]
        event = _gmail_event(opened, **({"parameters": parameters} if parameters else {}))
        answer = bench.post(path, json=event, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    card = post("/gmail/message")["action"]["navigations"][0]["pushCard"]
    write = next(p for t, p in buttons(card) if t == "Write it")
    reply = post("/gmail/action", write)["renderActions"]["action"]["navigations"][-1]
    reply = reply.get("pushCard") or reply["updateCard"]
    post("/gmail/action", next(p for t, p in buttons(reply) if t == "Insert reply"))
    (draft,) = bench.get("/workbench/api/drafts").get_json()
    assert draft["subject"] == "Re: Invitation: Budget walk-through"
    assert draft["to"] == "mia@ledger.example"
