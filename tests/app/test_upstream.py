"""The session to Google and Microsoft reads the environment once when nothing in it needs
reading per call, and honours a proxy and its exceptions when the environment names one; a call
made with ``upstream.send`` is the one ``Session.request`` would make, on a real server."""

from __future__ import annotations

import contextlib
import contextvars
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
import requests

from addon import timing, upstream


def test_without_a_proxy_the_environment_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    made = upstream.session()
    assert made.trust_env is False
    assert made.verify == "/etc/ssl/certs/ca-certificates.crt"


def test_with_a_proxy_requests_keeps_reading_it_and_its_exceptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    assert upstream.session().trust_env is True


class _Recorder(BaseHTTPRequestHandler):
    """Answers every request with 200 and what it received, as JSON; "/slow" after half a second."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[dict[str, Any]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        got = {"method": self.command, "path": self.path, "body": body,
               "headers": {k.lower(): v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "accept-encoding")}}  # fmt: skip
        self.seen.append(got)
        if self.path.startswith("/slow"):
            time.sleep(0.5)
        data = json.dumps(got).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the caller that timed out has gone
            self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.seen.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("method", "query", "params", "body"),
    [
        ("GET", "", None, None),
        ("GET", "", {"format": "full", "timeMin": "2026-12-03T14:00:00+01:00", "q": "a b&c"}, None),
        ("GET", "?pageToken=x%2By", {"maxResults": "250"}, None),
        ("GET", "", {"$expand": "microsoft.graph.eventMessage/event,x($select=id)"}, None),
        ("POST", "", None, {"items": [{"id": "primary"}], "name": "Åsa"}),
        ("POST", "", None, None),
    ],
)
def test_send_sends_what_session_request_sends(
    recorder: str, method: str, query: str, params: dict[str, str] | None, body: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    session = upstream.session()
    assert session.trust_env is False  # the fast way, not requests' own
    headers = {"Authorization": "Bearer token", "X-Goog-Gmail-Access-Token": "m"}
    url = recorder + "/gmail/v1/users/me/messages/a%2Fb" + query
    fast = upstream.send(session, method, url, headers, params=params, json=body, timeout=5)
    slow = session.request(method, url, headers=headers, params=params, json=body, timeout=5)
    assert fast.status_code == slow.status_code == 200
    assert fast.json() == slow.json()
    assert fast.json()["headers"]["user-agent"] == "Raincheck/0.1"


def test_send_counts_its_time_as_upstream_time(recorder: str) -> None:
    def timed() -> str | None:
        timing.start()
        upstream.send(upstream.session(), "GET", recorder + "/slow", {}, timeout=5)
        return timing.header()

    header = contextvars.copy_context().run(timed)  # as a request of its own
    assert header is not None
    assert float(header.split("upstream;dur=")[1].split(",")[0]) >= 500


def test_send_refuses_a_header_with_a_line_break_and_sends_nothing(recorder: str) -> None:
    with pytest.raises(requests.exceptions.InvalidHeader):
        upstream.send(upstream.session(), "GET", recorder, {"Authorization": "Bearer a\r\nX: y"},
                      timeout=5)  # fmt: skip
    assert _Recorder.seen == []


def test_send_raises_requests_own_timeout(recorder: str) -> None:
    with pytest.raises(requests.ReadTimeout):
        upstream.send(upstream.session(), "GET", recorder + "/slow", {}, timeout=0.2)
