"""The resident process: a run it serves prints, exits and reads what a run of its own would,
in the launcher's folder, environment and streams; it steps aside when it cannot be trusted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from addon.cli.launch import socket_address
from tests.support.paths import INVITES, SAMPLE_CLIENTS

QUARTERLY = INVITES / "exchange-quarterly-review.eml"
ME = "anna@lumen.example"


@dataclass
class Resident:
    env: dict[str, str]
    folder: Path  # where the launcher keeps the socket, the lock and the log

    flags: tuple[str, ...] = ()  # the launching Python's own

    def run(
        self, *args: str, cwd: Path | None = None, stdin: bytes = b"", **env: str
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, *self.flags, "-m", "addon.cli", *args],
            env=self.env | env,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=120,
            check=False,
        )

    def started(self) -> None:
        """Waits for the resident process the first run started (its imports take a second)."""
        deadline = time.monotonic() + 90
        while not list(self.folder.glob("*.sock")):
            assert time.monotonic() < deadline, "no resident process started"
            time.sleep(0.05)

    def served(self) -> int:
        return sum(log.read_text().count(" ran: ") for log in self.folder.glob("*.log"))

    def pids(self) -> list[int]:
        found = [int(lock.read_text() or "0") for lock in self.folder.glob("*.lock")]
        return [pid for pid in found if pid > 0]

    def logged(self, text: str) -> bool:
        return any(text in log.read_text() for log in self.folder.glob("*.log"))


def _resident_in(folder: Path) -> Resident:
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env |= {
        "XDG_RUNTIME_DIR": str(runtime),
        "RAINCHECK_CLI_RESIDENT": "1",
        "RAINCHECK_INSTANCE_PATH": str(folder / "instance"),
        "RAINCHECK_TZ": "Europe/Stockholm",
    }
    return Resident(env, runtime / "raincheck")


def _stop(found: Resident) -> None:
    for pid in found.pids():
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue


@pytest.fixture
def resident(tmp_path: Path) -> Iterator[Resident]:
    """A folder of the test's own, no resident process in it yet."""
    found = _resident_in(tmp_path)
    yield found
    _stop(found)


@pytest.fixture(scope="module")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Resident]:
    found = _resident_in(tmp_path_factory.mktemp("serving"))
    first = found.run("clients", "import", str(SAMPLE_CLIENTS))
    assert first.returncode == 0, first.stderr
    found.started()
    yield found
    _stop(found)


@pytest.fixture
def serving(_shared: Resident) -> Resident:
    """A resident process up, started by a first run that ran in its own process: one for the
    tests that only run commands through it (starting one takes seconds), with no run of an
    earlier test still under way."""
    _until(lambda: _copies(_shared) == 0)
    return _shared


RUNS = {
    "a triage": ("triage", "--me", ME, str(QUARTERLY)),
    "a triage as JSON": ("triage", "--json", "--me", ME, str(QUARTERLY)),
    "a triage in German": ("triage", "--locale", "de", "--me", ME, str(QUARTERLY)),
    "an invite it refuses": ("triage", str(INVITES / "broken-no-dtstart.ics")),
    "a file that is not there": ("triage", "no-such-invite.ics"),
    "an option that does not exist": ("triage", "--no-such-option"),
    "the help": ("--help",),
    "the directory": ("clients", "list"),
}


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_a_run_served_by_the_resident_process_is_a_run_of_its_own(
    serving: Resident, args: tuple[str, ...]
) -> None:
    own = serving.run(*args, RAINCHECK_CLI_RESIDENT="0")
    before = serving.served()
    served = serving.run(*args)
    assert serving.served() == before + 1
    assert (served.returncode, served.stdout, served.stderr) == (
        own.returncode,
        own.stdout,
        own.stderr,
    )
    assert own.stdout or own.stderr  # the comparison compared something


