"""The production server preloads the app: gunicorn (``addon/gunicorn_conf.py``) builds it once
in the master and every worker, a recycled one too, is a fork of it that imports nothing again
and uses connections of its own. Run for real: two workers recycled every few requests, on
SQLite and on PostgreSQL, with the master holding a pooled database connection when it forks
(``tests/support/server_probe.py``: the shipped settings plus a probe route)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from addon import gunicorn_conf
from addon.demo import ahead_of
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.workbench.standins.google import GoogleStandIn
from tests.app.test_scale_out import REVIEW, _free_port, _open_in_gmail
from tests.support.google_addon import MESSAGE, THREAD, Google
from tests.support.google_tokens import CLIENT_ID, PUBLIC_URL, SERVICE_ACCOUNT, Key
from tests.support.paths import SAMPLE_CLIENTS, invite_bytes
from tests.support.server import serve

# Per worker: each serves 10 to 15 requests (out of step, so one serves while the other is
# replaced), so the 54 requests below need at least four workers.
MAX_REQUESTS, JITTER = 10, 5
ROUNDS = 24  # each a probe and a readiness check; every fourth a Gmail message-open
# What a connection shared across processes shows (PostgreSQL through SSL or not, SQLite).
SHARED_CONNECTION_SIGNS = ("SSL", "decryption failed", "bad record mac", "database is locked",
                           "lost synchronization", "server closed the connection",
                           "Traceback", "Exception in worker")  # fmt: skip


def test_the_shipped_settings_preload_the_app_and_give_each_worker_its_own_connections():
    assert gunicorn_conf.preload_app is True
    assert callable(gunicorn_conf.post_fork)


@pytest.fixture
def server_database(empty_database_url: str) -> str:
    store = Store(empty_database_url)
    store.upgrade()  # the release step, before the server starts
    with store.session() as session:
        clients = read_csv(SAMPLE_CLIENTS.read_bytes())
        Directory(session, "lumen.example").import_records(clients, by="deploy")
    store.dispose()
    return empty_database_url


def test_recycled_workers_fork_from_the_master_and_each_uses_its_own_connections(
    server_database: str, google_key: Key, tmp_path: Path
) -> None:
    stand_in = GoogleStandIn(certs={google_key.kid: google_key.cert_pem}, record=False)
    with serve(stand_in) as g:
        g.add_eml(MESSAGE, THREAD, ahead_of(invite_bytes(REVIEW), dt.date.today()))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")},
            "RAINCHECK_DATABASE_URL": server_database,
            "RAINCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
            "RAINCHECK_PUBLIC_URL": PUBLIC_URL,
            "RAINCHECK_SECRET_KEY": "one secret for every instance",
            "RAINCHECK_GOOGLE_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
            "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID": CLIENT_ID,
            "RAINCHECK_GOOGLE_CERTS_URL": f"{g.url}/oauth2/v1/certs",
            "RAINCHECK_GMAIL_API_URL": g.url,
            # Python reports every module it imports, in whichever process imports it.
            "PYTHONPROFILEIMPORTTIME": "1",
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "4",
        }
        base, server, log = _start(env, tmp_path)
        google = Google(None, google_key, g, None)  # type: ignore[arg-type]
        probes: list[dict[str, int]] = []
        cards = 0
        try:
            for round_ in range(ROUNDS):
                answer = requests.get(base + "/_probe", timeout=30)
                assert answer.status_code == 200, answer.text
                probes.append(answer.json())
                ready = requests.get(base + "/readyz", timeout=30)
                assert ready.status_code == 200 and ready.json()["status"] == "ready", ready.text
                if round_ % 4 == 3:  # reads the directory: the client, its tier, the book
                    card = _open_in_gmail(base, google)
                    assert card["header"]["subtitle"].startswith("Strategic client"), card
                    cards += 1
        finally:
            server.terminate()
            server.wait(timeout=30)
    master = server.pid
    text = log.read_text()
    workers = {p["pid"] for p in probes}
    assert len(workers) >= 4, f"workers were not recycled: {workers}"
    assert master not in workers
    for probe in probes:
        # The app each worker serves was built in the master...
        assert probe["app_made_in"] == master, probe
        # ...but the database connection it was given was made by the worker itself.
        assert probe["connection_made_in"] == probe["pid"], probe
        # What the master made is left out of the worker's garbage collections, whose writes
        # to every object would copy the pages it shares with the master.
        assert probe["frozen"] > 10_000, probe
    assert cards == ROUNDS // 4
    messages = _messages(text)
    assert sum("Booting worker" in m for m in messages) >= len(workers)
    assert any("Autorestarting worker" in m for m in messages)
    # One import of the app in the whole log: the master's, none in any worker.
    assert [line for line in text.splitlines() if line.endswith("| addon.app")] == [
        next(line for line in text.splitlines() if line.endswith("| addon.app"))
    ]
    assert not [m for m in messages if any(sign in m for sign in SHARED_CONNECTION_SIGNS)]


def _start(env: dict[str, str], tmp_path: Path) -> tuple[str, subprocess.Popen[str], Path]:
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:tests.support.server_probe",
             "--max-requests", str(MAX_REQUESTS), "--max-requests-jitter", str(JITTER)],
            env={**env, "PORT": str(port), "PYTHONPATH": str(Path.cwd())}, cwd=tmp_path,
            stdout=out, stderr=out, text=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                return base, server, log
        except requests.RequestException:
            pass
        assert server.poll() is None, log.read_text()[-5000:]
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.1)


def _messages(text: str) -> list[str]:
    """The log's own lines (JSON), without Python's import-time report."""
    found = []
    for line in text.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            found.append(f"{entry.get('message', '')} {entry.get('exc_info', '')}")
        elif not line.startswith("import time:"):
            found.append(line)
    return found
