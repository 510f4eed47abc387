"""The Flask app: configuration from the environment, health, errors as messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from addon.app import create_app, settings
from tests.support.paths import HEAD


def test_health_reports_the_schema(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "schema": HEAD}


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
    assert settings(app).tenant == "acme.example"
    assert app.instance_path == str(tmp_path / "inst")
    assert app.extensions["raincheck.store"].url.endswith("x.sqlite3")


def test_sqlite_in_the_instance_folder_by_default(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    assert (
        app.extensions["raincheck.store"].url
        == f"sqlite:///{tmp_path / 'inst' / 'raincheck.sqlite3'}"
    )