def test_each_run_has_its_own_folder_environment_and_standard_input(serving: Resident) -> None:
    before = serving.served()
    relative = serving.run("triage", "--me", ME, QUARTERLY.name, cwd=INVITES)
    new_york = serving.run(
        "triage", "--me", ME, "-", stdin=QUARTERLY.read_bytes(), RAINCHECK_TZ="America/New_York"
    )
    assert serving.served() == before + 2
    assert relative.returncode == new_york.returncode == 0, relative.stderr + new_york.stderr
    assert "Quarterly account review" in relative.stdout.decode()
    # The same meeting, 13:00 UTC, in each run's own zone and its way of writing the hour.
    assert "December 2026, 14:00" in relative.stdout.decode()
    assert "December 3, 2026, 8:00\u202fAM" in new_york.stdout.decode()


def _waiting(resident: Resident, *before: str) -> subprocess.Popen[bytes]:
    """A triage reading standard input, which stays open: the run waits until it is told."""
    return subprocess.Popen(
        [*before, sys.executable, "-m", "addon.cli", "triage", "--me", ME, "-"],
        env=resident.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, -15)])
def test_a_signal_to_the_launcher_stops_the_run_as_it_would_its_own_process(
    serving: Resident, sent: signal.Signals, code: int
) -> None:
    before = serving.served()
    with _waiting(serving) as waiting:
        _until(lambda: _copies(serving) == 1)
        waiting.send_signal(sent)
        waiting.wait(timeout=60)
        assert waiting.stderr is not None
        err = waiting.stderr.read()
    assert waiting.returncode == code, err
    _until(lambda: serving.served() == before + 1)
    if sent == signal.SIGINT:
        assert err.decode().strip() == "raincheck: interrupted"


def test_a_signal_the_launcher_ignores_does_not_stop_the_run(serving: Resident) -> None:
    with _waiting(serving, "nohup") as waiting:  # nohup: hang-ups are ignored
        _until(lambda: _copies(serving) == 1)
        waiting.send_signal(signal.SIGHUP)
        out, err = waiting.communicate(QUARTERLY.read_bytes(), timeout=60)
    assert waiting.returncode == 0, err
    assert "Quarterly account review" in out.decode()


def test_a_run_ends_when_its_launcher_is_killed(serving: Resident) -> None:
    with _waiting(serving) as waiting:
        _until(lambda: _copies(serving) == 1)
        waiting.kill()
        waiting.wait(timeout=60)
        # Nobody is left to read its output or its status: the copy ends too.
        _until(lambda: _copies(serving) == 0)
        assert serving.logged("exit 143")


def test_ctrl_z_stops_the_run_with_its_launcher_and_continuing_resumes_it(
    serving: Resident,
) -> None:
    with _waiting(serving) as waiting:
        _until(lambda: _copies(serving) == 1)
        [copy] = _copy_pids(serving)
        waiting.send_signal(signal.SIGTSTP)
        _until(lambda: _state(waiting.pid) == _state(copy) == "T")
        waiting.send_signal(signal.SIGCONT)  # what fg and bg send
        _until(lambda: _state(copy) != "T")
        out, err = waiting.communicate(QUARTERLY.read_bytes(), timeout=60)
    assert waiting.returncode == 0, err
    assert "Quarterly account review" in out.decode()


def _copies(resident: Resident) -> int:
    return len(_copy_pids(resident))


def _copy_pids(resident: Resident) -> list[int]:
    """Runs under way: the resident process's grandchildren."""
    children = {p for p in _processes() if _parent(p) in resident.pids()}
    return [p for p in _processes() if _parent(p) in children]


