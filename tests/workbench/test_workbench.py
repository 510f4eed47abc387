"""The workbench: only in development, with tokens from its development key that the ordinary
verifiers check; a production app refuses those tokens and has no workbench at all."""

from __future__ import annotations

import email
import email.policy
import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from addon.app import create_app
from addon.demo import samples
from addon.workbench.devkey import DevKey
from addon.workbench.resources import EXTENSION, load_demo
from tests.support.cardcheck import buttons
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.google_addon import Google
from tests.support.google_tokens import Key, system_claims
from tests.support.outlook_pane import Outlook, office_item
from tests.support.paths import invite_bytes

ANNA = "anna@lumen.example"


def development_app(tmp_path: Path, public_url: str = "http://127.0.0.1:8000") -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "ENV": "development",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'workbench.sqlite3'}",
            "PUBLIC_URL": public_url,
        }
    )
    load_demo(app)
    return app


@pytest.fixture
def bench(tmp_path: Path) -> FlaskClient:
    return development_app(tmp_path).test_client()


def _open(client: FlaskClient, **data: Any) -> dict[str, Any]:
    response = client.post("/workbench/api/open", data={"user": ANNA, "lang": "en", **data})
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def _gmail_event(opened: dict[str, Any], **common: Any) -> dict[str, Any]:
    return {
        "commonEventObject": {"hostApp": "GMAIL", "userLocale": "en-US",
                              "timeZone": {"id": "Europe/Stockholm"}, **common},
        "authorizationEventObject": {"userOAuthToken": "t", "userIdToken": opened["userIdToken"]},
        "gmail": {"messageId": opened["messageId"], "threadId": opened["threadId"],
                  "accessToken": "m"},
    }  # fmt: skip


