"""Load without loss, on the production server: gunicorn with several workers on loopback,
64 connections mixing card renders, inserts, tier changes and imports, on SQLite (WAL) and
PostgreSQL. Zero errors, every decision row there exactly once, and the tier changes form one
unbroken chain that ends in the value stored (README, "Security and faults").

CI runs a bounded form (a few seconds); ``pytest -m long`` runs the full 60 seconds."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from addon.demo import ahead_of
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.workbench.standins.google import GoogleStandIn
from tests.support.cardcheck import buttons
from tests.support.google_addon import MESSAGE, THREAD, Google, _gmail_context
from tests.support.google_tokens import CLIENT_ID, PUBLIC_URL, SERVICE_ACCOUNT, system_claims
from tests.support.paths import SAMPLE_CLIENTS, invite_bytes
from tests.support.server import serve

GUNICORN = Path(sys.executable).parent / "gunicorn"
CONNECTIONS = 64
TENANT = "lumen.example"
# The PostgreSQL schema is shared by the whole session: this run's users carry its own mark.
RUN = f"load{uuid.uuid4().hex[:8]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_load(database_url: str, google_key: Any, tmp_path: Path, seconds: float) -> None:
    store = Store(database_url)
    with store.session() as session:
        Directory(session, TENANT).import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="t")
    with serve(GoogleStandIn(certs={google_key.kid: google_key.cert_pem}, record=False)) as g:
        g.add_eml(
            MESSAGE,
            THREAD,
            ahead_of(invite_bytes("exchange-quarterly-review.eml"), dt.date.today()),
        )
        port = _free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")},
            "RAINCHECK_DATABASE_URL": database_url,
            "RAINCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
            "RAINCHECK_PUBLIC_URL": PUBLIC_URL,
            "RAINCHECK_GOOGLE_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
            "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID": CLIENT_ID,
            "RAINCHECK_GOOGLE_CERTS_URL": f"{g.url}/oauth2/v1/certs",
            "RAINCHECK_GMAIL_API_URL": g.url,
            "RAINCHECK_CALENDAR_API_URL": g.url,
            "RAINCHECK_DATABASE_TIMEOUT": "20",
        }
        server = subprocess.Popen(
            # Keep-alive longer than a client's pauses, as behind a load balancer: with
            # gunicorn's 2 s default the server closes idle connections that a client is
            # just reusing, and the request fails before reaching us ("Remote end closed").
            [str(GUNICORN), "--workers", "3", "--threads", "8", "--bind", f"127.0.0.1:{port}",
             "--keep-alive", "120", "--log-level", "warning", "addon.app:create_app()"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server)
            report = _drive(base, Google(None, google_key, g, None), store, seconds)  # type: ignore[arg-type]
        finally:
            server.terminate()
            log = server.communicate(timeout=30)[0].decode(errors="replace")
    _check(report, store, log)
    store.dispose()


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise AssertionError(server.communicate()[0].decode(errors="replace"))
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still starting
            pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def _drive(base: str, google: Google, store: Store, seconds: float) -> dict[str, Any]:
    context = {"gmail": _gmail_context()}
    counts: Counter[str] = Counter()
    errors: list[str] = []
    inserted: set[str] = set()
    serial = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def post(session: requests.Session, path: str, event: dict[str, Any]) -> dict[str, Any]:
        token = google.key.sign(system_claims(path))
        response = session.post(base + path, json=event,
                                headers={"Authorization": f"Bearer {token}"}, timeout=60)  # fmt: skip
        with lock:
            counts["requests"] += 1
        if response.status_code != 200:
            raise AssertionError(f"{path}: HTTP {response.status_code}")
        body: dict[str, Any] = response.json()
        return body

    def card_of(answer: dict[str, Any]) -> dict[str, Any]:
        if "renderActions" in answer:
            navigation = answer["renderActions"]["action"]["navigations"][0]
            card: dict[str, Any] = navigation.get("updateCard") or navigation["pushCard"]
            return card
        return answer["action"]["navigations"][0]["pushCard"]  # type: ignore[no-any-return]

    def worker(number: int) -> None:
        session = requests.Session()
        rng = random.Random(number)
        while time.monotonic() < deadline:
            kind = rng.choices(["open", "insert", "tier", "import"], [5, 3, 2, 0.2])[0]
            user = f"{RUN}-{number}-{next(serial)}@lumen.example"
            try:
                opened = card_of(post(session, "/gmail/message",
                                      google.event(gmail=context["gmail"], user=user)))  # fmt: skip
                if opened["header"]["title"] != "Nordvik Logistik AB":
                    raise AssertionError(f"open: {opened['header']}")
                if kind == "insert":
                    write = next(p for t, p in buttons(opened) if p.get("strategy") == "phone")
                    reply = card_of(post(session, "/gmail/action", google.event(
                        params={**write, "reason": "workload"}, user=user, gmail=context["gmail"])))  # fmt: skip
                    insert = next(p for t, p in buttons(reply) if t == "Insert reply")
                    done = post(session, "/gmail/action",
                                google.event(params=insert, user=user, gmail=context["gmail"]))  # fmt: skip
                    if "hostAppAction" not in str(done):
                        raise AssertionError(f"insert: {str(done)[:300]}")
                    with lock:
                        inserted.add(user)
                elif kind == "tier":
                    change = [p for t, p in buttons(opened) if "→" in t]
                    answer = post(session, "/gmail/action", google.event(
                        params=rng.choice(change), user=user, gmail=context["gmail"]))  # fmt: skip
                    title = card_of(answer)["header"]["title"]
                    if title not in ("Nordvik Logistik AB", "Raincheck could not do that"):
                        raise AssertionError(f"tier: {title}")
                elif kind == "import":
                    with store.session() as db:
                        Directory(db, TENANT).import_records(
                            read_csv(SAMPLE_CLIENTS.read_bytes()), by="load"
                        )
                with lock:
                    counts[kind] += 1
            except Exception as error:  # every failure is counted, none stops the run
                with lock:
                    errors.append(f"{kind}: {type(error).__name__}: {str(error)[:200]}")

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(worker, range(CONNECTIONS)))
    return {"counts": counts, "errors": errors, "inserted": inserted}


def _check(report: dict[str, Any], store: Store, log: str) -> None:
    counts, errors, inserted = report["counts"], report["errors"], report["inserted"]
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT user_email, count(*) FROM decisions WHERE user_email LIKE :mark "
                "GROUP BY user_email"
            ),
            {"mark": f"{RUN}-%"},
        ).all()
    with store.session() as session:
        directory = Directory(session, TENANT)
        changes = directory.history("Nordvik Logistik AB")
        [nordvik] = [c for c in directory.clients() if c.name == "Nordvik Logistik AB"]
    tier = None
    for change in changes:
        if "tier" in change.after:
            assert change.before.get("tier") == tier, "a tier change was lost or overwritten"
            tier = change.after["tier"]
    print(f"\n{CONNECTIONS} connections: {dict(counts)} (requests, and actions by kind), {len(errors)} errors, "
          f"{len(rows)} decision rows for {len(inserted)} inserts, "
          f"{sum('tier' in c.after for c in changes)} tier changes ending in {tier}")  # fmt: skip
    notes = [line for line in log.splitlines() if "WORKER" in line or "rror" in line]
    assert errors == [], (errors[:5], notes[:5])
    assert "Traceback" not in log, log[-2000:]
    assert {email for email, _ in rows} == inserted and all(n == 1 for _, n in rows)
    assert nordvik.tier == tier


def test_a_bounded_load_on_gunicorn_loses_and_duplicates_nothing(
    database_url: str, google_key: Any, tmp_path: Path
) -> None:
    _run_load(database_url, google_key, tmp_path, seconds=6)


@pytest.mark.long
def test_sixty_seconds_of_load_on_gunicorn_lose_and_duplicate_nothing(
    database_url: str, google_key: Any, tmp_path: Path
) -> None:
    _run_load(database_url, google_key, tmp_path, seconds=60)
