"""``raincheck triage`` compiles a letter's templates once: the next run loads the compiled code
kept in the instance folder, only the templates the letter uses are loaded, and a folder that
cannot be used (damaged, not a folder, writable by others) costs the compile, never the
letter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from tests.conftest import Result
from tests.support.paths import INVITES

Cli = Callable[..., Result]
RENEWAL = str(INVITES / "teams-renewal.eml")
ARGS = ("triage", RENEWAL, "--me", "anna@lumen.example", "--locale", "en", "--json")

# Runs triage in a process of its own and prints, last, the templates Jinja compiled.
PROBE = """\
import json, sys
import jinja2.environment

compiled = []
original = jinja2.environment.Environment.compile

def counted(self, source, name=None, *args, **kwargs):
    compiled.append(name)
    return original(self, source, name, *args, **kwargs)

jinja2.environment.Environment.compile = counted
from addon.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit_:
    assert not exit_.code, exit_.code
print()
print(json.dumps(compiled))
"""


def _stamped(out: str) -> dict[str, object]:
    """The JSON but for the calendar part's DTSTAMP, the moment it was written."""
    data = json.loads(out)
    data["reply"]["ics"] = "\r\n".join(
        line for line in data["reply"]["ics"].split("\r\n") if not line.startswith("DTSTAMP:")
    )
    assert isinstance(data, dict)
    return data


def _triage(tmp_path: Path) -> tuple[dict[str, object], list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    done = subprocess.run([sys.executable, "-c", PROBE, *ARGS], env=env, capture_output=True,
                          text=True, check=False, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    *out, _, compiled = done.stdout.strip().split("\n")
    return _stamped("\n".join(out)), json.loads(compiled)


def test_a_second_run_loads_the_templates_the_first_compiled(tmp_path: Path) -> None:
    first, compiled = _triage(tmp_path)
    reply = first["reply"]
    assert isinstance(reply, dict)
    letter = f"letters/en/{reply['strategy']}.j2"
    # Only what this letter uses, once for the text and once for the HTML.
    assert sorted(compiled) == sorted(2 * [letter, "letters/_blocks.j2", "letters/en/_words.j2"])
    assert len(list((tmp_path / "instance" / "compiled-templates").iterdir())) == 6
    again, compiled_again = _triage(tmp_path)
    assert (again, compiled_again) == (first, [])


def _cut(folder: Path) -> None:
    for file in folder.iterdir():
        file.write_bytes(file.read_bytes()[:100])  # cut inside the compiled code


def _garbled(folder: Path) -> None:
    for file in folder.iterdir():  # Jinja's own mark, then what no reader can read
        file.write_bytes(bc_magic + b"\xff\x00garbled")


def _not_a_folder(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.write_text("not a folder")


def _writable_by_others(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()
    folder.chmod(0o777)


@pytest.mark.parametrize(
    ("spoil", "kept"),
    [(_cut, 6), (_garbled, 6), (_not_a_folder, None), (_writable_by_others, 0)],
    ids=["cut", "garbled", "not-a-folder", "writable-by-others"],
)
def test_a_cache_that_cannot_be_used_costs_the_compile_never_the_letter(
    cli: Cli, tmp_path: Path, spoil: Callable[[Path], None], kept: int | None
) -> None:
    first = cli(*ARGS)
    assert first.code == 0, first.err
    folder = tmp_path / "instance" / "compiled-templates"
    spoil(folder)
    again = cli(*ARGS)
    assert (again.code, again.err) == (0, "")
    assert _stamped(again.out) == _stamped(first.out)
    if kept is not None:  # what a folder it cannot trust holds is never read nor written
        assert len(list(folder.iterdir())) == kept
