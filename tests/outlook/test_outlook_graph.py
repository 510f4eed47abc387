"""Microsoft Graph gives what Office.js cannot: the meeting's UID for a calendar item or for a
meeting request without its raw message, through MSAL's on-behalf-of exchange. When Graph
fails, the pane still advises, without a calendar answer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from addon.app import create_app
from addon.errors import ConfigError
from addon.invite.reader import read_invite
from addon.outlook.api import client_credential
from addon.outlook.exchange_ids import meeting_uid
from addon.workbench.standins.microsoft import JWKS_PATH, MicrosoftStandIn
from addon.writing.itip import CalendarPart
from tests.support.google_tokens import PUBLIC_URL, Key
from tests.support.itip_rules import check_itip
from tests.support.microsoft_tokens import TENANT, access_claims, jwk, sign
from tests.support.outlook_pane import (
    Outlook,
    appointment_item,
    graph_event,
    office_item,
    outlook_config,
)
from tests.support.paths import invite_bytes
from tests.support.server import serve

REVIEW = "exchange-quarterly-review.eml"
PHONE = {"strategy": "phone", "reason": "workload"}


def _counter(outlook: Outlook, answer: dict[str, Any]) -> CalendarPart:
    (step,) = answer["do"]
    (attachment,) = step["attachments"]
    response = outlook.client.get(attachment["url"].removeprefix(PUBLIC_URL))
    return CalendarPart(response.mimetype_params["method"], response.get_data(as_text=True))


def test_a_calendar_item_gets_its_uid_from_graph_on_behalf_of_the_user(
    outlook_graph: Outlook,
) -> None:
    outlook_graph.stand_in.events["AAMkAGI2-event"] = graph_event(REVIEW)
    token = outlook_graph.token()
    response = outlook_graph.post(
        outlook_graph.body(appointment_item(), action="insert", params=PHONE), token=token
    )
    assert response.status_code == 200, response.get_json()
    part = _counter(outlook_graph, response.get_json())
    # This event carries no sequence property: the answer says 0 and matches by UID.
    invite = replace(read_invite(invite_bytes(REVIEW)), sequence=0)
    check_itip(part, invite, "anna@lumen.example")
    (exchange,) = outlook_graph.stand_in.obo
    assert exchange["assertion"] == token and exchange["tenant"] == TENANT
    assert "https://graph.microsoft.com/Calendars.Read" in exchange["scope"]
    assert outlook_graph.stand_in.graph == ["/v1.0/me/events/AAMkAGI2-event"]


def test_a_meeting_request_without_its_raw_message_is_read_through_graph(
    outlook_graph: Outlook,
) -> None:
    outlook_graph.stand_in.messages["AAMkAGI2-message"] = graph_event(REVIEW)
    item = office_item(REVIEW, raw=False) | {"restId": "AAMkAGI2-message"}
    answer = outlook_graph.ask(item, action="insert", params=PHONE)
    assert _counter(outlook_graph, answer).method == "COUNTER"


@pytest.mark.parametrize("failing", ["/v1.0/me/events", f"/{TENANT}/oauth2/v2.0/token"])
def test_when_graph_fails_the_pane_still_advises_without_a_calendar_answer(
    outlook_graph: Outlook, failing: str
) -> None:
    outlook_graph.stand_in.events["AAMkAGI2-event"] = graph_event(REVIEW)
    outlook_graph.stand_in.failures[failing] = 503
    assert "Nordvik Logistik AB" in outlook_graph.ask(appointment_item())["card"]
    (step,) = outlook_graph.ask(appointment_item(), action="insert", params=PHONE)["do"]
    assert step["attachments"] == []


def test_the_raw_message_needs_no_graph_call(outlook_graph: Outlook) -> None:
    item = office_item(REVIEW) | {"restId": "AAMkAGI2-message"}
    outlook_graph.ask(item, action="insert", params=PHONE)
    assert outlook_graph.stand_in.obo == [] and outlook_graph.stand_in.graph == []


def test_a_certificate_credential_carries_its_thumbprint(tmp_path: Path) -> None:
    key = Key.make("graph-client")
    pem = tmp_path / "client.pem"
    pem.write_bytes(key.cert_pem.encode() + key.private_pem)
    credential = client_credential(None, str(pem))
    assert isinstance(credential, dict) and len(credential["thumbprint"]) == 40
    assert client_credential("s3cret", None) == "s3cret"
    assert client_credential(None, None) is None
    (tmp_path / "bad.pem").write_text("not a certificate")
    with pytest.raises(ConfigError):
        client_credential(None, str(tmp_path / "bad.pem"))


def _wrapped(uid: str) -> str:
    """Graph's iCalUId for a meeting organized outside Exchange, shaped as Exchange writes it:
    the class id, instance date, creation time, reserved bytes, the data's size, then
    ``vCal-Uid``, version 1, the sender's UID and a NUL ([MS-OXOCAL] PidLidGlobalObjectId)."""
    data = b"vCal-Uid" + b"\x01\x00\x00\x00" + uid.encode() + b"\x00"
    head = bytes.fromhex("040000008200E00074C5B7101A82E008") + bytes(4) + bytes(8) + bytes(8)
    return (head + len(data).to_bytes(4, "little") + data).hex().upper()


