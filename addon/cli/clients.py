"""``raincheck clients import|export|list|history``: the client directory as CSV, and who
changed what in it."""

from __future__ import annotations

import getpass
import json
import sys

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from addon.cli import context
from addon.cli.base import cli, read_input, say, tenant_option
from addon.directory.csvfile import MAX_BYTES, format_amount, read_csv, write_csv
from addon.directory.models import Client
from addon.directory.repository import Directory, ImportReport
from addon.text import printable
from addon.triage.weigh import revenue_share, weight_of


@cli.group("clients")
def clients() -> None:
    """The client directory."""


@clients.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@tenant_option
@click.pass_context
def clients_import(ctx: click.Context, file: str, tenant: str | None) -> None:
    """Import clients from a CSV file (all rows or none)."""
    store = context.store(ctx)  # the settings and the store, not the app (context.py)
    data = read_input(file, MAX_BYTES, "a client directory")
    records = read_csv(data)
    with store.session() as session:
        directory = Directory(session, context.tenant(ctx, tenant))
        report = directory.import_records(records, by=_who(ctx))
    say(_import_line(report))
    for warning in report.warnings:
        say(f"raincheck: warning: {warning}", err=True)


@clients.command("export")
@tenant_option
@click.pass_context
def clients_export(ctx: click.Context, tenant: str | None) -> None:
    """Write the directory as CSV to standard output."""
    with context.store(ctx).read() as session:
        records = Directory(session, context.tenant(ctx, tenant)).clients()
        if not records:
            say(_nobody(session, context.tenant(ctx, tenant)), err=True)
    exported = write_csv(records)
    if sys.stdout.isatty():
        # A person reads it: a client's name cannot retitle or clear the terminal. (Escape
        # sequences are removed, as everywhere the command line prints for a person.)
        click.echo(printable(exported), nl=False)
    else:
        # A file or a pipe gets exact data, what an import reads back; color=True keeps click
        # from stripping what looks like a colour code out of a name.
        click.echo(exported, nl=False, color=True)


@clients.command("list")
@tenant_option
@click.pass_context
def clients_list(ctx: click.Context, tenant: str | None) -> None:
    """List clients with their weight."""
    with context.store(ctx).read() as session:
        directory = Directory(session, context.tenant(ctx, tenant))
        records, book = directory.clients(), directory.book_totals()
        if not records:
            say(_nobody(session, context.tenant(ctx, tenant)))
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
        say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@clients.command("history")
@click.option("--client", metavar="NAME", help="Only this client's changes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change.")
@tenant_option
@click.pass_context
def clients_history(
    ctx: click.Context, client: str | None, as_json: bool, tenant: str | None
) -> None:
    """Every change to the clients, oldest first: when, who, which client, before and after."""
    with context.store(ctx).read() as session:
        changes = Directory(session, context.tenant(ctx, tenant)).history(client)
    for change in changes:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "at": change.at.isoformat(),
                        "by": change.by,
                        "client": change.client,
                        "action": change.action,
                        "before": change.before,
                        "after": change.after,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        fields = [
            f"{name}: {_shown(change.before.get(name))} -> {_shown(value)}"
            if name in change.before
            else f"{name}: {_shown(value)}"
            for name, value in change.after.items()
        ]
        when = change.at.strftime("%Y-%m-%d %H:%M UTC")
        say(f"{when}  {change.by}  {change.action} {change.client}: {'; '.join(fields)}")
    if not changes and not as_json:
        say("no changes recorded" + (f" for {client}" if client else ""))


def _shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _who(ctx: click.Context) -> str:
    """Who runs an import: the configured address, else the account on this machine."""
    me = context.settings(ctx).me
    if me:
        return me
    try:
        return f"{getpass.getuser()} (command line)"
    except (OSError, KeyError):
        return "command line"


def _import_line(report: ImportReport) -> str:
    total = len(report.created) + len(report.updated) + len(report.unchanged)
    return (
        f"imported {total} clients: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


def _nobody(session: Session, tenant: str) -> str:
    """An empty directory, and where the clients are: the workbench keeps its own directory
    (tenant "lumen.example") and the demo its own ("demo"), and a new user asking for the
    default tenant's finds none."""
    others = session.execute(
        select(Client.tenant, func.count())
        .where(Client.tenant != tenant)
        .group_by(Client.tenant)
        .order_by(Client.tenant)
    ).all()
    line = f"no clients in tenant {tenant!r}"
    if others:
        found = ", ".join(f"{name!r} ({count})" for name, count in others)
        line += f"; this database has clients in {found}: choose one with --tenant"
    return line
