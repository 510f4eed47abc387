"""The Flask app: configuration from the environment, health, errors as messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from addon.app import config_of, create_app
from addon.storage import store
from tests.support.paths import HEAD


def test_liveness_never_touches_the_database(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/no-such-folder/x.sqlite3"})
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def _readyz(config: dict[str, str]) -> TestResponse:
    """GET /readyz of an app made with ``config``, its connections closed afterwards."""
    app = create_app(config)
    try:
        return app.test_client().get("/readyz")
    finally:
        store(app).dispose()


def test_readiness_reports_a_ready_database_and_its_schema(database_url: str) -> None:
    response = _readyz({"DATABASE_URL": database_url})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["database"], body["schema"]) == ("ready", "ready", HEAD)


@pytest.mark.parametrize(
    ("make_url", "state"),
    [
        # Nothing listens on port 1: a database that refuses connections.
        (lambda tmp, pg: "postgresql+psycopg://postgres@127.0.0.1:1/test", "Connection refused"),
        (lambda tmp, pg: f"sqlite:///{tmp}/no-such-folder/x.sqlite3", "unable to open"),
        # SQLite opened read-only, as on a read-only volume.
        (lambda tmp, pg: f"sqlite:///file:{tmp}/ro.sqlite3?mode=ro&uri=true", "read-only"),
    ],
    ids=["refused", "missing", "read-only"],
)
def test_readiness_says_honestly_what_stops_the_database(
    make_url: object, state: str, tmp_path: Path
) -> None:
    ready = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/ro.sqlite3"})
    assert ready.test_client().get("/readyz").status_code == 200  # a migrated file to open
    url = make_url(tmp_path, None)  # type: ignore[operator]
    response = _readyz({"DATABASE_URL": url, "DATABASE_TIMEOUT": "1"})
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready" and state in body["database"], body


def test_readiness_says_when_a_postgresql_database_is_read_only(
    postgres_schema_url: str,
) -> None:
    assert _readyz({"DATABASE_URL": postgres_schema_url}).status_code == 200
    url = postgres_schema_url.replace(
        "-csearch_path", "-cdefault_transaction_read_only%3Don+-csearch_path"
    )
    response = _readyz({"DATABASE_URL": url})
    assert response.status_code == 503
    assert "read-only" in response.get_json()["database"]


def test_readiness_says_when_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "the database's disk is full"


def test_unknown_routes_answer_json_not_html(client: FlaskClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_configuration_comes_from_raincheck_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RAINCHECK_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("RAINCHECK_TENANT", "acme.example")
    monkeypatch.setenv("RAINCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app()
    assert config_of(app).tenant == "acme.example"
    assert app.instance_path == str(tmp_path / "inst")
    assert app.extensions["raincheck.store"].url.endswith("x.sqlite3")


def test_sqlite_in_the_instance_folder_by_default(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    assert (
        app.extensions["raincheck.store"].url
        == f"sqlite:///{tmp_path / 'inst' / 'raincheck.sqlite3'}"
    )
