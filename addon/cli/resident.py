"""The resident process: it imports the commands once and forks a copy of itself for each run
that ``launch`` hands over.

Its rule: before a fork it has imported modules and nothing else. It opens no database, reads
no setting and keeps no state between runs, so each copy starts as a new process would, only
with its imports done; the copy takes the run's environment, folder, umask and standard
streams before anything reads them (settings are read when a command runs, never at import).

    python -m addon.cli.resident KEY IDLE    started by ``launch``, detached from the terminal

One at a time per key (a lock beside the socket). For each run, a handler process reports the
copy's pid and then its exit status, so the resident process itself only accepts and forks.
It quits after IDLE seconds without a run, and refuses a run (which ``launch`` then runs
itself) once a file of an imported module has changed: the copy would run the old code.

``KEY.log`` beside the socket says when it started and stopped, and each run's pid and exit
status: never a run's arguments, environment or output, which may name clients.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib
import io
import json
import os
import signal
import socket
import struct
import sys
import sysconfig
import time
from typing import Any, BinaryIO

from addon.cli.launch import interpreter_key, private_folder

# The commands a person runs again and again, and what they import when they run. The others
# (admin, doctor: the app, Flask, the hosts) import theirs in the copy, as a new process would.
WARM = (
    "addon.cli.run",
    "addon.cli.triage",
    "addon.cli.clients",
    "addon.cli.report",
    "addon.directory.store",
    "addon.triage.service",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
)
REQUEST_LIMIT = 16 * 1024 * 1024  # arguments and environment; a batch of paths fits many times
LOG_LIMIT = 1024 * 1024  # a line per run: emptied at a start once past it
ACCEPT_WAIT = 1.0  # seconds between checks of the idle time and of finished handlers


def serve(key: str, idle: float) -> None:
    folder = private_folder()
    if folder is None or key != interpreter_key():
        return  # another Python or another copy of Raincheck: its launcher starts its own
    lock = open(folder / f"{key}.lock", "wb")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one is starting or running
    lock.write(f"{os.getpid()}\n".encode())
    lock.flush()
    log = os.open(folder / f"{key}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    if os.fstat(log).st_size > LOG_LIMIT:
        os.truncate(log, 0)
    signal.signal(signal.SIGTERM, _stop)
    for name in WARM:
        importlib.import_module(name)
    modules = _module_files()
    path = folder / f"{key}.sock"
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(64)
    listener.settimeout(ACCEPT_WAIT)
    handlers: set[int] = set()
    last = time.monotonic()
    _say(log, f"started: pid {os.getpid()}, {len(modules)} module files watched, idle {idle:g} s")
    why = "stopped"
    try:
        while True:
            handlers = {pid for pid in handlers if not _finished(pid)}
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                if not handlers and time.monotonic() - last >= idle:
                    why = "idle"
                    return
                continue
            last = time.monotonic()
            with connection:
                request = _take(connection)
                if request is None:
                    continue
                if _changed(modules):
                    _close(request[1])
                    connection.sendall(b'{"stale": true}\n')
                    why = "a module file changed; the run went back to its launcher"
                    return
                handlers.add(_handle((listener, lock), log, connection, *request))
    finally:
        path.unlink(missing_ok=True)
        listener.close()
        _say(log, f"quit: {why}")


def _stop(_number: int, _frame: object) -> None:
    sys.exit(0)


def _say(log: int, line: str) -> None:
    os.write(log, f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n".encode())


def _take(connection: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """The request and its three streams, from this user only; None for anything else."""
    connection.settimeout(5.0)
    try:
        if hasattr(socket, "SO_PEERCRED"):
            peer = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
            _, uid, _ = struct.unpack("3i", peer)
            if uid != os.getuid():
                return None
        data, fds, _, _ = socket.recv_fds(connection, 65536, 3)
        while not data.endswith(b"\n") and len(data) < REQUEST_LIMIT:
            more = connection.recv(65536)
            if not more:
                break
            data += more
        request = json.loads(data)
    except (OSError, ValueError):
        return None
    if len(fds) != 3 or not isinstance(request, dict):
        _close(fds)
        return None
    return request, fds


def _handle(
    own: tuple[socket.socket, BinaryIO],
    log: int,
    connection: socket.socket,
    request: dict[str, Any],
    fds: list[int],
) -> int:
    handler = os.fork()
    if handler:
        _close(fds)
        return handler
    try:
        for held in own:  # a copy holding the lock would keep the next resident process out
            held.close()
        _default_signals()  # before the copy exists: a Ctrl-C may reach it at once
        command = os.fork()
        if command == 0:
            connection.close()
            os.close(log)
            _run(request, fds)
        _close(fds)
        connection.sendall(json.dumps({"pid": command}).encode() + b"\n")
        _, status = os.waitpid(command, 0)
        code = os.waitstatus_to_exitcode(status)
        code = code if code >= 0 else 128 - code  # killed by a signal, as a shell says it
        _say(log, f"ran: pid {command}, exit {code}")
        connection.sendall(json.dumps({"exit": code}).encode() + b"\n")
    finally:
        os._exit(0)


def _run(request: dict[str, Any], fds: list[int]) -> None:
    """The copy: the run's streams, folder, environment and umask, then the command."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        _close([fd for fd in fds if fd > 2])
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
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
            sys.stderr.flush()
            os.write(2, b"raincheck: interrupted\n")
        code = 130
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
    """Text streams on the handed-over descriptors, as the launcher's own were made (encoding,
    errors, buffering: they follow the terminal, the locale and PYTHON* variables)."""
    stdin, stdout, stderr = found
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), **stdin)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), **stdout)
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), **stderr)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _module_files() -> dict[str, int]:
    """Raincheck's and the installed packages' files (Python's own change with Python, and
    so with the key)."""
    paths = sysconfig.get_paths()
    standard = paths["stdlib"] + os.sep
    installed = (paths["purelib"] + os.sep, paths["platlib"] + os.sep)
    found = {}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if name and (not name.startswith(standard) or name.startswith(installed)):
            try:
                found[name] = os.stat(name).st_mtime_ns
            except OSError:
                continue
    return found


def _changed(modules: dict[str, int]) -> bool:
    for name, mtime in modules.items():
        try:
            if os.stat(name).st_mtime_ns != mtime:
                return True
        except OSError:
            return True
    return False


def _finished(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


if __name__ == "__main__":
    serve(sys.argv[1], float(sys.argv[2]))
