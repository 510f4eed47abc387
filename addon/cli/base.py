"""The command group and what every command shares: the app made once per invocation,
the tenant option, and how a failure ends (one line, exit 2)."""

from __future__ import annotations

import os
import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import Flask

from addon.app import create_app, settings
from addon.config import Config
from addon.errors import RaincheckError, UsageError
from addon.i18n import LANGS, LANGUAGES, Lang, lang_of
from addon.text import printable


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
    if "app" not in ctx.meta:
        ctx.meta["app"] = create_app()
    app = ctx.meta["app"]
    assert isinstance(app, Flask)
    return app


def _tenant(app: Flask, tenant: str | None) -> str:
    return tenant or settings(app).tenant


tenant_option = click.option(
    "--tenant", metavar="T", help="The tenant (default: RAINCHECK_TENANT, else 'local')."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
        name = "standard input" if file == "-" else file
        raise UsageError(f"{name} is larger than {limit} bytes, the most {what} may be")
    return data


def _os_error(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename}" if error.filename else str(error)


def _check_locale(locale: str) -> Lang:
    primary = locale.replace("_", "-").split("-")[0].lower()
    if primary not in LANGS:
        raise UsageError(
            f"locale {locale!r} is not supported; use {' or '.join(LANGS)} "
            f"(or a tag with a region, like {', '.join(LANGUAGES[c].tag for c in LANGS)})"
        )
    return lang_of(locale)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r}; use a name like Europe/Stockholm") from None
