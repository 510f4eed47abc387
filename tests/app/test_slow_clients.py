"""Slow clients do not freeze the production server (issue 28, point 17): the packaged command
(``gunicorn -c python:addon.gunicorn_conf``, ``addon/slowclients.py``) run for real, with 40
connections that trickle a request head a byte at a time (new or kept-alive), send a head and
trickle its body (of declared length, or chunked), send nothing, or are answered and then never
hang up. ``/healthz`` and ordinary requests still answer, the slow connections are closed at
their deadline, and keep-alive connections (idle ones too) still serve request after request."""

from __future__ import annotations

import inspect
import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from addon.slowclients import BUFFERED_BODY, request_length
from tests.app.test_hardening_serving import _env, _free_port, _gunicorn, _started
from tests.support.google_tokens import PUBLIC_URL

HEAD_TIMEOUT = 1.5  # seconds: WEB_HEAD_TIMEOUT, short for the test (10 by default)
BODY_TIMEOUT = 1.5  # WEB_BODY_TIMEOUT (30 by default)
ANSWERS_WITHIN = 10.0  # generous: a frozen server never answers, a free one at once
CLOSED_WITHIN = 15.0
TRICKLE_EVERY = 0.2  # seconds between two bytes of a slow client

HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: raincheck.test\r\n\r\n"
NOT_FOUND = b"GET /nothing-here HTTP/1.1\r\nHost: raincheck.test\r\n\r\n"
# A POST to a path that serves only GET: the answer (405) comes after the whole body was read.
POST = b"POST /healthz HTTP/1.1\r\nHost: raincheck.test\r\nContent-Length: 11\r\n\r\nhello world"
CHUNKED = b"POST /healthz HTTP/1.1\r\nHost: raincheck.test\r\nTransfer-Encoding: chunked\r\n\r\n"
CHUNKED_POST = CHUNKED + b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
# The slow clients: what each kind sends at once, then a byte at a time (never to the end).
SLOW = {
    "head": (b"", b"GET /healthz HTTP/1.1\r\nHost: raincheck.test\r\nX-Slow: " + b"s" * 4096),
    "body": (
        b"POST /gmail/message HTTP/1.1\r\nHost: raincheck.test\r\n"
        b"Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n",
        b"{" + b" " * 4095,
    ),
    "chunked": (CHUNKED, b"1\r\nx\r\n" * 1000),
    # Answered and closed by the server, it goes on sending and never hangs up.
    "never-hangs-up": (
        b"GET /healthz HTTP/1.1\r\nHost: raincheck.test\r\nConnection: close\r\n\r\n",
        b"x" * 1000,
    ),
}
EXPECTING = (
    b"POST /healthz HTTP/1.1\r\nHost: raincheck.test\r\nContent-Length: 11\r\n"
    b"Expect: 100-continue\r\n\r\nhello world"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The production command with the shipped settings: 2 workers of 8 threads, as in the
    issue; only the deadlines shortened."""
    tmp_path = tmp_path_factory.mktemp("slow")
    port = _free_port()
    env = {
        **_env(tmp_path, PUBLIC_URL=PUBLIC_URL),
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "8",
        "WEB_HEAD_TIMEOUT": str(HEAD_TIMEOUT),
        "WEB_BODY_TIMEOUT": str(BODY_TIMEOUT),
    }
    process = _gunicorn(env, f"127.0.0.1:{port}", tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        _started(process, base)
        yield base
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    # The worker's event loop runs our code: an error there would end the worker.
    assert "Traceback" not in log and "Exception" not in log, log


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=ANSWERS_WITHIN)


class Trickler:
    """Slow clients: each sends its bytes one at a time until the server closes it."""

    def __init__(self, clients: list[tuple[socket.socket, bytes]]) -> None:
        self.clients = clients
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        sent = [0] * len(self.clients)
        while not self.stop.wait(TRICKLE_EVERY):
            for i, (sock, data) in enumerate(self.clients):
                if sent[i] < len(data):
                    try:
                        sock.send(data[sent[i] : sent[i] + 1])
                        sent[i] += 1
                    except OSError:
                        sent[i] = len(data)  # closed by the server: done


def _closed_by_server(sock: socket.socket, within: float) -> bytes | None:
    """What the server sent before closing ``sock`` (b"" if nothing), or None if it is still
    open after ``within`` seconds."""
    received = b""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([sock], [], [], left)[0]:
            break
        try:
            data = sock.recv(4096)
        except ConnectionResetError:
            return received
        if not data:
            return received
        received += data
    return None


def _responses(sock: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """``count`` HTTP responses read from ``sock``: status and body of each."""
    buffered = b""
    found = []
    while len(found) < count:
        while b"\r\n\r\n" not in buffered:
            data = sock.recv(65536)
            assert data, f"closed after {len(found)} responses"
            buffered += data
        head, _, buffered = buffered.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        fields = dict(line.lower().split(b": ", 1) for line in lines[1:])
        length = int(fields.get(b"content-length", b"0"))
        while len(buffered) < length:
            data = sock.recv(65536)
            assert data, "closed in a body"
            buffered += data
        found.append((int(lines[0].split()[1]), buffered[:length]))
        buffered = buffered[length:]
    return found


def test_forty_slow_clients_leave_the_server_answering_and_are_closed_at_their_deadline(
    server: str,
) -> None:
    kept_alive = [_connect(server) for _ in range(4)]
    for sock in kept_alive:  # a request answered, then the next one's head trickles
        sock.sendall(HEALTHZ)
        assert _responses(sock, 1)[0][0] == 200
    kinds = ["head"] * 10 + ["body"] * 4 + ["chunked"] * 3 + ["never-hangs-up"] * 14
    slow = [(kind, _connect(server), SLOW[kind]) for kind in kinds]
    slow += [("kept-alive", sock, SLOW["head"]) for sock in kept_alive]
    for _, sock, (at_once, _) in slow:
        sock.sendall(at_once)
    silent = [_connect(server) for _ in range(5)]
    trickler = Trickler([(sock, trickled) for _, sock, (_, trickled) in slow])
    trickler.thread.start()
    try:
        time.sleep(3 * TRICKLE_EVERY)  # every slow client has started its request
        assert requests.get(server + "/healthz", timeout=ANSWERS_WITHIN).status_code == 200
        pane = requests.get(server + "/static/outlook/pane.js", timeout=ANSWERS_WITHIN)
        assert pane.status_code == 200 and pane.content
        posted = requests.post(server + "/healthz", data=b"x" * 4096, timeout=ANSWERS_WITHIN)
        assert posted.status_code == 405
        ended: dict[str, list[bytes | None]] = {}
        for kind, sock, _ in slow:
            ended.setdefault(kind, []).append(_closed_by_server(sock, CLOSED_WITHIN))
        ended["silent"] = [_closed_by_server(sock, CLOSED_WITHIN) for sock in silent]
    finally:
        trickler.stop.set()
        trickler.thread.join(timeout=5)
        for sock in [sock for _, sock, _ in slow] + silent:
            sock.close()
    assert all(None not in said for said in ended.values()), "slow connections still open"
    # Read in the event loop: closed there, with a 408 when they had sent something.
    for kind in ("head", "body", "kept-alive"):
        assert {said[:12] for said in ended[kind]} <= {b"", b"HTTP/1.1 408"}, kind
    assert set(ended["silent"]) == {b""}
    # A chunked body is read by a thread, under the same deadline: the app answered from the
    # head (405), the rest of the body did not come in time, and the connection was closed.
    assert {said[:12] for said in ended["chunked"]} <= {b"", b"HTTP/1.1 405"}
    # Answered, then closed: the server reads what such a client still sends in its event
    # loop, not stopping it for each (gthread's close waits up to 2 s for the client).
    assert {said[:12] for said in ended["never-hangs-up"]} == {b"HTTP/1.1 200"}


@pytest.mark.parametrize(
    ("sends", "answers"),
    [
        ([HEALTHZ, HEALTHZ, HEALTHZ, HEALTHZ], [200, 200, 200, 200]),
        ([HEALTHZ, NOT_FOUND, POST, HEALTHZ], [200, 404, 405, 200]),
        # Idle between requests for longer than a head may take: kept-alive connections wait
        # for gunicorn's keepalive (620 s), not the head's deadline.
        ([HEALTHZ, 2 * HEAD_TIMEOUT, HEALTHZ, POST], [200, 200, 405]),
        # A head and a body that arrive in pieces, each in time.
        ([HEALTHZ[:10], 0.3, HEALTHZ[10:], POST[:30], 0.3, POST[30:-5], 0.3, POST[-5:]],
         [200, 405]),
        # Pipelined: several requests in one send, the last of them cut in two.
        ([HEALTHZ + POST + NOT_FOUND + HEALTHZ[:12], 0.3, HEALTHZ[12:]], [200, 405, 404, 200]),
        # Bodies a thread reads (chunked, or sent after gunicorn's "100 Continue").
        ([CHUNKED_POST, HEALTHZ, EXPECTING, HEALTHZ], [405, 200, 100, 405, 200]),
    ],
    ids=["one-after-another", "different-requests", "idle-longer-than-a-head-may-take",
         "in-pieces", "pipelined", "bodies-read-by-a-thread"],
)  # fmt: skip
def test_a_kept_alive_connection_serves_request_after_request(
    server: str, sends: list[bytes | float], answers: list[int]
) -> None:
    with _connect(server) as sock:
        for step in sends:
            if isinstance(step, float):
                time.sleep(step)
            else:
                sock.sendall(step)
        assert [status for status, _ in _responses(sock, len(answers))] == answers


GET = b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"


@pytest.mark.parametrize(
    ("data", "length"),
    [
        (b"", None),
        (GET[:-2], None),  # the head has not ended
        (GET, len(GET)),
        (GET + b"GET /next", len(GET)),  # a pipelined request is the next one's
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 43),  # its body too
        (b"POST / HTTP/1.1\r\ncontent-length:  5 \r\n\r\nab", 45),
        (b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 38),
        # The thread reads these bodies: no length in the head, or the client waits for
        # "100 Continue", or longer than the loop holds.
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n", 47),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", 60),
        (b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (BUFFERED_BODY + 1), 44),
        # Heads gunicorn refuses go to it as they are.
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 57),
        (b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 39),
        (b"POST / HTTP/1.1\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n", 5037),
    ],
)
def test_the_loop_holds_a_request_until_its_head_and_declared_body_are_in(
    data: bytes, length: int | None
) -> None:
    assert request_length(data) == length
    assert request_length(bytearray(data), searched=len(data) // 2) == length


def test_gunicorn_still_has_the_gthread_parts_the_worker_builds_on() -> None:
    """``addon/slowclients.py`` overrides and calls parts of gunicorn 27's gthread worker that
    are not a public interface: a gunicorn that moved them needs the worker read again."""
    from gunicorn.http.unreader import Unreader
    from gunicorn.workers.gthread import TConn, ThreadWorker

    def parameters(method: object) -> list[str]:
        return list(inspect.signature(method).parameters)  # type: ignore[arg-type]

    assert parameters(ThreadWorker.enqueue_req) == ["self", "conn"]
    assert parameters(ThreadWorker.finish_request) == ["self", "conn", "fs"]
    assert parameters(ThreadWorker.handle) == ["self", "conn"]
    assert parameters(ThreadWorker.murder_pending) == ["self"]
    assert parameters(Unreader.take_buffered) == ["self"]
    assert "data_ready" in inspect.getsource(TConn.__init__)
    assert "util.close_graceful" in inspect.getsource(TConn.close)
