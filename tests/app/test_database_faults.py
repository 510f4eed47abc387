"""A database that refuses, stalls or is raced: every host answers with a card that says the
service is busy and offers Try again (the error path needs no database), the service recovers by
itself, and a meeting seen by 64 users at once is recorded once (README, "Security and faults")."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from addon.app import create_app, set_clock
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.storage import store
from addon.workbench.standins.microsoft import JWKS_PATH
from tests.google.test_calendar_addon import _open as open_event
from tests.support.cardcheck import buttons, shown_card, texts, trigger_card
from tests.support.cardtext import html_lines
from tests.support.clock import frozen
from tests.support.google_addon import Google, google_config
from tests.support.google_tokens import system_claims
from tests.support.outlook_pane import Outlook, office_item, outlook_config
from tests.support.paths import SAMPLE_CLIENTS

REFUSED = "postgresql+psycopg://postgres@127.0.0.1:1/test"  # nothing listens on port 1
BUSY = "Raincheck is busy just now"


@contextmanager
def _google_on(google: Google, tmp_path: Path, url: str, **settings: str) -> Iterator[Google]:
    app = create_app(google_config(google.stand_in.url, tmp_path, DATABASE_URL=url, **settings))
    set_clock(app, frozen)
    try:
        yield Google(app.test_client(), google.key, google.stand_in, app)
    finally:
        store(app).dispose()


@contextmanager
def _outlook_on(outlook: Outlook, tmp_path: Path, url: str) -> Iterator[Outlook]:
    app = create_app(
        {**outlook_config(tmp_path, outlook.stand_in.url + JWKS_PATH), "DATABASE_URL": url}
    )
    set_clock(app, frozen)
    try:
        yield Outlook(app.test_client(), outlook.key, outlook.stand_in, app)
    finally:
        store(app).dispose()


def _is_busy_card(card: dict[str, Any]) -> bool:
    return card["header"]["title"] == BUSY and any(t == "Try again" for t, _ in buttons(card))


def test_a_refused_database_is_a_busy_card_with_try_again_on_every_host(
    google: Google, outlook: Outlook, tmp_path: Path
) -> None:
    with _google_on(google, tmp_path, REFUSED, DATABASE_TIMEOUT="1") as down:
        assert _is_busy_card(trigger_card(down.open_message()))
        assert _is_busy_card(trigger_card(open_event(down)))
        assert _is_busy_card(trigger_card(down.post("/gmail/home", down.event()).get_json()))
    with _outlook_on(outlook, tmp_path, REFUSED) as pane:
        response = pane.post(pane.body(office_item("exchange-quarterly-review.eml")))
        assert response.status_code == 503
        card = response.get_json()["card"]
        assert html_lines(card)[0] == BUSY and "Try again" in html_lines(card)


def test_the_service_recovers_by_itself_when_the_database_comes_back(
    google: Google, tmp_path: Path
) -> None:
    folder = tmp_path / "not-yet"
    with _google_on(google, tmp_path, f"sqlite:///{folder}/db.sqlite3") as service:
        first = trigger_card(service.open_message())
        assert _is_busy_card(first)
        assert service.client.get("/readyz").status_code == 503
        folder.mkdir()  # the volume is mounted
        again = service.click(first, "Try again")
        assert shown_card(again)["header"]["title"] == "Unknown client"
        assert service.client.get("/readyz").status_code == 200


def test_a_stalled_postgresql_is_a_busy_card_within_the_timeout(
    google: Google, postgres_schema_url: str, tmp_path: Path
) -> None:
    with _google_on(google, tmp_path, postgres_schema_url, DATABASE_TIMEOUT="1") as service:
        assert trigger_card(service.open_message())["header"]["title"] == "Unknown client"
        blocker = sa.create_engine(postgres_schema_url)
        try:
            with blocker.begin() as connection:
                connection.execute(sa.text("LOCK TABLE user_settings IN ACCESS EXCLUSIVE MODE"))
                started = time.monotonic()
                stalled = trigger_card(service.open_message())
                waited = time.monotonic() - started
            assert _is_busy_card(stalled), texts(stalled)
            print(f"\nstalled database: busy card after {waited:.1f} s (timeout 1 s)")
            assert waited < 10
            assert trigger_card(service.open_message())["header"]["title"] == "Unknown client"
        finally:
            blocker.dispose()


def test_sixty_four_users_acting_on_one_new_meeting_at_once_record_it_once(
    google: Google, empty_database_url: str, tmp_path: Path
) -> None:
    """First sight of a meeting is an upsert: no user gets a crash card for being second. A
    database of its own: the rows it counts are this test's alone, whatever ran before it in
    the PostgreSQL schema the other tests share."""
    users = [f"user{n:02d}@lumen.example" for n in range(64)]
    # 16 requests at once on 2 cores: give the stand-in more than the 1 s other tests allow.
    with _google_on(google, tmp_path, empty_database_url, HTTP_TIMEOUT="10") as service:
        with store(service.app).session() as session:
            Directory(session, "lumen.example").import_records(
                read_csv(SAMPLE_CLIENTS.read_bytes()), by="test"
            )
        card = trigger_card(service.open_message())
        params = next(p for t, p in buttons(card) if t == "Write it" and p["strategy"] == "phone")
        start = threading.Barrier(16)

        def act(user: str) -> str:
            client = service.app.test_client()
            event = service.event(params={**params, "reason": "workload"}, user=user,
                                  gmail=service.context["gmail"])  # fmt: skip
            preview = client.post("/gmail/action", json=event, headers=_bearer(service))
            card = shown_card(preview.get_json())
            insert = next(p for t, p in buttons(card) if t == "Insert reply")
            event = service.event(params=insert, user=user, gmail=service.context["gmail"])
            with suppress(threading.BrokenBarrierError):
                start.wait(5)
            answer = client.post("/gmail/action", json=event, headers=_bearer(service)).get_json()
            notification = answer.get("renderActions", {}).get("action", {}).get("notification")
            return (
                "ok"
                if notification or "hostAppAction" in str(answer)
                else texts(shown_card(answer))
            )

        with ThreadPoolExecutor(16) as pool:
            outcomes = list(pool.map(act, users))
        failed = [o for o in outcomes if o != "ok"]
        with store(service.app).engine.connect() as connection:
            meetings = connection.execute(sa.text("SELECT count(*) FROM meetings")).scalar()
            decisions = connection.execute(sa.text("SELECT count(*) FROM decisions")).scalar()
    print(f"\n64 users at once: {len(failed)} failure cards, {meetings} meeting row, "
          f"{decisions} decisions")  # fmt: skip
    assert failed == [] and meetings == 1 and decisions == 64


def _bearer(service: Google) -> dict[str, str]:
    return {"Authorization": f"Bearer {service.key.sign(system_claims('/gmail/action'))}"}
