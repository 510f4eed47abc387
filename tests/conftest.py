"""Shared fixtures: invite files, databases (SQLite always, PostgreSQL when configured), the app,
and a way to run the real command line."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from addon.app import create_app, set_clock
from addon.cli import main
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from tests.support.clock import NOW, frozen
from tests.support.paths import SAMPLE_CLIENTS


def pytest_configure(config: pytest.Config) -> None:
    # Commands run as subprocesses go through the resident process, as a user's do, but one of
    # this run's own: its folder is made here and its processes stopped at the end.
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="raincheck-tests-")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = Path(os.environ["XDG_RUNTIME_DIR"])
    for lock in folder.glob("raincheck/*.lock"):
        with contextlib.suppress(ValueError, ProcessLookupError):
            pid = int(lock.read_text() or "0")
            if pid > 0:  # never 0: that would be this run's own process group
                os.kill(pid, signal.SIGTERM)
    shutil.rmtree(folder, ignore_errors=True)


def _postgres_url() -> str | None:
    return os.environ.get("RAINCHECK_TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database, dropped at the end of the run."""
    yield from _postgres_schema()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no test has used yet: for what happens on the very first start."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        yield from _postgres_schema()


def _postgres_schema() -> Iterator[str]:
    base = _postgres_url()
    if base is None:
        pytest.skip("RAINCHECK_TEST_DATABASE_URL is not set")
    schema = f"rc_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    yield store
    store.dispose()


@pytest.fixture
def tenant() -> str:
    """A tenant of its own for every test, so tests sharing a PostgreSQL schema never meet."""
    return f"t-{uuid.uuid4().hex[:10]}.example"


@pytest.fixture
def demo_directory(store: Store, tenant: str) -> str:
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="test")
    return tenant


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
        }
    )
    set_clock(app, frozen)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Iterator[Callable[..., Result]]:
    """Run ``raincheck ARGS`` in this process against a database of the test's own, on the
    tests' day: the command line reads the machine's clock, which runs on from ``NOW``."""
    for name in list(os.environ):
        if name.startswith("RAINCHECK_") and name != "RAINCHECK_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("RAINCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)  # what a command writes lands in the test's own folder

    def run(*args: str, stdin: bytes | None = None) -> Result:
        if stdin is not None:
            import io
            import sys

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    with time_machine.travel(NOW, tick=True):
        yield run


# The Google add-on fixtures live with their helpers; pytest finds fixtures imported here.
from tests.support.browser import chromium, page  # noqa: E402, F401
from tests.support.google_addon import google, google_key  # noqa: E402, F401
from tests.support.outlook_pane import microsoft_key, outlook, outlook_graph  # noqa: E402, F401
