"""The command line imports only what a command needs: the list of commands comes from a table
(which must say what each command's own help says), and ``--help`` loads neither the app nor
SQLAlchemy nor Alembic."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest

from addon.cli.base import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_command_list_says_what_each_command_says_of_itself(name: str) -> None:
    module, said = COMMANDS[name]
    importlib.import_module(module)
    command = cli.commands[name]
    first = " ".join((command.help or "").split("\n\n")[0].split())
    assert said == first


def test_every_command_of_the_group_is_in_the_table() -> None:
    for module in {m for m, _ in COMMANDS.values()}:
        importlib.import_module(module)
    assert sorted(cli.commands) == sorted(COMMANDS)
    assert all(isinstance(c, click.Command) for c in cli.commands.values())


def test_help_imports_neither_the_app_nor_the_database() -> None:
    probe = (
        "import sys\n"
        "from addon.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('flask', 'sqlalchemy', 'alembic', 'icalendar', 'addon.app')"
        " if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    assert "Commands:" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "heavy:"
