"""The ``raincheck`` command: each run is handed to the resident process when one answers, else
run in this process.

Why: Python takes half a second to import what a command needs (SQLAlchemy alone 0.3 s),
twenty-five times its own start, and a person triaging one invite waits for all of it. The
resident process (``resident``) imports it once and forks a copy of itself for each run, so a
run costs what the command does. This module imports only the standard library and the
settings, because every run pays for them before the hand-over.

The hand-over, over a Unix socket in a folder only this user can open, to a process of this
user's: the arguments, the environment, the umask, the signals ignored and how the standard
streams are made, with the streams and the working folder themselves as file descriptors. The
copy writes to the streams directly, so terminals, pipes and redirections behave as if the
command ran here. This process waits for the copy's exit status and passes Ctrl-C (and TERM,
HUP, QUIT) on to it; Ctrl-Z stops both.

No resident process (the first run, after it has idled out, after Raincheck's code or Python
changed, ``RAINCHECK_CLI_RESIDENT=0``, a system without ``fork``): the run happens here, the same
command, and a resident process is started for the runs after it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
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
        ended = _hand_over(address, args)
        if ended is not None:
            _end_as(ended)
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


# A Unix socket's address (sun_path) holds 107 bytes and a NUL.
SOCKET_ADDRESS_BYTES = 107


@contextlib.contextmanager
def socket_address(path: Path) -> Iterator[str]:
    """``path`` as ``bind`` and ``connect`` take it. A runtime folder may be deeper than a
    socket's address allows (a CI's work folder, a long home); then the address goes through
    the folder opened for the call (``/proc/self/fd/N/NAME``, which Linux resolves as the
    path), so the resident process is still found rather than silently never started."""
    if len(os.fsencode(path)) <= SOCKET_ADDRESS_BYTES:
        yield str(path)
        return
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{folder}/{path.name}"
    finally:
        os.close(folder)


def interpreter_key() -> str:
    """Same key, same Python and same modules: this Python, its version, flags, ``-X`` options
    and ``PYTHON*`` variables (the hash seed, warnings, buffering), the file names' encoding,
    where Raincheck and the packages are found, and the files it sees (a container or a
    sandbox of the same user has other files at the same paths).
    ``sys.path[0]`` (the script's folder, or the working folder under ``-m``) is left out, so
    the runs from every folder share one process."""
    import hashlib

    import addon

    python = sorted((k, v) for k, v in os.environ.items() if k.startswith("PYTHON"))
    identity = [sys.executable, sys.version, repr(sys.flags), sys.warnoptions, python]
    identity += [repr(sys._xoptions), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()]
    identity += [addon.__path__[0], sys.path[1:], _mount_namespace()]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:20]


def _mount_namespace() -> int:
    try:
        return os.stat("/proc/self/ns/mnt").st_ino
    except OSError:
        return 0


def _hand_over(address: Address, args: list[str]) -> dict[str, int] | None:
    """How the copy ended (``{"exit": CODE}`` or ``{"signal": NUMBER}``), or None when no
    resident process took the run."""
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        here = os.open(".", getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY)
    except OSError:
        return None  # a closed standard stream, or a working folder gone: run it here
    ignored = [int(n) for n in FORWARDED if signal.getsignal(n) == signal.SIG_IGN]  # nohup
    relay = _Relay()
    previous = {n: signal.signal(n, relay) for n in FORWARDED if int(n) not in ignored}
    if signal.getsignal(signal.SIGTSTP) == signal.SIG_DFL:
        previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, relay.suspend)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            with socket_address(address.socket) as reached:
                connection.connect(reached)
            if not _listener_is_mine(connection):
                return None
            socket.send_fds(connection, [_request(args, ignored)], [0, 1, 2, here])
            replies = connection.makefile("rb")
            first = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            first = {}
        pid = first.get("pid")
        if not isinstance(pid, int) or pid <= 0:
            return None  # no copy started (none listening, or its code changed): run it here
        relay.start(pid)
        # From here the copy runs: whatever happens, the run must not start again here.
        try:
            last = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            last = {}
    except _Interrupted as interrupted:
        # Before the copy was known: closing the connection ends it, if it had begun.
        return {"signal": interrupted.number}
    finally:
        connection.close()
        os.close(here)
        for number, handler in previous.items():
            signal.signal(number, handler)
    if "exit" not in last and "signal" not in last:
        os.write(2, b"raincheck: the resident process stopped before the command ended\n")
        return {"exit": 2}
    return {k: int(v) for k, v in last.items() if k in ("exit", "signal")}


def _listener_is_mine(connection: socket.socket) -> bool:
    """The environment (secrets too) goes only to a process of this user's."""
    from addon.cli.handover import same_user

    return same_user(connection)


def _end_as(ended: dict[str, int]) -> None:
    """This process ends as the copy did: its exit status, or killed by the same signal."""
    number = ended.get("signal")
    if number is None:
        sys.exit(ended.get("exit", 2))
    if number == signal.SIGINT:
        os.write(2, b"raincheck: interrupted\n")
        sys.exit(130)
    sys.stdout.flush()
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
    sys.exit(128 + number)


class _Interrupted(Exception):
    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class _Relay:
    """Signals for the copy once its pid is known; before, one ends the wait."""

    def __init__(self) -> None:
        self.pid: int | None = None

    def __call__(self, number: int, _frame: FrameType | None) -> None:
        if self.pid is None:
            raise _Interrupted(number)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, number)

    def start(self, pid: int) -> None:
        self.pid = pid

    def suspend(self, _number: int, _frame: FrameType | None) -> None:
        """Ctrl-Z: the copy stops with this process and goes on with it (fg, bg). STOP, not
        TSTP: the copy has no terminal, and a stop signal to it would be discarded."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGSTOP)
        os.kill(os.getpid(), signal.SIGSTOP)
        if self.pid is not None:  # continued
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGCONT)


def _request(args: list[str], ignored: list[int]) -> bytes:
    umask = os.umask(0o077)
    os.umask(umask)
    streams = [
        {
            "encoding": getattr(s, "encoding", None) or "utf-8",
            "errors": getattr(s, "errors", None) or "strict",
            "line_buffering": bool(getattr(s, "line_buffering", False)),
            "write_through": bool(getattr(s, "write_through", False)),
            "raw": isinstance(getattr(s, "buffer", None), io.RawIOBase),
        }
        for s in (sys.stdin, sys.stdout, sys.stderr)
    ]
    request = {
        "argv": args,
        "env": dict(os.environ),
        "umask": umask,
        "streams": streams,
        "ignored": ignored,
    }
    return json.dumps(request).encode() + b"\n"


def _start_resident(address: Address) -> None:
    """Started beside this run, on the other core, for the runs after it; it quits at once
    when another one is starting (its lock)."""
    import subprocess

    import addon

    # This Python's own flags (-O, -X, -W...): they are in the key the new process must match.
    flags: list[str] = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
    with contextlib.suppress(OSError):  # the run goes on here; the next run tries again
        subprocess.Popen(  # noqa: S603 - this Python, our own module
            [sys.executable, *flags, "-m", "addon.cli.resident", address.key, str(address.idle)],
            cwd=Path(addon.__path__[0]).parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=_resident_environment(),
        )


def _resident_environment() -> dict[str, str]:
    """What Python's start and the folder need: the environment a run brings (secrets
    among it) stays with that run's copy."""
    keep = ("PATH", "HOME", "TMPDIR", "XDG_RUNTIME_DIR", "TZ", "LANG", "LANGUAGE", "LOCPATH")
    return {
        k: v
        for k, v in os.environ.items()
        if k in keep or k.startswith(("PYTHON", "LC_", "VIRTUAL_ENV"))
    }