def _state(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def _processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _parent(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError):
        return 0


@pytest.mark.parametrize("flags", [("-O",), ("-X", "utf8"), ("-W", "error::DeprecationWarning")])
def test_a_python_started_with_flags_is_served_by_a_resident_process_with_them(
    resident: Resident, flags: tuple[str, ...]
) -> None:
    resident.flags = flags
    assert resident.run("--help").returncode == 0
    resident.started()
    assert resident.run("--help").returncode == 0
    assert resident.served() == 1


def test_a_changed_module_sends_the_run_back_and_the_resident_process_quits(
    resident: Resident, tmp_path: Path
) -> None:
    # sitecustomize is imported by every Python on this path: the resident process watches it.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "sitecustomize.py").write_text("")
    resident.env["PYTHONPATH"] = str(extra)
    assert resident.run("--help").returncode == 0
    resident.started()
    assert resident.run("--help").returncode == 0
    assert resident.served() == 1
    os.utime(extra / "sitecustomize.py", ns=(0, 0))
    changed = resident.run("triage", "--me", ME, str(QUARTERLY))
    assert changed.returncode == 0, changed.stderr
    assert "Quarterly account review" in changed.stdout.decode()
    assert resident.served() == 1  # the run went back to its launcher
    assert "a module file changed" in next(resident.folder.glob("*.log")).read_text()


def test_a_runtime_folder_deeper_than_a_socket_address_allows_is_still_served(
    tmp_path: Path,
) -> None:
    # A Unix socket's address holds at most 107 bytes; XDG_RUNTIME_DIR or TMPDIR may be longer
    # (a CI's work folder, pytest's own under xdist).
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    found = _resident_in(deep)
    assert len(os.fsencode(found.folder)) > 108
    try:
        assert found.run("--help").returncode == 0
        found.started()
        served = found.run("triage", "--me", ME, str(QUARTERLY))
        assert served.returncode == 0, served.stderr
        assert found.served() == 1
    finally:
        _stop(found)


def test_the_resident_process_quits_when_idle(resident: Resident) -> None:
    resident.env["RAINCHECK_CLI_RESIDENT_IDLE"] = "1"
    assert resident.run("--help").returncode == 0
    resident.started()
    _until(lambda: resident.logged("quit: idle"))
    assert not list(resident.folder.glob("*.sock"))


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("0", b""),
        # A setting that cannot be used is said by the run, in a process of its own.
        ("maybe", b"raincheck: RAINCHECK_CLI_RESIDENT"),
    ],
)
def test_no_resident_process_when_it_is_off(resident: Resident, setting: str, said: bytes) -> None:
    resident.env["RAINCHECK_CLI_RESIDENT"] = setting
    for _ in range(2):
        done = resident.run("triage", "--me", ME, str(QUARTERLY))
        assert done.stderr.startswith(said)
        assert done.returncode == (0 if not said else 2)
    time.sleep(1)  # a resident process would have started beside the first run
    assert not resident.folder.exists() or not list(resident.folder.iterdir())


def test_a_folder_others_can_enter_is_not_used(resident: Resident) -> None:
    resident.folder.mkdir(mode=0o700)
    resident.folder.chmod(0o777)
    # Whoever made it could listen there: the launcher must not even connect.
    key = _key(resident)
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as planted,
        socket_address(resident.folder / f"{key}.sock") as address,
    ):
        planted.bind(address)
        planted.listen(1)
        planted.setblocking(False)
        done = resident.run("triage", "--me", ME, str(QUARTERLY))
        with pytest.raises(BlockingIOError):
            planted.accept()
    assert done.returncode == 0, done.stderr
    assert [p.name for p in resident.folder.iterdir()] == [f"{key}.sock"]


def _key(resident: Resident) -> str:
    """The key the launcher computes, in the launcher's environment."""
    found = subprocess.run(
        [sys.executable, "-c", "from addon.cli.launch import interpreter_key as k; print(k())"],
        env=resident.env,
        capture_output=True,
        check=True,
    )
    return found.stdout.decode().strip()


@pytest.mark.parametrize("command", ["serve", "workbench"])
def test_servers_run_in_a_process_of_their_own(serving: Resident, command: str) -> None:
    before = serving.served()
    assert serving.run(command, "--help").returncode == 0
    assert serving.served() == before
