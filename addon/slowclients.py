"""The production server's worker: gunicorn's gthread, with requests read in its event loop so
that slow clients wait without a thread, under a deadline (issue 28, point 17).

gunicorn's gthread worker (``gunicorn/workers/gthread.py``, 27.0) accepts a connection in its
main loop and hands it straight to a pool thread (``accept`` -> ``enqueue_req``); the thread
then reads the request head with blocking ``recv`` calls (``handle`` -> ``next(conn.parser)``).
Its only guard, ``wait_for_data`` (5 s), waits for the *first* byte: a client that sends one
byte and trickles the rest holds the thread as long as it likes, and 40 of them left a server of
2 workers x 8 threads unable to answer ``/healthz``. A kept-alive connection waits in the main
loop's selector (no thread: ``finish_request`` -> ``keepalived_conns``), but once it is readable
the same blocking read follows (``on_client_socket_readable`` -> ``enqueue_req``).

This worker replaces ``enqueue_req``, the one door every connection goes through to a thread: it
reads what the client sends without blocking, in the main loop, and submits the connection
only once it holds the whole head and, when the head declares a length of at most
``BUFFERED_BODY`` bytes, the whole body; the thread's parser then reads from memory (the bytes
are put back in gunicorn's unreader). A connection has ``head_timeout`` seconds for its head,
counted from ``accept`` (as nginx's ``client_header_timeout``) or, on a kept-alive connection,
from its next request's first byte (idle kept-alive connections still wait gunicorn's
``keepalive``), then ``body_timeout`` for its body; one past its deadline is closed from the main
loop, with a ``408`` when it had sent something, having held no thread. A body the loop does not
hold (chunked, after ``Expect: 100-continue``, or longer) is read by the thread as before, each
read bounded by what is left of ``body_timeout`` (``DeadlineUnreader``): such a request holds its
thread that long at most, then reads as a client that hung up, and its connection is closed.

One more wait sat in the main loop: gthread closes a connection it will not keep with
``util.close_graceful`` (from ``finish_request``), which half-closes it and then blocks the loop
up to 2 s until the client hangs up too; a client that never does stopped the worker each time.
Here such a connection is read until then in the loop, as any other (``Closing``).

gunicorn's TLS, PROXY protocol and HTTP/2 are left to gunicorn's own reading (the loop would see
encrypted or binary bytes); the packaged settings (``addon/gunicorn_conf.py``) use none of them.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn import http  # type: ignore[import-untyped]
from gunicorn.http.unreader import SocketUnreader  # type: ignore[import-untyped]
from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

HEAD_END = b"\r\n\r\n"
# Above the largest body the app accepts (RAINCHECK_MAX_CONTENT_LENGTH, 2 MiB by default), so
# every request it serves arrives whole; a longer declared body is the thread's to refuse.
BUFFERED_BODY = 4 * 1024 * 1024
RECV_SIZE = 64 * 1024
# As gunicorn's util.close_graceful: how long, and how much, a closed connection is read from
# for the client's last bytes (which, left unread, would turn the close into a reset).
LINGER = 2.0
LINGER_BYTES = 64 * 1024
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
# Headers after which the body is the thread's to read: its length is not in the head, or the
# client waits for gunicorn's "100 Continue" before sending it.
THREAD_READS_BODY = (b"transfer-encoding", b"expect")


def request_length(data: bytes | bytearray, searched: int = 0) -> int | None:
    """How many bytes of a request starting ``data`` to hold before a thread takes it: its head
    and a body of declared length up to ``BUFFERED_BODY``; None while the head is incomplete
    (its end is looked for from ``searched``, where the last look stopped). A head gunicorn
    will refuse (two lengths, a malformed one) goes to the thread as it is."""
    end = data.find(HEAD_END, max(0, searched - len(HEAD_END) + 1))
    if end < 0:
        return None
    head = end + len(HEAD_END)
    lengths = []
    for line in bytes(data[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.lower()
        if name in THREAD_READS_BODY:
            return head
        if name == b"content-length":
            lengths.append(value.strip(b" \t"))
    if len(lengths) != 1 or not lengths[0].isdigit() or len(lengths[0]) > 12:
        return head
    declared = int(lengths[0])
    return head + declared if declared <= BUFFERED_BODY else head


class DeadlineUnreader(SocketUnreader):  # type: ignore[misc]
    """gunicorn's socket reader with a deadline for what the thread still reads of a request:
    each ``recv`` waits at most until ``deadline``; past it the read returns nothing, as if the
    client had hung up, and ``expired`` says the connection must close."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__(sock)
        self.deadline = float("inf")
        self.expired = False

    def chunk(self, size_hint: int | None = None) -> bytes:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.expired = True
            return b""
        sock: socket.socket = self.sock
        before = sock.gettimeout()  # gunicorn's body drain sets its own; the shorter applies
        sock.settimeout(left if before is None else min(left, before))
        try:
            data: bytes = super().chunk(size_hint)
            return data
        except TimeoutError:
            self.expired = True
            return b""
        finally:
            sock.settimeout(before)


