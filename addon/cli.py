"""The ``raincheck`` command line.

Bad input of any kind exits 2 with one line ``raincheck: <what is wrong>`` on stderr.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import Flask

from addon import storage
from addon.app import create_app, load_config, settings
from addon.config import DEVELOPMENT, Config
from addon.directory.csvfile import format_amount, read_csv, write_csv
from addon.directory.repository import Directory, ImportReport
from addon.errors import RaincheckError, UsageError
from addon.i18n import DEFAULT_LANG, LANGS, LANGUAGES, Lang, lang_of
from addon.invite.language import language_of
from addon.invite.reader import read_invite
from addon.triage.assess import parse_reason
from addon.triage.report import outcome_json, summary_text
from addon.triage.service import Ask, Outcome, triage
from addon.triage.weigh import revenue_share, weight_of
from addon.vocabulary import (
    BRIEF_FIELDS,
    DEFAULT_REASON,
    DEFAULT_SCOPE,
    DEFAULT_TONE,
    REASONS,
    SCOPES,
    STRATEGIES,
    TONES,
    BriefField,
    Scope,
    Strategy,
    Tone,
    member,
)
from addon.writing.briefing import BriefingNotes
from addon.writing.letters import Voice


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="raincheck",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as error:
        _fail(error.format_message(), 2)
    except RaincheckError as error:
        _fail(error.message, 2)
    except OSError as error:
        _fail(_os_error(error), 2)
    except Exception as error:
        if _debug():
            traceback.print_exc()
        _fail(f"internal error ({type(error).__name__}); set RAINCHECK_DEBUG=1 for details", 1)


def _debug() -> bool:
    try:
        return Config.from_environ(os.environ).debug
    except RaincheckError:
        return False


def _fail(message: str, code: int) -> None:
    click.echo(f"raincheck: {' '.join(message.split())}", err=True)
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


@cli.command("triage")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--me",
    metavar="EMAIL",
    help="Your address (default: RAINCHECK_ME, else the first attendee who is not the organizer).",
)
@click.option("--reason", type=click.Choice(REASONS), default=DEFAULT_REASON, show_default=True)
@click.option(
    "--strategy",
    type=click.Choice(STRATEGIES),
    help="Write this reply (default: the best offered strategy other than keep).",
)
@click.option(
    "--locale",
    default=None,
    help=f"{' or '.join(LANGS)}, or a tag with a region like en-GB (default: the invite's "
    f"language when it is one of these, else {LANGS[0]}).",
)
@click.option("--tone", type=click.Choice(TONES), default=DEFAULT_TONE, show_default=True)
@click.option(
    "--tz",
    "zone",
    metavar="ZONE",
    help="Reader's time zone (default: RAINCHECK_TZ, else the invite's).",
)
@click.option(
    "--minutes",
    type=click.IntRange(5, 24 * 60),
    default=30,
    show_default=True,
    help="Length of the shorter meeting.",
)
@click.option("--note", default="", help="A line of your own for the reply.")
@click.option("--call", metavar="NUMBER_OR_LINK", help="Where to call you.")
@click.option("--signature", metavar="NAME", help="Your name under the reply.")
@click.option("--agenda", metavar="A;B;C", help="Three agenda points for a shorter meeting.")
@click.option(
    "--brief",
    "briefs",
    multiple=True,
    metavar="FIELD=TEXT",
    help=f"For the briefing: {', '.join(BRIEF_FIELDS)}.",
)
@click.option(
    "--move-days",
    type=click.IntRange(1, 60),
    default=7,
    show_default=True,
    help="For move: propose the same time this many days later.",
)
@click.option(
    "--say-why/--no-say-why",
    "say_why",
    default=None,
    help="Say the reason in the reply (default: for ill, emergency and conflict; never dislike).",
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default=DEFAULT_SCOPE,
    show_default=True,
    help="For a series: answer about its first meeting only, or the whole series.",
)
@tenant_option
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: one object, or one line per file."
)
@click.pass_context
def triage_command(
    ctx: click.Context,
    files: tuple[str, ...],
    me: str | None,
    reason: str,
    strategy: str | None,
    locale: str | None,
    tone: str,
    zone: str | None,
    minutes: int,
    note: str,
    call: str | None,
    signature: str | None,
    agenda: str | None,
    briefs: tuple[str, ...],
    move_days: int,
    say_why: bool | None,
    scope: str,
    tenant: str | None,
    as_json: bool,
) -> None:
    """Triage the invites in FILES (.ics or .eml; - reads stdin).

    With several files, each gets its own result (with --json, one line each, naming the
    file); a file that cannot be read gets one line on stderr and the rest go on (exit 2)."""
    app = _app(ctx)
    if locale is not None:
        _check_locale(locale)
    config = settings(app)
    tz = _zone(zone or config.tz)
    ask = Ask(
        me=me or config.me or None,
        reason=parse_reason(reason),
        strategy=cast(Strategy | None, strategy),  # click.Choice has checked it
        voice=Voice(
            locale=locale or DEFAULT_LANG, tone=cast(Tone, tone), tz=tz, signature=signature or ""
        ),
        minutes=minutes,
        note=note,
        call=call,
        agenda=tuple(p.strip() for p in (agenda or "").split(";") if p.strip()),
        brief=_brief(briefs),
        scope=cast(Scope, scope),  # click.Choice has checked it
        say_why=say_why,
        move_days=move_days,
    )
    if len(files) == 1:
        outcome, lang = _triage_file(app, files[0], ask, tz, tenant, locale)
        if as_json:
            click.echo(json.dumps(outcome_json(outcome, lang), ensure_ascii=False, indent=2))
        else:
            click.echo(summary_text(outcome, lang), nl=False)
        return
    refused = 0
    for file in files:
        try:
            outcome, lang = _triage_file(app, file, ask, tz, tenant, locale)
        except (RaincheckError, OSError) as error:
            refused += 1
            reason = error.message if isinstance(error, RaincheckError) else _os_error(error)
            click.echo(f"raincheck: {file}: {' '.join(reason.split())}", err=True)
            continue
        if as_json:
            line = {"file": file, **outcome_json(outcome, lang)}
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            click.echo(f"== {file}\n{summary_text(outcome, lang)}")
    if refused:
        sys.exit(2)


def _triage_file(
    app: Flask, file: str, ask: Ask, tz: ZoneInfo | None, tenant: str | None, locale: str | None
) -> tuple[Outcome, Lang]:
    """The outcome for one file, and the language to show it in: the one asked for, else the
    invite's own (a Swedish invite gets a Swedish reply), else English."""
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    invite = read_invite(data, floating_tz=tz) if tz else read_invite(data)
    if locale is None:
        detected = language_of(invite) or DEFAULT_LANG
        ask = replace(ask, voice=replace(ask.voice, locale=detected))
    with storage.store(app).session() as session:
        outcome = triage(Directory(session, _tenant(app, tenant)), invite, ask)
    return outcome, lang_of(ask.voice.locale)


