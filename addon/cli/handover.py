"""One run handed over: the handler process that takes it and the copy that runs it.

The resident process forks a handler for each connection and goes back to accepting, so a slow
or silent launcher holds up no other run. The handler reads the request and its descriptors
(the launcher's standard streams and working folder) and forks the copy. It tells the launcher
the copy's pid and only then lets the copy begin, so a run is never done both there and by a
launcher that gave up waiting. Then it waits for whichever comes first: the copy's end, whose
status it reports, or the launcher's, which ends the copy (a run nobody waits for must not go
on writing to a terminal or a file). The copy takes the run's folder, environment, umask,
ignored signals and streams before anything reads them, and runs the command as a new process
would.

Replies, one JSON line each: ``{"pid": N}``, then ``{"exit": CODE}`` or ``{"signal": NUMBER}``.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import locale
import os
import select
import signal
import socket
import struct
import sys
import time
from typing import Any

REQUEST_LIMIT = 16 * 1024 * 1024  # arguments and environment; a batch of paths fits many times
DESCRIPTORS = 4  # standard input, output and error, and the working folder


def handle(connection: socket.socket, log: int) -> None:
    """In the handler process: never returns."""
    try:
        _default_signals()  # before the copy exists: a signal may reach it at once
        taken = _take(connection)
        if taken is None:
            return
        request, fds = taken
        # The copy waits for "go", sent once the launcher knows its pid: a launcher that never
        # learns it runs the command itself, and the copy must then not run it too.
        wait, go = os.pipe()
        copy = os.fork()
        if copy == 0:
            connection.close()
            os.close(log)
            os.close(go)
            if os.read(wait, 1) != b"g":
                os._exit(0)
            os.close(wait)
            _run(request, fds)
        os.close(wait)
        _close(fds)
        try:
            _reply(connection, {"pid": copy})
            os.write(go, b"g")
        finally:
            os.close(go)
        status = _wait(connection, copy)
        code = os.waitstatus_to_exitcode(status)
        say(log, f"ran: pid {copy}, exit {code if code >= 0 else 128 - code}")
        with contextlib.suppress(OSError):
            _reply(connection, {"exit": code} if code >= 0 else {"signal": -code})
    finally:
        os._exit(0)


def _take(connection: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """The request and its descriptors, from this user only; None for anything else."""
    connection.settimeout(5.0)
    fds: list[int] = []
    try:
        if not same_user(connection):
            return None
        data, fds, _, _ = socket.recv_fds(connection, 65536, DESCRIPTORS)
        while not data.endswith(b"\n") and len(data) < REQUEST_LIMIT:
            more = connection.recv(65536)
            if not more:
                break
            data += more
        request = json.loads(data)
    except (OSError, ValueError):
        _close(fds)
        return None
    connection.settimeout(None)
    if len(fds) != DESCRIPTORS or not isinstance(request, dict):
        _close(fds)
        return None
    return request, fds


def same_user(connection: socket.socket) -> bool:
    """The other end runs as this user (Linux says so; elsewhere the folder's modes do)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    peer = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", peer)
    return bool(uid == os.getuid())


def _wait(connection: socket.socket, copy: int) -> int:
    """The copy's wait status; ended (TERM) when the launcher goes away first."""
    pidfd = os.pidfd_open(copy) if hasattr(os, "pidfd_open") else None
    watching = True
    while True:
        if watching:
            waits = [connection.fileno()] + ([pidfd] if pidfd is not None else [])
            ready = select.select(waits, [], [], None if pidfd is not None else 0.05)[0]
            if connection.fileno() in ready and not _peek(connection):
                watching = False
                with contextlib.suppress(ProcessLookupError):
                    os.kill(copy, signal.SIGTERM)
        done, status = os.waitpid(copy, 0 if not watching else os.WNOHANG)
        if done:
            if pidfd is not None:
                os.close(pidfd)
            return status


def _peek(connection: socket.socket) -> bool:
    """False once the launcher has closed its end."""
    try:
        return bool(connection.recv(1))
    except OSError:
        return False


def _reply(connection: socket.socket, message: dict[str, int]) -> None:
    connection.sendall(json.dumps(message).encode() + b"\n")


def _run(request: dict[str, Any], fds: list[int]) -> None:
    """The copy: the run's folder, streams, environment, umask and signals, then the command."""
    code = 1
    try:
        for number in request["ignored"]:
            signal.signal(number, signal.SIG_IGN)
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        os.fchdir(fds[3])
        _close([fd for fd in fds if fd > 2])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()  # as Python's start reads TZ and the locale from the environment
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_CTYPE, "")
        os.umask(request["umask"])
        _streams(request["streams"])
        sys.argv = ["raincheck", *request["argv"]]
        from addon.cli.run import main

        main(request["argv"])
        code = 0
    except SystemExit as done:
        code = _exit_code(done.code)
    except KeyboardInterrupt:  # a Ctrl-C before the command's own handling of it began
        with contextlib.suppress(OSError):
            os.write(2, b"raincheck: interrupted\n")
        code = 130
    except BaseException as error:  # the hand-over itself failed
        with contextlib.suppress(OSError):
            line = f"raincheck: could not start the command: {type(error).__name__}: {error}"
            os.write(2, " ".join(line.split()).encode(errors="replace") + b"\n")
        code = 2
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _default_signals() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)


def _streams(found: list[dict[str, Any]]) -> None:
    """Text streams on the handed-over descriptors, made as the launcher's own were (encoding,
    errors, buffering: they follow the terminal, the locale and ``PYTHON*`` variables)."""
    made = []
    for fd, (mode, given) in enumerate(zip(("r", "w", "w"), found, strict=True)):
        raw = io.FileIO(fd, mode, closefd=False)
        binary: Any = raw
        if not given["raw"]:
            binary = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
        made.append(
            io.TextIOWrapper(
                binary,
                encoding=given["encoding"],
                errors=given["errors"],
                newline="\n" if mode == "r" else None,
                line_buffering=given["line_buffering"],
                write_through=given["write_through"],
            )
        )
    sys.stdin, sys.stdout, sys.stderr = made


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def say(log: int, line: str) -> None:
    os.write(log, f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n".encode())


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
