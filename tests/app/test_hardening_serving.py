"""What a careless deployment tries, with real servers (issue 28, points 14 and 20):
production does not start without RAINCHECK_PUBLIC_URL (its links would come from each
request's Host header); development mode (which trusts tokens its own stand-ins sign) does
not start unless bound to loopback, and refuses every other peer whatever server runs it; and
production serves none of the development files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from addon.app import create_app
from tests.support.google_tokens import PUBLIC_URL
from tests.support.paths import ROOT

DEVELOPMENT_FILES = sorted(
    path.relative_to(ROOT / "addon" / "workbench" / "static").as_posix()
    for path in (ROOT / "addon" / "workbench" / "static").rglob("*")
    if path.is_file() and path.suffix in (".js", ".css", ".html")
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    ours = {f"RAINCHECK_{name}": value for name, value in settings.items()}
    return {
        **keep,
        "RAINCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
        "RAINCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'serving.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
        **ours,
    }


def _gunicorn(env: dict[str, str], bind: str, tmp_path: Path) -> subprocess.Popen[str]:
    """The packaged production command, as the container runs it, on ``bind``."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:addon.gunicorn_conf",
         "--bind", bind],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _started(server: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        assert server.poll() is None, server.communicate()[1]
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)


def _stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    server.communicate(timeout=30)


@pytest.mark.parametrize(
    ("settings", "host", "says"),
    [
        ({}, "127.0.0.1", "RAINCHECK_PUBLIC_URL is unset: production builds its links from it"),
        ({"ENV": "development"}, "0.0.0.0",
         "RAINCHECK_ENV=development listens on this machine only: bind 127.0.0.1"),
        ({"ENV": "development", "PUBLIC_URL": "https://raincheck.test"}, "0.0.0.0",
         "RAINCHECK_ENV=development listens on this machine only: bind 127.0.0.1"),
    ],
)  # fmt: skip
def test_the_production_command_refuses_to_start_in_one_line(
    tmp_path: Path, settings: dict[str, str], host: str, says: str
) -> None:
    server = _gunicorn(_env(tmp_path, **settings), f"{host}:{_free_port()}", tmp_path)
    try:
        _, err = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            _stop(server)
    assert server.returncode != 0
    refusals = [line for line in err.splitlines() if line.startswith("raincheck: ")]
    assert len(refusals) == 1 and says in refusals[0], err
    assert "Traceback" not in err


def test_development_mode_on_loopback_starts(tmp_path: Path) -> None:
    port = _free_port()
    server = _gunicorn(_env(tmp_path, ENV="development"), f"127.0.0.1:{port}", tmp_path)
    try:
        _started(server, f"http://127.0.0.1:{port}")
    finally:
        _stop(server)


def test_production_serves_none_of_the_development_files(tmp_path: Path) -> None:
    assert "office/office-sim.js" in DEVELOPMENT_FILES and "workbench.js" in DEVELOPMENT_FILES
    port = _free_port()
    server = _gunicorn(_env(tmp_path, PUBLIC_URL=PUBLIC_URL), f"127.0.0.1:{port}", tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        _started(server, base)
        assert requests.get(base + "/static/outlook/pane.js", timeout=5).status_code == 200
        served = {
            f"{prefix}/{name}": requests.get(f"{base}{prefix}/{name}", timeout=5).status_code
            for name in DEVELOPMENT_FILES
            for prefix in ("/static", "/workbench/static")
        }
        assert set(served.values()) == {404}, served
    finally:
        _stop(server)


def _this_machine_elsewhere() -> str | None:
    """An address of this machine that is not loopback: a peer there is another machine's."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: only a route is chosen
        except OSError:
            return None
        found = str(probe.getsockname()[0])
    return None if found.startswith("127.") or found == "0.0.0.0" else found


@pytest.fixture
def development_on_every_interface(tmp_path: Path) -> Iterator[int]:
    """Development mode under another server than ours (werkzeug's), bound to 0.0.0.0."""
    app = create_app(
        {
            "ENV": "development",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        }
    )
    server = make_server("0.0.0.0", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.parametrize("path", ["/healthz", "/", "/gmail/message", "/outlook/taskpane"])
def test_development_mode_answers_no_other_machine_however_it_was_started(
    development_on_every_interface: int, path: str
) -> None:
    elsewhere = _this_machine_elsewhere()
    if elsewhere is None:
        pytest.skip("this machine has no address but loopback")
    port = development_on_every_interface
    assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    refused = requests.get(f"http://{elsewhere}:{port}{path}", timeout=5)
    assert refused.status_code == 403
    assert "this machine only" in refused.text