def _os_error(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename}" if error.filename else str(error)


@cli.group("clients")
def clients() -> None:
    """The client directory."""


@clients.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@tenant_option
@click.pass_context
def clients_import(ctx: click.Context, file: str, tenant: str | None) -> None:
    """Import clients from a CSV file (all rows or none)."""
    app = _app(ctx)
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    records = read_csv(data)
    with storage.store(app).session() as session:
        report = Directory(session, _tenant(app, tenant)).import_records(records)
    click.echo(_import_line(report))
    for warning in report.warnings:
        click.echo(f"raincheck: warning: {warning}", err=True)


@clients.command("export")
@tenant_option
@click.pass_context
def clients_export(ctx: click.Context, tenant: str | None) -> None:
    """Write the directory as CSV to standard output."""
    app = _app(ctx)
    with storage.store(app).session() as session:
        records = Directory(session, _tenant(app, tenant)).clients()
    click.echo(write_csv(records), nl=False)


@clients.command("list")
@tenant_option
@click.pass_context
def clients_list(ctx: click.Context, tenant: str | None) -> None:
    """List clients with their weight."""
    app = _app(ctx)
    with storage.store(app).session() as session:
        directory = Directory(session, _tenant(app, tenant))
        records, book = directory.clients(), directory.book_totals()
    if not records:
        click.echo(f"no clients in tenant {_tenant(app, tenant)!r}")
        return
    rows = [("NAME", "TIER", "WEIGHT", "SHARE", "REVENUE", "ACCOUNT MANAGER", "DOMAINS")]
    for r in records:
        share = revenue_share(r, book)
        rows.append(
            (
                r.name,
                r.tier,
                weight_of(r.tier, share),
                f"{share:.0%}" if share is not None else "-",
                f"{format_amount(r.annual_revenue)} {r.currency or ''}".strip() or "-",
                r.account_manager or "-",
                ";".join(r.domains) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


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
def manifests(
    base_url: str, folder: str, microsoft_client_id: str | None, addin_id: str | None
) -> None:
    """Write the add-on manifests for a deployment at BASE_URL."""
    from addon.manifests import write_manifests

    config = load_config()
    microsoft_client_id = microsoft_client_id or config.microsoft_client_id or None
    addin_id = addin_id or config.outlook_addin_id or None
    target = Path(folder)
    written = write_manifests(
        base_url, target, microsoft_client_id=microsoft_client_id, addin_id=addin_id
    )
    for path in written:
        click.echo(f"wrote {path}")
    if not microsoft_client_id:
        click.echo(
            "note: no Microsoft client id given, so the Outlook manifests ask for no single "
            "sign-on; pass --microsoft-client-id to add it",
            err=True,
        )


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the backend with Flask's server (for trying it out; use a WSGI server behind HTTPS
    in production)."""
    app = _app(ctx)
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
    from addon.workbench.resources import load_demo

    if host not in ("127.0.0.1", "localhost"):
        # It hands out tokens its own verifiers accept to anyone who can reach it.
        raise UsageError("the workbench listens on this machine only (127.0.0.1)")
    port = _free_port(host, port)
    url = f"http://{host}:{port}"
    # The workbench is development mode by definition, and calls itself at this address.
    config = Config.from_environ(os.environ).replace(env=DEVELOPMENT, public_url=url)
    app = create_app(config)
    storage.store(app).upgrade()
    load_demo(app)
    click.echo(f"Raincheck workbench: open {url}/ in your browser (Ctrl+C stops it)")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def _free_port(host: str, first: int) -> int:
    for port in range(first, min(first + 20, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise UsageError(f"no free port on {host} from {first} to {first + 19}")


@cli.command("demo")
@click.option("--locale", default=None, help="Only this language (default: English and Swedish).")
@click.pass_context
def demo(ctx: click.Context, locale: str | None) -> None:
    """Load the demo directory and triage the bundled sample invites."""
    from addon.demo import run_demo

    app = _app(ctx)
    langs: list[Lang] = [_check_locale(locale)] if locale else list(LANGS)
    click.echo(run_demo(storage.store(app), langs), nl=False)


def _import_line(report: ImportReport) -> str:
    total = len(report.created) + len(report.updated) + len(report.unchanged)
    return (
        f"imported {total} clients: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


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


def _brief(values: tuple[str, ...]) -> BriefingNotes:
    fields: dict[BriefField, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        key = member(BRIEF_FIELDS, name.strip().lower())
        if not sep or key is None:
            raise UsageError(
                f"--brief takes FIELD=TEXT with FIELD one of {', '.join(BRIEF_FIELDS)}"
            )
        fields[key] = (fields[key] + "\n" + text) if key in fields else text
    return BriefingNotes(fields)
