"""The command group and what every command shares: the app made once per invocation (for
the commands that need it; ``context`` has the settings and the store without it), the tenant
option, and how a failure ends (one line, exit 2).

Each command's module is imported only when that command runs (``COMMANDS``), so
``raincheck --help`` does not import the app, SQLAlchemy or Alembic: a command pays for what
it uses."""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from addon.config import Config
from addon.errors import RaincheckError, UsageError
from addon.text import printable

if TYPE_CHECKING:
    from flask import Flask

    from addon.i18n import Lang

# Each command: its module, and the first line of its help for the command list (a test keeps
# them equal to the commands' own).
COMMANDS: dict[str, tuple[str, str]] = {
    "clients": ("addon.cli.clients", "The client directory."),
    "config": ("addon.cli.admin", "Print the effective settings (secrets hidden), each with its "
               "variable and help."),
    "db": ("addon.cli.admin", "The database."),
    "demo": ("addon.cli.admin", "Load the demo directory and triage the bundled sample invites."),
    "doctor": ("addon.cli.doctor", "Print what Google and Microsoft must match for this "
               "configuration; exit 2 when something a deployment needs is missing."),
    "manifests": ("addon.cli.admin", "Write the add-on manifests for a deployment at BASE_URL."),
    "serve": ("addon.cli.admin", "Run the backend with Flask's server (for trying it out; use a "
              "WSGI server behind HTTPS in production)."),
    "report": ("addon.cli.report", "Print what each strategy achieved: proposals, answers and "
               "minutes, by client tier."),
    "triage": ("addon.cli.triage", "Triage the invites in FILES (.ics or .eml; - reads stdin)."),
    "workbench": ("addon.cli.admin", "Try Raincheck locally: the Gmail card and the Outlook "
                  "pane side by side, with a fictional client directory and sample invites "
                  "(development mode, on this machine only)."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group whose commands are imported when one runs, not to list them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(COMMANDS[name][0])  # its decorators add it to the group
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, _short(COMMANDS[name][1], limit)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _short(text: str, limit: int) -> str:
    """The first line of help cut to ``limit`` at a word, as click shortens it."""
    if len(text) <= limit:
        return text
    words: list[str] = []
    for word in text.split():
        if len(" ".join([*words, word])) > limit - 3:
            break
        words.append(word)
    return " ".join(words) + "..."


def _debug() -> bool:
    try:
        return Config.from_environ(os.environ).debug
    except RaincheckError:
        return False


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Plain output for a person at a terminal: what came from an invite or a file cannot
    move the cursor, recolour or retitle it (JSON and CSV output stay exact data)."""
    click.echo(printable(text), err=err, nl=nl)


def _fail(message: str, code: int) -> None:
    say(f"raincheck: {' '.join(message.split())}", err=True)
    sys.exit(code)


def _app(ctx: click.Context) -> Flask:
    """One app per invocation, built from the environment when a command first needs it."""
    from flask import Flask

    from addon.app import create_app

    if "app" not in ctx.meta:
        ctx.meta["app"] = create_app()
    app = ctx.meta["app"]
    assert isinstance(app, Flask)
    return app


tenant_option = click.option(
    "--tenant", metavar="T", help="The tenant (default: RAINCHECK_TENANT, else 'local')."
)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Raincheck: back out of client meetings without hurting the relationship."""


def read_input(file: str, limit: int, what: str) -> bytes:
    """The bytes of FILE (``-``: standard input), refused past ``limit`` without reading more:
    the command line takes no more than the server would."""
    if file == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with open(file, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        from addon.invite.mime import too_large  # the words every surface refuses with

        raise UsageError(too_large("standard input" if file == "-" else file, limit, what))
    return data


def _os_error(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename}" if error.filename else str(error)


def _check_locale(locale: str) -> Lang:
    from addon.i18n import LANGS, LANGUAGES, lang_of  # Babel: not for --help

    primary = locale.replace("_", "-").split("-")[0].lower()
    if primary not in LANGS:
        raise UsageError(
            f"locale {locale!r} is not supported; use {', '.join(LANGS[:-1])} or {LANGS[-1]} "
            f"(or a tag with a region, like {', '.join(LANGUAGES[c].tag for c in LANGS)})"
        )
    return lang_of(locale)


def machine_zone() -> ZoneInfo:
    """This machine's own zone: ``TZ`` when it names one, else what /etc/localtime links to,
    else UTC."""
    for name in (os.environ.get("TZ", "").lstrip(":"), _localtime()):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _localtime() -> str:
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return ""
    _, found, name = target.partition("zoneinfo/")
    return name if found else ""


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r}; use a name like Europe/Stockholm") from None
