"""``raincheck clients export`` at a terminal cannot move the cursor or retitle the window;
into a file or a pipe it stays the exact data an import reads back (issue 28, point 16)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

NAME = "\x1b]0;owned\x07Acme \x1b[31mRed\x1b[0m AB"
CSV = (f'name,tier,notes\n"{NAME}",key,"\x1b[2Jcleared\x1bc"\nPlain AB,standard,\n').encode()


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    return env


def _raincheck(env: dict[str, str], *args: str, stdin: bytes = b"") -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "addon.cli", *args],
        env=env, input=stdin, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _at_a_terminal(env: dict[str, str], *args: str) -> bytes:
    """The command with its standard output on a real pseudo-terminal, as a person runs it."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "addon.cli", *args],
            env=env, stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE,
        )  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the command has closed its end
                break
            if not chunk:
                break
            shown += chunk
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
        if process.stderr:
            process.stderr.close()
    finally:
        os.close(controller)
    return shown.replace(b"\r\n", b"\n")  # the terminal's own line ends


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    found = _env(tmp_path)
    _raincheck(found, "db", "upgrade")
    _raincheck(found, "clients", "import", "-", stdin=CSV)
    return found


def test_the_export_into_a_pipe_is_exact_and_imports_back(env: dict[str, str]) -> None:
    exported = _raincheck(env, "clients", "export")
    assert NAME.encode() in exported
    assert b"\x1b[2Jcleared\x1bc" in exported
    _raincheck(env, "clients", "import", "-", stdin=exported)
    assert _raincheck(env, "clients", "export") == exported


def test_the_export_at_a_terminal_shows_no_escape_sequence(env: dict[str, str]) -> None:
    shown = _at_a_terminal(env, "clients", "export")
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"Acme Red AB,key," in shown  # the name is still there, minus its escapes
    assert b"Plain AB,standard," in shown
