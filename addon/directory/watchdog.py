"""A client-side limit on each PostgreSQL statement: past its deadline, the connection's
socket is shut down, so the statement fails at once with a dropped connection (a busy card)
instead of waiting for TCP to give up.

The server's ``statement_timeout`` cannot end a wait when the server never hears the statement
or its answer never arrives (a proxy or a network path that stops forwarding but keeps the
connection open); TCP keepalives and ``tcp_user_timeout`` do not see that either, because the
proxy's end of the socket still acknowledges every byte. One thread per process watches every
statement in flight; arming and disarming one is a dictionary write under a lock.
"""

from __future__ import annotations

import os
import socket
import threading
import time


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # id(connection) -> (deadline, fd)
        self._pid = 0  # the process whose thread runs: a forked worker starts its own
        self._next = float("inf")  # the deadline the thread sleeps until

    def arm(self, key: int, fd: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                self._armed.clear()
                threading.Thread(
                    target=self._run, name="raincheck-db-watchdog", daemon=True
                ).start()
            self._armed[key] = (deadline, fd)
            if deadline < self._next:  # idle, or a store with a shorter timeout
                self._next = deadline
                self._lock.notify()

    def disarm(self, key: int) -> None:
        with self._lock:
            self._armed.pop(key, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                if not self._armed:
                    self._next = float("inf")
                    self._lock.wait()
                    continue
                now = time.monotonic()
                due = [k for k, (deadline, _fd) in self._armed.items() if deadline <= now]
                for key in due:
                    _, fd = self._armed.pop(key)
                    _shut(fd)
                if self._armed:
                    # A later arm does not wake the thread (one wake-up per statement would
                    # cost more than the statement); an earlier one does (``arm``).
                    self._next = min(deadline for deadline, _fd in self._armed.values())
                    self._lock.wait(max(0.0, self._next - time.monotonic()))


def _shut(fd: int) -> None:
    """Ends the blocked read or write on the connection's socket; the driver then reports a
    dropped connection, and the pool discards it. The descriptor stays the driver's to close."""
    try:
        dup = socket.socket(fileno=os.dup(fd))
    except OSError:
        return  # already closed by its owner
    try:
        dup.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        dup.close()


WATCHDOG = Watchdog()
