"""One limit for an invite, whatever surface hands it over (issue 28, point 11): the command
line's file, the workbench's upload, Outlook's raw message and the calendar part Gmail gives.
Just over it, each refuses in the same words; at it, each reads the invite. The request body's
limit is a separate setting that must leave room for an invite as Outlook sends it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from addon.config import BODY_FLOOR, Config
from addon.errors import ConfigError
from addon.invite.mime import MAX_BYTES
from addon.workbench.standins.office import office_item
from tests.conftest import Result
from tests.support.google_addon import Google
from tests.support.outlook_pane import Outlook
from tests.support.paths import invite_bytes
from tests.workbench.test_workbench import ANNA, development_app

WORDS = "is too large: an invite may be at most 1 MiB (1,048,576 bytes)"
CARD = "This message is too large: an invite may be at most 1 MiB (1,048,576 bytes)."
INVITE = invite_bytes("zoom-status.ics")
HEADERS = (
    b"From: Sam Reed <sam@harbor.example>\r\nTo: Anna Berg <anna@lumen.example>\r\n"
    b"Subject: Invitation: Monthly status update\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: text/calendar; method=REQUEST; charset="utf-8"\r\n'
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
)


def ics_of(size: int) -> bytes:
    """The invite grown to exactly ``size`` bytes by a property nobody reads."""
    head, tail = INVITE.rsplit(b"END:VCALENDAR", 1)
    fill = size - len(INVITE) - len(b"X-PADDING:\r\n")
    return head + b"X-PADDING:" + b"x" * fill + b"\r\nEND:VCALENDAR" + tail


def eml_of(size: int) -> bytes:
    """An invite email of exactly ``size`` bytes: one calendar part, as it is on the wire."""
    return HEADERS + ics_of(size - len(HEADERS))


def by_cli(cli: Callable[..., Result], tmp_path: Path, size: int) -> tuple[bool, str]:
    (tmp_path / "invite.ics").write_bytes(ics_of(size))
    result = cli("triage", "invite.ics", "--me", "anna@lumen.example")
    return result.code == 0, result.err


def by_workbench(bench: FlaskClient, size: int) -> tuple[bool, str]:
    body = {"user": ANNA, "file": FileStorage(io.BytesIO(eml_of(size)), "invite.eml")}
    stream, length, boundary = stream_encode_multipart(body, use_tempfile=False)
    answer = bench.post(
        "/workbench/api/open",
        input_stream=stream,
        content_length=length,
        content_type=f'multipart/form-data; boundary="{boundary}"',
    )
    return answer.status_code == 200, str(answer.get_json().get("error", ""))


def by_outlook(outlook: Outlook, size: int) -> tuple[bool, str]:
    # The workbench's Office.js stand-in: a message it cannot read is a plain note to Outlook.
    answer = outlook.post(outlook.body(office_item(eml_of(size), "AAMkAD-large"))).get_json()
    card: str = answer["card"]
    return "Monthly status update" in card, card


def by_gmail(google: Google, size: int) -> tuple[bool, str]:
    # Gmail gives the calendar part, never the whole message: the limit is the part's.
    from tests.support.google_addon import MESSAGE, THREAD, _gmail_context

    google.stand_in.add_eml(MESSAGE, THREAD, eml_of(size + len(HEADERS)))
    google.context = {"gmail": _gmail_context()}
    card = google.post("/gmail/message", google.event(gmail=google.context["gmail"])).get_json()
    text = str(card)
    return "Monthly status update" in text, text


SURFACES = ["cli", "workbench", "outlook", "gmail"]


@pytest.fixture
def read_at(
    request: pytest.FixtureRequest, tmp_path: Path, cli: Callable[..., Result]
) -> Callable[[int], tuple[bool, str]]:
    """How the surface named by the test's parameter takes an invite of a given size."""
    surface = request.node.callspec.params["surface"]
    if surface == "cli":
        return lambda size: by_cli(cli, tmp_path, size)
    if surface == "workbench":
        bench = development_app(tmp_path).test_client()
        return lambda size: by_workbench(bench, size)
    if surface == "outlook":
        outlook: Outlook = request.getfixturevalue("outlook")
        return lambda size: by_outlook(outlook, size)
    google: Google = request.getfixturevalue("google")
    return lambda size: by_gmail(google, size)


@pytest.mark.parametrize("surface", SURFACES)
def test_an_invite_over_the_limit_is_refused_in_the_same_words_on_every_surface(
    surface: str, read_at: Callable[[int], tuple[bool, str]]
) -> None:
    read, said = read_at(MAX_BYTES + 1)
    assert not read
    assert (CARD if surface in ("outlook", "gmail") else WORDS) in said


@pytest.mark.parametrize("surface", SURFACES)
def test_an_invite_at_the_limit_is_read_on_every_surface(
    surface: str, read_at: Callable[[int], tuple[bool, str]]
) -> None:
    read, said = read_at(MAX_BYTES)
    assert read, said[:500]


def test_the_command_line_takes_the_invite_limit_not_the_request_bodys(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAINCHECK_MAX_CONTENT_LENGTH", str(8 * MAX_BYTES))
    read, said = by_cli(cli, tmp_path, MAX_BYTES + 1)
    assert not read and said == f"raincheck: invite.ics {WORDS}\n"


@pytest.mark.parametrize(
    ("value", "takes"),
    [(str(BODY_FLOOR), True), (str(2 * 1024 * 1024), True), (str(BODY_FLOOR - 1), False),
     ("1048576", False)],
)  # fmt: skip
def test_the_request_body_limit_leaves_room_for_an_invite_as_outlook_sends_it(
    value: str, takes: bool
) -> None:
    # Outlook sends the raw message base64 beside the item; the pane keeps 256 KiB for the rest.
    assert BODY_FLOOR >= (MAX_BYTES + 2) // 3 * 4 + 256 * 1024
    if takes:
        assert Config.from_environ({"RAINCHECK_MAX_CONTENT_LENGTH": value}).max_content_length
        return
    with pytest.raises(ConfigError, match="must be at least 1,660,248 bytes: an invite of up to"):
        Config.from_environ({"RAINCHECK_MAX_CONTENT_LENGTH": value})


def test_the_default_request_body_limit_leaves_room_for_an_invite() -> None:
    assert Config().max_content_length >= BODY_FLOOR
