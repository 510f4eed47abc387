"""The ``raincheck`` command: each run is handed to the resident process when one answers, else
run in this process.

Why: Python takes half a second to import what a command needs (SQLAlchemy alone 0.3 s),
twenty-five times its own start, and a person triaging one invite waits for all of it. The
resident process (``resident``) imports it once and forks a copy of itself for each run, so a
run costs what the command does. This module imports only the standard library and the
settings, because every run pays for them before the hand-over.

The hand-over, over a Unix socket in a folder only this user can open: the arguments, the
working folder, the environment, the umask and the encodings of the standard streams, with the
standard streams themselves as file descriptors. The copy writes to them directly, so terminals,
pipes and redirections behave as if the command ran here; this process waits for the copy's exit
status and passes Ctrl-C (and TERM, HUP, QUIT) on to it.

No resident process (the first run, after it has idled out, after Raincheck's code or Python
changed, ``RAINCHECK_CLI_RESIDENT=0``, a system without ``fork``): the run happens here, the same
command, and a resident process is started for the runs after it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from addon.config import Config
from addon.errors import RaincheckError

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# Servers, which run until stopped: a process of their own, named as such in ps and top.
OWN_PROCESS = frozenset({"serve", "workbench"})


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args if not a.startswith("-")), None)
    address = None if command in OWN_PROCESS else _address()
    if address is not None:
        code = _hand_over(address, args)
        if code is not None:
            sys.exit(code)
        _start_resident(address)
    from addon.cli.run import main as run_here

    run_here(args)


class Address:
    """Where the resident process for this Python and this copy of Raincheck listens."""

    def __init__(self, folder: Path, key: str, idle: float) -> None:
        self.folder, self.key, self.idle = folder, key, idle
        self.socket = folder / f"{key}.sock"


def _address() -> Address | None:
    try:
        config = Config.from_environ(os.environ)
    except RaincheckError:
        return None  # the run here says what is wrong with the settings
    if not config.cli_resident or not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        return None
    folder = private_folder()
    if folder is None:
        return None
    return Address(folder, interpreter_key(), config.cli_resident_idle)


def private_folder() -> Path | None:
    """A folder only this user can enter: ``$XDG_RUNTIME_DIR/raincheck``, else
    ``$TMPDIR/raincheck-<uid>``. None when it cannot be made so (another owner, open modes,
    a link): the run then happens here rather than talk through a folder others reach."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        folder = Path(runtime) / "raincheck"
    else:
        folder = Path(os.environ.get("TMPDIR") or "/tmp") / f"raincheck-{os.getuid()}"  # noqa: S108
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    private = (found.st_mode & 0o170777) == 0o040700 and found.st_uid == os.getuid()
    return folder if private else None


def interpreter_key() -> str:
    """Same key, same Python and same modules: this Python, its version, flags and ``PYTHON*``
    variables (the hash seed, warnings, buffering), where Raincheck and the packages are found.
    ``sys.path[0]`` (the script's folder, or the working folder under ``-m``) is left out, so
    the runs from every folder share one process."""
    import hashlib

    import addon

    python = sorted((k, v) for k, v in os.environ.items() if k.startswith("PYTHON"))
    identity = [sys.executable, sys.version, repr(sys.flags), sys.warnoptions, python]
    identity += [addon.__path__[0], sys.path[1:]]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:20]


def _hand_over(address: Address, args: list[str]) -> int | None:
    """The copy's exit status, or None when no resident process took the run."""
    streams = [0, 1, 2]
    try:
        for fd in streams:
            os.fstat(fd)
    except OSError:
        return None  # a closed standard stream cannot be handed over
    relay = _Relay()
    previous = {number: signal.signal(number, relay) for number in FORWARDED}
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            connection.connect(str(address.socket))
            socket.send_fds(connection, [_request(args)], streams)
            replies = connection.makefile("rb")
            first = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            first = {}
        if "pid" not in first:
            return None  # no copy started (none listening, or its code changed): run it here
        relay.start(int(first["pid"]))
        # From here the copy runs: whatever happens, the run must not start again here.
        try:
            last = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            last = {}
    finally:
        connection.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
        if relay.pid is None:
            for held in relay.held:  # a Ctrl-C before the hand-over is for the run here
                signal.raise_signal(held)
    if "exit" not in last:
        os.write(2, b"raincheck: the resident process stopped before the command ended\n")
        return 2
    return int(last["exit"])


class _Relay:
    """Signals for the copy: held until its pid is known, then passed on."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.held: list[int] = []

    def __call__(self, number: int, _frame: FrameType | None) -> None:
        if self.pid is None:
            self.held.append(number)
        else:
            self._send(number)

    def start(self, pid: int) -> None:
        self.pid = pid
        for number in self.held:
            self._send(number)

    def _send(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid or 0, number)


def _request(args: list[str]) -> bytes:
    umask = os.umask(0o077)
    os.umask(umask)
    streams = [
        {
            "encoding": getattr(s, "encoding", None) or "utf-8",
            "errors": getattr(s, "errors", None) or "strict",
            "line_buffering": bool(getattr(s, "line_buffering", False)),
            "write_through": bool(getattr(s, "write_through", False)),
        }
        for s in (sys.stdin, sys.stdout, sys.stderr)
    ]
    request = {
        "argv": args,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "streams": streams,
    }
    return json.dumps(request).encode() + b"\n"


def _start_resident(address: Address) -> None:
    """Started beside this run, on the other core, for the runs after it; it quits at once
    when another one is starting (its lock)."""
    import subprocess

    import addon

    with contextlib.suppress(OSError):  # the run goes on here; the next run tries again
        subprocess.Popen(  # noqa: S603 - this Python, our own module
            [sys.executable, "-m", "addon.cli.resident", address.key, str(address.idle)],
            cwd=Path(addon.__path__[0]).parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