GOOGLE_UID = "7kukuqrhfbs0c8ed3lg3k0uh0q@google.com"
EXCHANGE_UID = (
    "040000008200E00074C5B7101A82E00800000000B0E9B7A43D5EDB01000000000000000010000000"
    "5A2F0C1E8D0B5C4A9E7F1B3D2C4A6E80"
)


@pytest.mark.parametrize(
    ("ical_uid", "expected"),
    [
        (_wrapped(GOOGLE_UID), GOOGLE_UID),
        (_wrapped("040000008200E00074C5B7101A82E008-zoom-123"), "040000008200E00074C5B7101A82E008-zoom-123"),
        (_wrapped("1B0C4D2E-iCloud-Événement"), "1B0C4D2E-iCloud-Événement"),
        (EXCHANGE_UID, EXCHANGE_UID),  # organized in Exchange: the id is the UID
        ("plain-uid@example.org", "plain-uid@example.org"),
        ("040000008200E00074C5B7101A82E008ZZ", "040000008200E00074C5B7101A82E008ZZ"),
    ],
    ids=["google", "zoom", "icloud-utf8", "exchange", "not-exchange", "not-hex"],
)  # fmt: skip
def test_the_meetings_own_uid_is_taken_out_of_exchanges_id(ical_uid: str, expected: str) -> None:
    assert meeting_uid(ical_uid) == expected


@pytest.mark.parametrize("kind", ["appointment", "message"])
def test_a_google_meeting_read_through_graph_is_answered_with_its_own_uid_and_sequence(
    outlook_graph: Outlook, kind: str
) -> None:
    event = graph_event(REVIEW) | {
        "iCalUId": _wrapped(GOOGLE_UID),
        "singleValueExtendedProperties": [
            {"id": "Integer {00062002-0000-0000-c000-000000000046} Id 0x8201", "value": "3"}
        ],
    }
    if kind == "appointment":
        outlook_graph.stand_in.events["AAMkAGI2-event"] = event
        item = appointment_item()
    else:
        outlook_graph.stand_in.messages["AAMkAGI2-message"] = event
        item = office_item(REVIEW, raw=False) | {"restId": "AAMkAGI2-message"}
    answer = outlook_graph.ask(item, action="insert", params=PHONE)
    invite = replace(read_invite(invite_bytes(REVIEW)), uid=GOOGLE_UID, sequence=3)
    check_itip(_counter(outlook_graph, answer), invite, "anna@lumen.example")


def test_a_sign_in_name_that_is_not_the_mailbox_is_accepted_when_graph_lists_the_mailbox(
    outlook_graph: Outlook,
) -> None:
    """Real tenants: preferred_username anna.berg@lumen.onmicrosoft.com, mailbox
    anna@lumen.example. Graph's /me says whose addresses these are."""
    token = sign(outlook_graph.key, access_claims("anna.berg@lumen.onmicrosoft.com"))
    outlook_graph.stand_in.me = {
        "mail": "Anna@Lumen.example",
        "userPrincipalName": "anna.berg@lumen.onmicrosoft.com",
        "proxyAddresses": ["SMTP:anna@lumen.example", "smtp:a.berg@lumen.example",
                           "SIP:anna@lumen.example"],
        "displayName": "Anna Berg",
    }  # fmt: skip
    for _ in range(2):
        response = outlook_graph.post(outlook_graph.body(office_item(REVIEW)), token=token)
        assert response.status_code == 200, response.get_json()
    assert outlook_graph.stand_in.graph == ["/v1.0/me"]  # asked once, then remembered
    alias = outlook_graph.body(office_item(REVIEW), user="a.berg@lumen.example")
    assert outlook_graph.post(alias, token=token).status_code == 200
    # An address that is not the account's stays refused: Bob's mailbox is not Anna's.
    bob = outlook_graph.body(office_item(REVIEW), user="bob@lumen.example")
    assert outlook_graph.post(bob, token=token).status_code == 401


def test_without_graph_another_sign_in_name_asks_to_sign_in_again(outlook: Outlook) -> None:
    token = sign(outlook.key, access_claims("anna.berg@lumen.onmicrosoft.com"))
    response = outlook.post(outlook.body(office_item(REVIEW)), token=token)
    assert response.status_code == 401 and response.get_json()["signin"] is True


def test_personal_accounts_can_be_refused_with_a_clear_message(
    microsoft_key: Key, tmp_path: Path
) -> None:
    personal = "9188040d-6c67-4c5b-b112-36a304b66dad"
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as stand_in:
        config = outlook_config(tmp_path, stand_in.url + JWKS_PATH)
        app = create_app(config | {"MICROSOFT_PERSONAL_ACCOUNTS": "false"})
        pane = Outlook(app.test_client(), microsoft_key, stand_in, app)
        token = sign(microsoft_key, access_claims("eve@outlook.com", tid=personal))
        response = pane.post(pane.body(office_item(REVIEW), user="eve@outlook.com"), token=token)
    assert response.status_code == 401
    assert response.get_json()["error"] == "this Raincheck serves work and school accounts only"
