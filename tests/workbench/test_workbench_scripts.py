"""scripts/test on a machine where another apt is running (issue 28, point 9): it waits for the
package lock, saying so, and gives up after its limit with a line that says what to do; once
the lock is free it goes on, and apt-get itself is told to wait too. The lock is a file of the
test's own, held by a process of the test's own as dpkg holds its lock (fcntl); the real
/var/lib/dpkg lock is never touched, and apt-get is a stand-in that records how it was called."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT

HOLD = """
import fcntl, sys, time
with open(sys.argv[1], "w") as lock:
    fcntl.lockf(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="scripts/test would run apt-get through sudo: root only"
)


@pytest.fixture
def lock(tmp_path: Path) -> Path:
    return tmp_path / "lock-frontend"


def _hold(lock: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    """An apt-get first on the PATH: it writes down its arguments and fails, so scripts/test
    stops there (no Chromium), before the suite it would run."""
    folder = tmp_path / "bin"
    folder.mkdir()
    apt_get = folder / "apt-get"
    apt_get.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "apt-get.calls"}\nexit 100\n')
    apt_get.chmod(0o755)
    return folder


def _scripts_test(lock: Path, stand_in: Path, wait: int) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env |= {
        "PATH": f"{stand_in}:{env['PATH']}",
        "RAINCHECK_TEST_CHROMIUM": str(lock.parent / "no-chromium"),
        "RAINCHECK_APT_LOCK": str(lock),
        "RAINCHECK_APT_LOCK_TIMEOUT": str(wait),
    }
    return subprocess.Popen(
        [str(ROOT / "scripts" / "test")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def cleanup() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_while_another_apt_holds_the_lock_scripts_test_waits_then_gives_up_saying_so(
    lock: Path, stand_in: Path, cleanup: list[subprocess.Popen[str]]
) -> None:
    cleanup.append(_hold(lock, 120))
    run = _scripts_test(lock, stand_in, wait=3)
    cleanup.append(run)
    out, _ = run.communicate(timeout=120)
    lines = out.splitlines()
    assert run.returncode == 1, out
    assert (
        f"raincheck: another apt or dpkg is running (it holds {lock}): "
        "waiting up to 3 s for it to finish"
    ) in lines
    assert lines[-1] == (
        f"raincheck: gave up waiting after 3 s: another apt or dpkg still holds {lock}; "
        "run scripts/test again when it is done (RAINCHECK_APT_LOCK_TIMEOUT sets the wait)"
    )
    assert not (lock.parent / "apt-get.calls").exists()  # apt-get never ran


def test_when_the_other_apt_finishes_scripts_test_goes_on_and_apt_waits_too(
    lock: Path, stand_in: Path, cleanup: list[subprocess.Popen[str]]
) -> None:
    holder = _hold(lock, 3)
    cleanup.append(holder)
    run = _scripts_test(lock, stand_in, wait=120)
    cleanup.append(run)
    out, _ = run.communicate(timeout=180)
    lines = out.splitlines()
    assert any(line.startswith("raincheck: another apt or dpkg is running") for line in lines)
    assert any(
        line.startswith("raincheck: the other apt is done after ") and line.endswith("; going on")
        for line in lines
    ), out
    assert "raincheck: installing Debian's chromium for the browser tests" in lines
    assert lines[-1].startswith("raincheck: could not install chromium")  # the stand-in failed
    calls = (lock.parent / "apt-get.calls").read_text().splitlines()
    assert calls[0] == "-o DPkg::Lock::Timeout=120 install -y --no-install-recommends chromium"


def test_with_no_other_apt_scripts_test_does_not_wait(
    lock: Path, stand_in: Path, cleanup: list[subprocess.Popen[str]]
) -> None:
    lock.touch()  # the file is there, nobody holds it
    run = _scripts_test(lock, stand_in, wait=120)
    cleanup.append(run)
    out, _ = run.communicate(timeout=120)
    assert "waiting" not in out and "raincheck: installing Debian's chromium" in out
