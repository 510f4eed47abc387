"""The resident process: it imports the commands once and forks a copy of itself for each run
that ``launch`` hands over.

Its rule: before a fork it has imported modules and nothing else. It opens no database, reads
no setting and keeps no state between runs, so each copy starts as a new process would, only
with its imports done; the copy takes the run's environment, folder, umask and standard
streams before anything reads them (settings are read when a command runs, never at import).

    python -m addon.cli.resident KEY IDLE    started by ``launch``, detached from the terminal

One at a time per key (a lock beside the socket). For each run it forks a handler
(``handover``), which takes the request, forks the copy and reports to the launcher, so the
resident process itself only accepts and forks.
It quits after IDLE seconds without a run, and refuses a run (which ``launch`` then runs
itself) once a file of an imported module has changed: the copy would run the old code.

``KEY.log`` beside the socket says when it started and stopped, and each run's pid and exit
status: never a run's arguments, environment or output, which may name clients.
"""

from __future__ import annotations

import fcntl
import importlib
import os
import signal
import socket
import sys
import sysconfig
import time

from addon.cli import handover
from addon.cli.launch import interpreter_key, private_folder, socket_address

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
LOG_LIMIT = 1024 * 1024  # a line per run: emptied at a start once past it
ACCEPT_WAIT = 1.0  # seconds between checks of the idle time and of finished handlers


def serve(key: str, idle: float) -> None:
    folder = private_folder()
    if folder is None or key != interpreter_key():
        return  # another Python or another copy of Raincheck: its launcher starts its own
    # Not truncated before the lock is held: the pid in it is the running process's.
    lock = os.open(folder / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one is starting or running
    os.ftruncate(lock, 0)
    os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
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
    with socket_address(path) as address:
        listener.bind(address)
    os.chmod(path, 0o600)
    listener.listen(64)
    listener.settimeout(ACCEPT_WAIT)
    handlers: set[int] = set()
    last = time.monotonic()
    handover.say(log, f"started: pid {os.getpid()}, {len(modules)} files watched, idle {idle:g} s")
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
                if _changed(modules):  # closed unanswered: its launcher runs it itself
                    why = "a module file changed; the run went back to its launcher"
                    return
                handler = os.fork()
                if handler == 0:
                    listener.close()
                    os.close(lock)  # a handler holding it would keep the next resident out
                    handover.handle(connection, log)
                handlers.add(handler)
    finally:
        path.unlink(missing_ok=True)
        listener.close()
        handover.say(log, f"quit: {why}")


def _stop(_number: int, _frame: object) -> None:
    sys.exit(0)


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


if __name__ == "__main__":
    serve(sys.argv[1], float(sys.argv[2]))
