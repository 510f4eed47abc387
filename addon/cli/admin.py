"""The service's commands: ``db upgrade``, ``config``, ``manifests``, ``serve``, ``workbench``
and ``demo``."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from addon import storage
from addon.app import config_of, load_config
from addon.cli.base import (
    _app,
    _check_locale,
    cli,
)
from addon.config import DEVELOPMENT, serving_problem
from addon.errors import UsageError
from addon.i18n import LANGS, Lang


@cli.group("db")
def db() -> None:
    """The database."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Create or migrate the database to the newest schema."""
    store = storage.store(_app(ctx))
    revision = store.upgrade()
    click.echo(f"database at revision {revision} ({store.url})")


@cli.command("config")
def config_command() -> None:
    """Print the effective settings (secrets hidden), each with its variable and help."""
    rows = list(load_config().described())
    width = max(len(name) for name, _, _ in rows)
    for name, value, help_text in rows:
        click.echo(f"{name.ljust(width)}  {value}")
        click.echo(f"{' ' * width}  # {help_text}")


@cli.command("manifests")
@click.option(
    "--base-url",
    required=True,
    metavar="https://HOST",
    help="Where the backend is reachable from Google and Microsoft.",
)
@click.option(
    "--out",
    "folder",
    type=click.Path(file_okay=False),
    default="manifests",
    show_default=True,
    help="Folder to write to, from the current directory.",
)
@click.option(
    "--microsoft-client-id",
    default=None,
    help="The Outlook add-in's app registration, for single sign-on "
    "(default: RAINCHECK_MICROSOFT_CLIENT_ID).",
)
@click.option(
    "--addin-id",
    default=None,
    help="The Outlook add-in's GUID (default: RAINCHECK_OUTLOOK_ADDIN_ID, else one derived "
    "from the base URL).",
)
@click.option(
    "--version",
    "version",
    default=None,
    metavar="N.N.N",
    help="The add-in's version in both Outlook manifests (default: 1.0.0); raise it for "
    "every update you deploy.",
)
def manifests(
    base_url: str,
    folder: str,
    microsoft_client_id: str | None,
    addin_id: str | None,
    version: str | None,
) -> None:
    """Write the add-on manifests for a deployment at BASE_URL."""
    from addon.manifests import write_manifests

    config = load_config()
    microsoft_client_id = microsoft_client_id or config.microsoft_client_id or None
    addin_id = addin_id or config.outlook_addin_id or None
    target = Path(folder)
    written = write_manifests(
        base_url,
        target,
        microsoft_client_id=microsoft_client_id,
        addin_id=addin_id,
        version=version,
    )
    for path in written:
        click.echo(f"wrote {path}")
    if not microsoft_client_id:
        click.echo(
            "note: no Microsoft client id given, so the Outlook manifests ask for no single "
            "sign-on; pass --microsoft-client-id to add it",
            err=True,
        )


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the backend with Flask's server (for trying it out; use a WSGI server behind HTTPS
    in production)."""
    app = _app(ctx)
    if config_of(app).env == DEVELOPMENT and host not in LOOPBACK:
        # Development mode trusts its own signing key: anyone who can reach it is anyone.
        raise UsageError("in development mode Raincheck listens on this machine only (127.0.0.1)")
    # The same refusal as the packaged server's (a production without its public address).
    problem = serving_problem(config_of(app), [(host, port)])
    if problem:
        raise UsageError(problem)
    _check_listen(host, port)
    storage.store(app).upgrade()
    click.echo(f"Raincheck on http://{host}:{port}/ (Ctrl+C stops it)")
    app.run(host=host, port=port, debug=False, use_reloader=False)


@cli.command("workbench")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="The first port to try; the next free one is used when it is taken.",
)
def workbench(host: str, port: int) -> None:
    """Try Raincheck locally: the Gmail card and the Outlook pane side by side, with a
    fictional client directory and sample invites (development mode, on this machine only)."""
    from addon.app import workbench as installed

    if installed() is None:
        raise UsageError(
            "the workbench is not part of this install: it comes with a source checkout "
            "(scripts/run)"
        )
    if host not in LOOPBACK:
        # It hands out tokens its own verifiers accept to anyone who can reach it.
        raise UsageError("the workbench listens on this machine only (127.0.0.1)")
    # The same start as scripts/run's: each step said, a quiet server, the user's directory kept.
    from addon.workbench.serve import serve

    serve(port)


def _check_listen(host: str, port: int) -> None:
    """Refuse a host that does not resolve or a port that is taken, in our one line: Flask's
    server would print the socket's words and exit 1."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


@cli.command("demo")
@click.option("--locale", default=None, help="Only this language (default: English and Swedish).")
@click.pass_context
def demo(ctx: click.Context, locale: str | None) -> None:
    """Load the demo directory and triage the bundled sample invites."""
    from addon.demo import run_demo

    app = _app(ctx)
    langs: list[Lang] = [_check_locale(locale)] if locale else list(LANGS)
    click.echo(run_demo(storage.store(app), langs), nl=False)
