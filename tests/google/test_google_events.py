"""Event objects and Gmail API messages as plain data."""

from __future__ import annotations

import base64

import pytest

from addon.errors import UsageError
from addon.google.messages import decode_part, message_facts
from addon.google.request import gmail_id, parse_event


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("msg-f:1234", "4d2"), ("thread-f:1782339394028123456", format(1782339394028123456, "x")),
     ("18c2f0a1b2c3d4e5", "18c2f0a1b2c3d4e5"), ("", None), (None, None), ("a/b", None)],
)  # fmt: skip
def test_gmail_ids_are_normalised_in_one_place(value: object, expected: str | None) -> None:
    assert gmail_id(value) == expected


def test_an_event_object_is_read_with_its_form_inputs_and_scopes() -> None:
    ev = parse_event({
        "commonEventObject": {"hostApp": "GMAIL", "userLocale": "sv-SE",
                              "timeZone": {"id": "Europe/Stockholm", "offset": 3600000},
                              "parameters": {"action": "preview", "note": "from params"},
                              "formInputs": {"note": {"stringInputs": {"value": ["typed"]}}}},
        "authorizationEventObject": {"userOAuthToken": "t", "authorizedScopes": ["a", "b"]},
        "gmail": {"messageId": "msg-f:1234", "accessToken": "x"},
    })  # fmt: skip
    assert ev.host == "GMAIL" and ev.locale == "sv-SE" and str(ev.tz) == "Europe/Stockholm"
    assert ev.value("note") == "typed", "what the user typed wins over a parameter"
    assert ev.value("action") == "preview" and ev.value("missing", "d") == "d"
    assert ev.missing_scopes(("a", "c")) == ["c"]
    assert ev.message_id == "4d2"


def test_an_event_without_authorized_scopes_is_taken_as_granted() -> None:
    assert parse_event({}).missing_scopes(("a",)) == []


@pytest.mark.parametrize("body", [None, [], "text", 3])
def test_a_body_that_is_not_an_event_object_is_refused(body: object) -> None:
    with pytest.raises(UsageError):
        parse_event(body)


def test_message_facts_find_calendar_parts_and_unfold_headers() -> None:
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    message = {
        "id": "abc", "threadId": "t1",
        "payload": {
            "mimeType": "multipart/mixed",
            "headers": [{"name": "Subject", "value": "Invitation: Review\r\n @ Tue"},
                        {"name": "Message-ID", "value": "<x@y>"}],
            "parts": [
                {"mimeType": "multipart/alternative", "parts": [
                    {"mimeType": "text/plain", "body": {"data": _b64("hi")}},
                    {"mimeType": "text/calendar",
                     "headers": [{"name": "Content-Type",
                                  "value": 'text/calendar; charset="ISO-8859-1"; method=REQUEST'}],
                     "body": {"data": _b64(ics)}},
                ]},
                {"mimeType": "application/ics", "filename": "invite.ics",
                 "body": {"attachmentId": "att-9", "size": 30}},
            ],
        },
    }  # fmt: skip
    facts = message_facts(message)
    assert facts.subject == "Invitation: Review @ Tue"
    assert facts.rfc822_id == "<x@y>" and facts.thread_id == "t1"
    inline, attached = facts.parts
    assert (inline.rank, inline.charset, attached.attachment_id) == (0, "ISO-8859-1", "att-9")
    assert decode_part(inline) == ics
