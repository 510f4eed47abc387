"""Scaling out on what exists: two server processes (gunicorn with the packaged settings,
``addon/gunicorn_conf.py``) share one PostgreSQL database and one secret, migrated once
beforehand as a release step. A tier changed through one is what the other shows at once, a
calendar-file link issued by one is redeemed by the other, and both log JSON lines that carry
no token."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from addon.demo import ahead_of
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.workbench.standins.google import GoogleStandIn
from addon.workbench.standins.microsoft import JWKS_PATH, MicrosoftStandIn
from tests.conftest import _postgres_schema
from tests.support.cardcheck import buttons
from tests.support.google_addon import MESSAGE, THREAD, Google, _gmail_context
from tests.support.google_tokens import CLIENT_ID, PUBLIC_URL, SERVICE_ACCOUNT, Key, system_claims
from tests.support.microsoft_tokens import CLIENT_ID as MICROSOFT_CLIENT_ID
from tests.support.microsoft_tokens import TENANT, access_claims, jwk
from tests.support.outlook_pane import office_item
from tests.support.paths import SAMPLE_CLIENTS, invite_bytes
from tests.support.server import serve

REVIEW = "exchange-quarterly-review.eml"


@pytest.fixture
def shared_database() -> Iterator[str]:
    yield from _postgres_schema()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(env: dict[str, str], tmp_path: Path, name: str) -> tuple[str, subprocess.Popen[str]]:
    port = _free_port()
    log = (tmp_path / f"{name}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:addon.gunicorn_conf"],
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"}, cwd=tmp_path,
        stdout=log, stderr=log, text=True,
    )  # fmt: skip
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                return base, server
        except requests.RequestException:
            pass
        assert server.poll() is None, (tmp_path / f"{name}.log").read_text()
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.1)


def test_two_servers_on_one_database_see_each_others_changes_and_links(
    shared_database: str, google_key: Key, microsoft_key: Key, tmp_path: Path
) -> None:
    store = Store(shared_database)
    store.upgrade()  # the release step, once, before any server starts
    with store.session() as session:
        clients = read_csv(SAMPLE_CLIENTS.read_bytes())
        Directory(session, "lumen.example").import_records(clients, by="deploy")
        Directory(session, TENANT).import_records(clients, by="deploy")
    store.dispose()
    google_stand_in = GoogleStandIn(certs={google_key.kid: google_key.cert_pem}, record=False)
    with serve(google_stand_in) as g, serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as m:
        g.add_eml(MESSAGE, THREAD, ahead_of(invite_bytes(REVIEW), dt.date.today()))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")},
            "RAINCHECK_DATABASE_URL": shared_database,
            "RAINCHECK_PUBLIC_URL": PUBLIC_URL,
            "RAINCHECK_SECRET_KEY": "one secret for every instance",
            "RAINCHECK_GOOGLE_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
            "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID": CLIENT_ID,
            "RAINCHECK_GOOGLE_CERTS_URL": f"{g.url}/oauth2/v1/certs",
            "RAINCHECK_GMAIL_API_URL": g.url,
            "RAINCHECK_MICROSOFT_CLIENT_ID": MICROSOFT_CLIENT_ID,
            "RAINCHECK_MICROSOFT_JWKS_URL": m.url + JWKS_PATH,
        }
        (one, first), (two, second) = _start(env, tmp_path, "one"), _start(env, tmp_path, "two")
        try:
            google = Google(None, google_key, g, None)  # type: ignore[arg-type]
            card = _open_in_gmail(one, google)
            assert card["header"]["subtitle"].startswith("Strategic client")
            change = next(p for t, p in buttons(card) if t == "Strategic → Key")
            _gmail(
                one, google, "/gmail/action", google.event(params=change, gmail=_gmail_context())
            )
            assert _open_in_gmail(two, google)["header"]["subtitle"].startswith("Key client")

            token = microsoft_key.sign(access_claims())
            pane = {"mailbox": {"address": "anna@lumen.example", "language": "en-US",
                                "timeZone": "W. Europe Standard Time"},
                    "mode": "read", "item": office_item(REVIEW, ahead_of=dt.date.today()),
                    "action": {"name": "insert", "params": {"strategy": "phone",
                                                            "reason": "workload"}},
                    "form": {}}  # fmt: skip
            answer = requests.post(one + "/outlook/api", json=pane, timeout=30,
                                   headers={"Authorization": f"Bearer {token}"}).json()  # fmt: skip
            link = answer["do"][0]["attachments"][0]["url"]
            redeemed = requests.get(two + link.removeprefix(PUBLIC_URL), timeout=10)
            assert redeemed.status_code == 200
            assert "METHOD:COUNTER" in redeemed.text
        finally:
            for server in (first, second):
                server.terminate()
                server.wait(timeout=30)
    for name in ("one", "two"):
        lines = (tmp_path / f"{name}.log").read_text().splitlines()
        entries = [json.loads(line) for line in lines if line.strip()]
        assert any(e.get("path") == "/gmail/message" for e in entries), lines
        assert not [line for line in lines if "Bearer" in line or "eyJ" in line]


def _open_in_gmail(base: str, google: Google) -> dict[str, Any]:
    answer = _gmail(base, google, "/gmail/message", google.event(gmail=_gmail_context()))
    card: dict[str, Any] = answer["action"]["navigations"][0]["pushCard"]
    return card


def _gmail(base: str, google: Google, path: str, event: dict[str, Any]) -> dict[str, Any]:
    token = google.key.sign(system_claims(path))
    response = requests.post(base + path, json=event, timeout=30,
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