def test_the_workbench_runs_the_real_gmail_endpoints_with_its_own_tokens(
    bench: FlaskClient,
) -> None:
    opened = _open(bench, sample="quarterly-review.eml")
    token = opened["systemTokens"]["/gmail/message"]
    response = bench.post("/gmail/message", json=_gmail_event(opened),
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    card = response.get_json()["action"]["navigations"][0]["pushCard"]
    assert card["header"]["title"] == "Nordvik Logistik AB"
    # The development key signed for one endpoint does not open another.
    response = bench.post("/gmail/action", json=_gmail_event(opened),
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 401


def test_in_development_a_token_from_any_other_key_is_still_refused(bench: FlaskClient) -> None:
    opened = _open(bench, sample="quarterly-review.eml")
    stranger = Key.make("stranger")
    forged = stranger.sign(
        system_claims("/gmail/message", aud="http://127.0.0.1:8000/gmail/message")
    )
    response = bench.post("/gmail/message", json=_gmail_event(opened),
                          headers={"Authorization": f"Bearer {forged}"})  # fmt: skip
    assert response.status_code == 401


def test_production_refuses_development_tokens_and_has_no_workbench(
    google: Google, outlook: Outlook
) -> None:
    key = DevKey.make()
    google_event = google.event(gmail={"messageId": "1", "threadId": "2", "accessToken": "m"},
                                user_token=key.google_user_token(ANNA))  # fmt: skip
    system = key.google_system_token("https://raincheck.test/gmail/message")
    assert google.post("/gmail/message", google_event, bearer=system).status_code == 401
    body = outlook.body(office_item("exchange-quarterly-review.eml"))
    assert outlook.post(body, token=key.microsoft_access_token(ANNA)).status_code == 401
    for client in (google.client, outlook.client):
        assert client.get("/workbench/api/drafts").status_code == 404
        assert b"workbench" not in client.get("/").data.lower()
        assert EXTENSION not in client.application.extensions


def test_an_uploaded_invite_opens_and_other_files_are_refused(bench: FlaskClient) -> None:
    upload = (io.BytesIO(invite_bytes("zoom-status.ics")), "status.ics")
    opened = _open(bench, file=upload)
    office = bench.get(opened["pane"].replace("/outlook/taskpane", "/workbench/api/office"))
    item = office.get_json()["item"]
    assert item["itemClass"] == "IPM.Schedule.Meeting.Request" and item["eml"]
    bad = bench.post(
        "/workbench/api/open", data={"user": ANNA, "file": (io.BytesIO(b"x"), "a.pdf")}
    )
    assert bad.status_code == 400 and "ics or .eml" in bad.get_json()["error"]
    nobody = bench.post(
        "/workbench/api/open", data={"user": "not an address", "sample": "pitch.eml"}
    )
    assert nobody.status_code == 400 and "say who you are" in nobody.get_json()["error"]


def test_an_outlook_form_becomes_a_downloadable_draft_with_its_calendar_part(
    bench: FlaskClient,
) -> None:
    opened = _open(bench, sample="quarterly-review.eml")
    office = bench.get(
        opened["pane"].replace("/outlook/taskpane", "/workbench/api/office")
    ).get_json()
    pane = {"mailbox": {"address": office["address"], "language": office["language"]},
            "item": office["item"],
            "action": {"name": "insert", "params": {"strategy": "shorter", "reason": "workload"}}}  # fmt: skip
    answer = bench.post("/outlook/api", json=pane,
                        headers={"Authorization": f"Bearer {office['tokens'][0]}"}).get_json()  # fmt: skip
    (step,) = answer["do"]
    form = {"htmlBody": step["htmlBody"], "attachments": step["attachments"]}
    draft = bench.post("/workbench/api/outlook-form", json={
        "message": opened["messageId"], "user": ANNA, "call": "displayReplyForm", "form": form,
    }).get_json()  # fmt: skip
    assert draft["host"] == "Outlook" and draft["calendar"] == "COUNTER"
    assert draft["subject"] == "Re: Quarterly account review" and "30 minutes" in draft["text"]
    download = bench.get(f"/workbench/drafts/{draft['id']}.eml")
    assert download.mimetype == "message/rfc822"
    message = email.message_from_bytes(download.data, policy=email.policy.default)
    assert message["To"] == "eva.lind@nordvik.example"
    assert any(p.get_content_type() == "text/calendar" for p in message.walk())


def test_the_workbench_never_listens_beyond_this_machine(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("workbench", "--host", "0.0.0.0")
    assert result.code == 2 and "this machine only" in result.err


@pytest.fixture
def run_command(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    with subprocess.Popen(
        [sys.executable, "-c", "import sys; from addon.cli import main; main(sys.argv[1:])",
         "workbench", "--port", "18400"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as process:  # fmt: skip
        yield process
        process.terminate()
        process.wait(timeout=10)


def test_the_run_command_starts_the_workbench_and_prints_its_url(
    run_command: subprocess.Popen[str],
) -> None:
    assert run_command.stdout is not None
    said: list[str] = []
    while not said or not said[-1].startswith("Raincheck workbench:"):
        said.append(run_command.stdout.readline())
        assert said[-1], "the command ended before printing its address: " + "".join(said)
    line = said[-1]
    assert line.startswith("Raincheck workbench: open http://127.0.0.1:")
    assert "migrating the database" in said[0] and "WARNING" not in "".join(said)
    url = line.split("open ", 1)[1].split()[0]
    for _ in range(100):
        try:
            page = requests.get(url, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    assert page.status_code == 200 and "Open in Gmail and Outlook" in page.text
    clients = requests.get(url + "workbench/api/drafts", timeout=1)
    assert clients.json() == []


def test_a_tier_changed_in_gmail_shows_in_the_outlook_pane(bench: FlaskClient) -> None:
    """The workbench links its Microsoft tenant to the Gmail domain (RAINCHECK_TENANT_LINKS):
    one organisation, one directory, whichever host it uses."""
    opened = _open(bench, sample="quarterly-review.eml")
    token = opened["systemTokens"]["/gmail/message"]
    card = bench.post("/gmail/message", json=_gmail_event(opened),
                      headers={"Authorization": f"Bearer {token}"}).get_json()  # fmt: skip
    card = card["action"]["navigations"][0]["pushCard"]
    params = next(p for t, p in buttons(card) if t == "Strategic → Key")
    token = opened["systemTokens"]["/gmail/action"]
    changed = bench.post("/gmail/action", json=_gmail_event(opened, parameters=params),
                         headers={"Authorization": f"Bearer {token}"}).get_json()  # fmt: skip
    assert (
        "changed from strategic to key"
        in changed["renderActions"]["action"]["notification"]["text"]
    )
    assert _pane_lines(bench, opened)[1].startswith("Key client")


def _both_cards(bench: FlaskClient, opened: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What the Gmail card and the Outlook pane show for the opened invite, as lines."""
    token = opened["systemTokens"]["/gmail/message"]
    gmail = bench.post("/gmail/message", json=_gmail_event(opened),
                       headers={"Authorization": f"Bearer {token}"}).get_json()  # fmt: skip
    return gmail_lines(gmail["action"]["navigations"][0]["pushCard"]), _pane_lines(bench, opened)


def _pane_lines(bench: FlaskClient, opened: dict[str, Any]) -> list[str]:
    """What the Outlook pane shows for the opened invite, as the simulated Office.js asks."""
    office = bench.get(
        opened["pane"].replace("/outlook/taskpane", "/workbench/api/office")
    ).get_json()
    pane = {"mailbox": {"address": office["address"], "language": office["language"]},
            "item": office["item"]}  # fmt: skip
    answer = bench.post("/outlook/api", json=pane,
                        headers={"Authorization": f"Bearer {office['tokens'][0]}"}).get_json()  # fmt: skip
    return html_lines(answer["card"])


def test_you_can_be_anyone_and_are_told_when_the_invite_does_not_name_you(
    bench: FlaskClient,
) -> None:
    opened = _open(bench, sample="quarterly-review.eml", user="Kim@Acme.example", name="Kim Ode")
    claims = jwt.decode(opened["userIdToken"], options={"verify_signature": False})
    assert (claims["email"], claims["name"], claims["hd"]) == (
        "kim@acme.example",
        "Kim Ode",
        "lumen.example",
    )
    gmail, pane = _both_cards(bench, opened)
    said = "You (kim@acme.example) are not among this invite's attendees"
    assert [line for line in gmail if said in line] and [line for line in pane if said in line]
    # The workbench's organisation: its fictional clients are Kim's too.
    assert gmail[0] == pane[0] == "Nordvik Logistik AB"


def test_your_own_client_list_is_loaded_into_the_directory_both_hosts_use(
    bench: FlaskClient,
) -> None:
    opened = _open(bench, sample="status-update.ics")
    assert _both_cards(bench, opened)[0][0] == "Cobalt & Pine"
    csv = (
        b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
        b"Cobalt & Pine,occasional,,,,cobaltpine.example,,\n"
        b"Acme,key,,,,acme.example,,\n"
    )
    loaded = bench.post("/workbench/api/clients",
                        data={"user": ANNA, "clients": (io.BytesIO(csv), "mine.csv")})  # fmt: skip
    assert loaded.status_code == 200, loaded.get_json()
    assert loaded.get_json()["note"] == ("Your clients are loaded: 1 new, 1 updated, 0 unchanged.")
    gmail, pane = _both_cards(bench, opened)
    assert gmail[1].startswith("Occasional client") and pane[1].startswith("Occasional client")
    broken = bench.post("/workbench/api/clients",
                        data={"user": ANNA, "clients": (io.BytesIO(b"name\nX\n"), "x.csv")})  # fmt: skip
    assert broken.status_code in (400, 422) and broken.get_json()["error"]


def test_with_read_my_calendar_both_hosts_count_from_the_stand_ins_calendar(
    bench: FlaskClient,
) -> None:
    """The workbench's calendar (``addon.workbench.calendar``) is the same on both hosts: the
    Gmail card reads it through the Calendar API's stand-in, the pane through Graph's, on
    behalf of the user."""
    opened = _open(bench, sample="quarterly-review.eml", calendar="on")
    gmail, pane = _both_cards(bench, opened)
    said = "5 meetings in 90 days, 2 booked ahead"
    assert said in " ".join(gmail) and said in " ".join(pane)
    status = _open(bench, sample="status-update.ics", calendar="on")
    gmail, pane = _both_cards(bench, status)
    for card in (" ".join(gmail), " ".join(pane)):
        assert re.search(r"1[23] meetings in 90 days, [34] booked ahead", card), card
        assert "If the meetings no longer move things forward" in card


def test_without_read_my_calendar_the_counts_are_raincheck_s_own(bench: FlaskClient) -> None:
    gmail, pane = _both_cards(bench, _open(bench, sample="quarterly-review.eml"))
    assert "0 meetings in 90 days" in " ".join(gmail) and "0 meetings in 90 days" in " ".join(pane)


@pytest.mark.parametrize(
    ("fixture", "subject", "sender", "to"),
    [
        ("internal-pitch-prep.ics", "Invitation: Pitch prep", "Anna Berg <anna@lumen.example>",
         "David Ek <david@lumen.example>"),
        ("new-york-kickoff.ics", "Invitation: US rollout kickoff",
         "Megan Clarke <megan.clarke@harborline.example>", "anna@lumen.example"),
    ],
)  # fmt: skip
def test_an_uploaded_ics_arrives_as_its_organizer_would_send_it(
    fixture: str, subject: str, sender: str, to: str
) -> None:
    # The reply goes to whoever sent the invite, under its subject: an uploaded file with no
    # sender would open a draft to nobody, "Re: Invitation".
    from addon.workbench.standins.mailbox import as_email

    message = email.message_from_bytes(as_email(invite_bytes(fixture)), policy=email.policy.default)
    assert message["Subject"] == subject
    assert message["From"] == sender
    assert to in str(message["To"])


def _calendar_event(opened: dict[str, Any], **common: Any) -> dict[str, Any]:
    """What Google Calendar sends when the user opens the event the workbench put in their
    calendar: its ``calendar`` part as the open API computed it from the deployment."""
    return {
        "commonEventObject": {"hostApp": "CALENDAR", "userLocale": "en-US",
                              "timeZone": {"id": "Europe/Stockholm"}, **common},
        "authorizationEventObject": {"userOAuthToken": "t", "userIdToken": opened["userIdToken"]},
        "calendar": opened["calendar"]["event"],
    }  # fmt: skip


def _post(bench: FlaskClient, opened: dict[str, Any], path: str, event: dict[str, Any]) -> Any:
    token = opened["systemTokens"][path]
    response = bench.post(path, json=event, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_open_api_puts_the_invite_in_the_users_google_calendar(bench: FlaskClient) -> None:
    opened = _open(bench, sample="quarterly-review.eml")
    calendar = opened["calendar"]
    assert calendar["calendarId"] == ANNA
    # The deployment's currentEventAccess is METADATA: the ids, nothing of the meeting.
    assert calendar["event"] == {"id": calendar["eventId"], "calendarId": ANNA}
    assert {"/calendar/event", "/calendar/action"} <= set(opened["systemTokens"])
    held = bench.application.extensions[EXTENSION].google.events[(ANNA, calendar["eventId"])]
    assert held["summary"] == "Quarterly account review"
    assert [a["email"] for a in held["attendees"] if a.get("self")] == [ANNA]


@pytest.mark.parametrize("sample", [s.file for s in samples()])
def test_opened_in_google_calendar_the_card_reads_as_gmails(
    bench: FlaskClient, sample: str
) -> None:
    me = next(s.me for s in samples() if s.file == sample)
    opened = _open(bench, sample=sample, user=me, calendar="on")
    gmail = _post(bench, opened, "/gmail/message", _gmail_event(opened))
    calendar = _post(bench, opened, "/calendar/event", _calendar_event(opened))
    from_gmail = gmail_lines(gmail["action"]["navigations"][0]["pushCard"])
    assert gmail_lines(calendar["action"]["navigations"][0]["pushCard"]) == from_gmail


def test_from_google_calendar_write_it_gives_the_reply_card_and_a_gmail_compose_link(
    bench: FlaskClient,
) -> None:
    opened = _open(bench, sample="quarterly-review.eml")
    card = _post(bench, opened, "/calendar/event", _calendar_event(opened))
    card = card["action"]["navigations"][0]["pushCard"]
    params = next(p for t, p in buttons(card) if t == "Write it" and p["strategy"] == "shorter")
    assert params["calendarId"] == ANNA
    reply = _post(bench, opened, "/calendar/action", _calendar_event(opened, parameters=params))
    reply = reply["renderActions"]["action"]["navigations"][-1]
    reply = reply.get("pushCard") or reply["updateCard"]
    assert reply["name"] == "reply"
    params = next(p for t, p in buttons(reply) if t == "Write the reply in Gmail")
    link = _post(bench, opened, "/calendar/action", _calendar_event(opened, parameters=params))
    url = link["renderActions"]["action"]["link"]["url"]
    assert url.startswith("https://mail.google.com/mail/?")
    assert "to=eva.lind%40nordvik.example" in url and "su=Re%3A+Quarterly+account+review" in url


def test_an_invite_calendar_cannot_hold_still_opens_in_gmail(bench: FlaskClient) -> None:
    upload = (io.BytesIO(invite_bytes("broken-no-dtstart.ics")), "broken.ics")
    opened = _open(bench, file=upload)
    assert opened["calendar"] is None
    assert opened["calendarError"].startswith("Google Calendar cannot hold it: ")
    gmail = _post(bench, opened, "/gmail/message", _gmail_event(opened))
    assert gmail["action"]["navigations"][0]["pushCard"]  # Gmail's card says what is wrong
