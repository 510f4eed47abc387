"""Starting the workbench as ``scripts/run`` does (issue 28, points 6 and 8): a restart keeps the
clients and tiers the user changed (the demo directory goes only into an empty one), and the
console says what is happening, step by step, with no development-server warning and no line
per request."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from flask import Flask

from addon.config import Config
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.storage import store
from addon.workbench.resources import ORGANISATION
from addon.workbench.serve import prepare
from tests.support.paths import ROOT

ANNA = "anna@lumen.example"
MINE = (
    b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
    b"Cobalt & Pine,occasional,,,,cobaltpine.example,,\n"
    b"Acme,key,,,,acme.example,,\n"
)


@contextmanager
def _started(config: Config, said: list[str]) -> Iterator[Flask]:
    """The workbench's set-up, as one start of scripts/run runs it; its connections closed
    after, as a stopped process closes them."""
    app = prepare(config, said.append)
    try:
        yield app
    finally:
        store(app).dispose()


def _tiers(app: Flask) -> dict[str, str]:
    with store(app).session() as session:
        return {c.name: c.tier for c in Directory(session, ORGANISATION).clients()}


@pytest.fixture
def config(empty_database_url: str, tmp_path: Path) -> Config:
    return Config.from_environ(
        {
            "RAINCHECK_DATABASE_URL": empty_database_url,
            "RAINCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
        }
    )


def test_a_restart_keeps_the_clients_and_tiers_the_user_changed(config: Config) -> None:
    said: list[str] = []
    with _started(config, said) as first:
        demo = _tiers(first)
        assert demo["Cobalt & Pine"] != "occasional" and "Acme" not in demo
        # The user loads their own list: a tier changed, a client added.
        with store(first).session() as session:
            Directory(session, ORGANISATION).import_records(read_csv(MINE), by=ANNA)
    said.clear()
    with _started(config, said) as second:  # scripts/run again, on the same database
        kept = _tiers(second)
    assert kept["Cobalt & Pine"] == "occasional" and kept["Acme"] == "key"
    assert len(kept) == len(demo) + 1
    assert said[-1] == (
        f"kept your directory as you left it ({len(kept)} clients); "
        "the demo is loaded only into an empty one"
    )


def test_the_first_start_loads_the_demo_and_says_so(config: Config) -> None:
    said: list[str] = []
    with _started(config, said) as app:
        count = len(_tiers(app))
    assert said[0] == "migrating the database ..."
    assert said[1].startswith("migrating the database: done in ")
    assert said[2] == f"loaded the demo directory: {count} fictional clients"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def serve_step(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """What ``scripts/run`` runs once the environment is installed, as a process of its own,
    its console (standard output and error, as a terminal shows them) read by the test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    port = _free_port()
    assert "exec python -m addon.workbench.serve" in (ROOT / "scripts" / "run").read_text()
    with subprocess.Popen(
        [sys.executable, "-m", "addon.workbench.serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        yield process, port
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_the_serve_step_says_what_it_does_and_nothing_per_request(
    serve_step: tuple[subprocess.Popen[str], int],
) -> None:
    process, port = serve_step
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("Raincheck workbench: open"):
        line = process.stdout.readline()
        assert line, f"the workbench stopped: {lines}"
        lines.append(line.rstrip("\n"))
    url = f"http://127.0.0.1:{port}/"
    assert lines[-1] == f"Raincheck workbench: open {url} in your browser (Ctrl+C stops it)"
    for path in ("", "workbench/api/drafts", "workbench/static/workbench.css", "nowhere"):
        requests.get(url + path, timeout=10)
    process.send_signal(signal.SIGTERM)  # as Ctrl+C does (a test runs with SIGINT ignored)
    rest, _ = process.communicate(timeout=20)
    console = lines + rest.splitlines()
    assert console[:3] == [
        "raincheck: migrating the database ...",
        console[1],
        console[2],
    ]
    assert console[1].startswith("raincheck: migrating the database: done in ")
    assert console[2].startswith("raincheck: loaded the demo directory: ")
    assert "raincheck: starting the workbench ..." in console
    assert console[-1] == "raincheck: stopped"
    text = "\n".join(console)
    assert "development server" not in text  # werkzeug's warning
    assert "GET /" not in text and " 200 " not in text and " 404 " not in text  # access lines
    assert "Serving Flask app" not in text and "Traceback" not in text
    assert process.returncode == 0


def test_the_serve_step_takes_the_next_port_when_the_first_is_taken(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with subprocess.Popen(
            [sys.executable, "-m", "addon.workbench.serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        ) as process:  # fmt: skip
            assert process.stdout is not None
            line = process.stdout.readline()
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=20)
    assert line.startswith("Raincheck workbench: open http://127.0.0.1:")
    assert f":{port}/" not in line