class Incoming:
    """A connection whose request the main loop is still reading."""

    __slots__ = ("conn", "data", "deadline", "wanted")

    def __init__(self, conn: Any, data: bytes, deadline: float) -> None:
        self.conn = conn
        self.data = bytearray(data)
        self.deadline = deadline
        self.wanted = request_length(self.data)


class Closing:
    """A connection answered and half-closed, read from until the client hangs up too."""

    __slots__ = ("deadline", "drained", "sock")

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.drained = 0


# What reading without waiting found (``SlowClientWorker._read``).
WAIT, READY, GONE = "wait", "ready", "gone"


class SlowClientWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, with each request read whole in the main loop before a thread takes it."""

    head_timeout = 10.0
    body_timeout = 30.0

    @classmethod
    def with_deadlines(cls, head: float, body: float) -> type[SlowClientWorker]:
        """This worker with its own deadlines: gunicorn takes a class as ``worker_class``, and
        passes its workers no settings but its own."""
        return type(cls.__name__, (cls,), {"head_timeout": head, "body_timeout": body})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incoming: dict[int, Incoming] = {}  # by the connection's id()
        self.closing: dict[int, Closing] = {}  # by the socket's id()
        cfg = self.cfg
        self.reads_requests = (
            not cfg.is_ssl
            and cfg.proxy_protocol == "off"
            and getattr(cfg, "protocol", "http") == "http"
            and "h2" not in getattr(cfg, "http_protocols", ["h1"])
        )
        # The longest head gunicorn's parser reads before refusing it (http/message.py).
        self.head_limit = int(
            cfg.limit_request_line
            + cfg.limit_request_fields * (cfg.limit_request_field_size + 2)
            + len(HEAD_END)
        )

    def enqueue_req(self, conn: Any) -> None:
        """Hand ``conn`` to a thread once its request is in memory; until then, read it here.
        Called from the main loop: for a new connection, a kept-alive one that became
        readable, and one whose last request left the next one's bytes in the parser."""
        if not self.reads_requests:
            super().enqueue_req(conn)
            return
        conn.sock.setblocking(False)  # a pipelined request comes straight from a thread's socket
        held = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        waiting = Incoming(conn, held, time.monotonic() + self.head_timeout)
        found = self._read(waiting)
        if found == READY:
            self._submit(waiting)
        elif found == GONE:
            self._close(waiting)
        else:
            self.incoming[id(conn)] = waiting
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, waiting))

    def _readable(self, waiting: Incoming, _sock: Any) -> None:
        found = self._read(waiting)
        if found != WAIT:
            self._forget(waiting)
            (self._submit if found == READY else self._close)(waiting)

    def _read(self, waiting: Incoming) -> str:
        """Read what the client has sent, without waiting: READY once the thread can take
        over (the request is in memory; or a head too long, for gunicorn to refuse; or a
        client that stopped sending after its head, for the thread to answer what it has)."""
        while waiting.wanted is None or len(waiting.data) < waiting.wanted:
            try:
                data = waiting.conn.sock.recv(RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                return WAIT
            except OSError:
                data = b""
            if not data:
                return GONE if waiting.wanted is None else READY
            searched = len(waiting.data)
            waiting.data += data
            if waiting.wanted is None:
                waiting.wanted = request_length(waiting.data, searched)
                if waiting.wanted is not None:  # the body's turn
                    waiting.deadline = time.monotonic() + self.body_timeout
                elif len(waiting.data) > self.head_limit:
                    return READY
        return READY

    def _submit(self, waiting: Incoming) -> None:
        conn = waiting.conn
        if conn.parser is None:  # gthread makes it in the thread (TConn.init): ours times reads
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
            conn.parser.unreader = DeadlineUnreader(conn.sock)
        conn.parser.unreader.unread(bytes(waiting.data))
        conn.parser.unreader.deadline = time.monotonic() + self.body_timeout
        conn.data_ready = True  # skips gthread's wait for a first byte: it was read here
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        """gthread's, closing a connection whose body did not arrive in time: where its next
        request would start is unknown."""
        keep = super().handle(conn)
        if keep is True and getattr(conn.parser.unreader, "expired", False):
            return False
        return keep

    def finish_request(self, conn: Any, fs: Any) -> None:
        """gthread's, but for a connection to close: gthread closes it in its main loop with
        ``util.close_graceful``, which half-closes it and then waits, blocking the loop, up to
        2 s for the client to hang up too (RFC 9112, section 9.6: unread bytes would turn the
        close into a reset that can cut the response short). A client that never hangs up
        stopped everything else for 2 s; here the loop waits for it as for any socket."""
        done = not fs.cancelled() and fs.exception() is None
        if not (self.reads_requests and done and fs.result() is False):
            super().finish_request(conn, fs)
            return
        self.nr_conns -= 1
        sock = conn.sock
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
        except OSError:
            sock.close()
            return
        closing = Closing(sock, time.monotonic() + LINGER)
        if self._drain(closing):
            sock.close()
        else:
            self.closing[id(sock)] = closing
            self.poller.register(sock, selectors.EVENT_READ, partial(self._drainable, closing))

    def _drainable(self, closing: Closing, _sock: Any) -> None:
        if self._drain(closing):
            self._forget_closing(closing)

    def _drain(self, closing: Closing) -> bool:
        """Read and drop what the client still sends; True once it hung up or sent enough."""
        while closing.drained < LINGER_BYTES:
            try:
                data = closing.sock.recv(RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                return False
            except OSError:
                return True
            if not data:
                return True
            closing.drained += len(data)
        return True

    def _forget_closing(self, closing: Closing) -> None:
        del self.closing[id(closing.sock)]
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(closing.sock)
        closing.sock.close()

    def murder_pending(self) -> None:
        """gthread's sweep, run by its loop about once a second (a stopping worker's too:
        its requests under way still get their time), also closes connections past their
        deadline, and those closing whose client has not hung up in time."""
        super().murder_pending()
        now = time.monotonic()
        for waiting in list(self.incoming.values()):
            if waiting.deadline > now:
                continue
            self._forget(waiting)
            if waiting.data:
                with contextlib.suppress(OSError):  # a courtesy: it may be gone
                    waiting.conn.sock.send(TIMED_OUT)
            self.log.debug("closed %s: no whole request in time", waiting.conn.client)
            self._close(waiting)
        for closing in list(self.closing.values()):
            if closing.deadline <= now:
                self._forget_closing(closing)

    def _forget(self, waiting: Incoming) -> None:
        del self.incoming[id(waiting.conn)]
        with contextlib.suppress(KeyError, ValueError, OSError):  # as in gthread's sweeps
            self.poller.unregister(waiting.conn.sock)

    def _close(self, waiting: Incoming) -> None:
        self.nr_conns -= 1
        waiting.conn.close()
