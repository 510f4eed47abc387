"""The command line imports only what a command needs: the list of commands comes from a table
(which must say what each command's own help says), ``--help`` loads neither the app nor
SQLAlchemy, Alembic or Babel, and ``triage`` loads neither the app nor the hosts' modules."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from addon.cli.base import COMMANDS, cli
from tests.support.paths import INVITES


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
        "heavy = [m for m in ('flask', 'sqlalchemy', 'alembic', 'icalendar', 'babel', 'jinja2',"
        " 'addon.app')"
        " if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    assert "Commands:" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "heavy:"


# What the web service needs and triage never does: the app, Flask, both hosts' modules and what
# they call Google and Microsoft with.
NOT_FOR_TRIAGE = (
    "flask", "werkzeug", "google.auth", "requests", "cryptography", "msal", "addon.app",
    "addon.google", "addon.outlook", "addon.views", "addon.cardflow", "addon.workbench",
)  # fmt: skip
ME = ("--me", "anna@lumen.example")
CANCELLED, RENEWAL = str(INVITES / "kinds-cancelled-status.ics"), str(INVITES / "teams-renewal.eml")


@pytest.mark.parametrize(
    ("argv", "absent", "present"),
    [
        # Cancelled: nothing to write, so no template engine; the schema is current: no Alembic.
        (["triage", CANCELLED, *ME], ("jinja2", "bleach", "alembic"), ()),
        (["triage", CANCELLED, *ME, "--json"], ("jinja2", "bleach", "alembic"), ()),
        # A letter needs Jinja, but a letter without a note of the user's needs no sanitizer.
        (["triage", RENEWAL, *ME], ("bleach", "alembic"), ("jinja2",)),
        (["triage", RENEWAL, *ME, "--json", "--locale", "en"], ("bleach", "alembic"), ("jinja2",)),
        (["triage", RENEWAL, *ME, "--note", "See <https://x.example>"], ("alembic",), ("bleach",)),
        # The directory's own commands need no app either.
        (["clients", "list"], ("jinja2", "bleach", "alembic"), ()),
        (["clients", "export"], ("jinja2", "bleach", "alembic"), ()),
    ],
    ids=["cancelled", "cancelled-json", "letter", "letter-json", "letter-with-note",
         "clients-list", "clients-export"],
)  # fmt: skip
def test_triage_and_clients_load_neither_the_app_nor_the_hosts(
    tmp_path: Path, argv: list[str], absent: tuple[str, ...], present: tuple[str, ...]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path / "instance")
    subprocess.run([sys.executable, "-m", "addon.cli", "db", "upgrade"], env=env,
                   capture_output=True, check=True, timeout=60)  # fmt: skip
    probe = (
        "import sys\n"
        "from addon.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print()\n"
        "print('loaded:' + ','.join(sorted({m for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.strip().splitlines()[-1].removeprefix("loaded:").split(","))
    top = {m.split(".")[0] for m in loaded} | loaded
    assert [m for m in (*NOT_FOR_TRIAGE, *absent) if m in top] == []
    assert [m for m in present if m not in top] == []
