"""``raincheck triage FILE...``: triage invites from files, as JSON or a summary."""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import click

from addon import strategies
from addon.cli import batch, context
from addon.cli.answers import answer_output, recognised
from addon.cli.base import (
    _check_locale,
    _debug,
    _os_error,
    _zone,
    cli,
    machine_zone,
    read_input,
    say,
    tenant_option,
)
from addon.cli.run import _first_line, _from_the_database
from addon.config import email_address
from addon.directory.repository import Directory
from addon.errors import InviteError, RaincheckError, UsageError
from addon.i18n import DEFAULT_LANG, LANGS, Lang, lang_of
from addon.invite.language import language_of
from addon.invite.mime import MAX_BYTES
from addon.invite.reader import read_invite
from addon.triage.answer import Answer
from addon.triage.report import outcome_json, summary_text
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome, triage
from addon.vocabulary import (
    BRIEF_FIELDS,
    DEFAULT_MINUTES,
    DEFAULT_MOVE_DAYS,
    DEFAULT_REASON,
    DEFAULT_SCOPE,
    DEFAULT_TONE,
    MINUTES_RANGE,
    MOVE_DAYS_RANGE,
    REASONS,
    SCOPES,
    TONES,
    BriefField,
    member,
)
from addon.writing.briefing import BriefingNotes


@cli.command("triage")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--me",
    metavar="EMAIL",
    callback=lambda _ctx, _param, value: _email(value),
    help="Your address (default: RAINCHECK_ME, else the first attendee who is not the organizer).",
)
@click.option("--reason", type=click.Choice(REASONS), default=DEFAULT_REASON, show_default=True)
@click.option(
    "--strategy",
    type=click.Choice(strategies.IDS),
    help="Write this reply (default: the best offered strategy other than keep).",
)
@click.option(
    "--locale",
    default=None,
    help=f"{', '.join(LANGS[:-1])} or {LANGS[-1]}, or a tag with a region like en-GB "
    f"(default: the invite's language when it is one of these, else {LANGS[0]}).",
)
@click.option("--tone", type=click.Choice(TONES), default=DEFAULT_TONE, show_default=True)
@click.option(
    "--tz",
    "zone",
    metavar="ZONE",
    help="Your time zone, for everything printed and the times you propose (default: "
    "RAINCHECK_TZ, else this machine's zone).",
)
@click.option(
    "--minutes",
    type=click.IntRange(*MINUTES_RANGE),
    default=DEFAULT_MINUTES,
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
    type=click.IntRange(*MOVE_DAYS_RANGE),
    default=DEFAULT_MOVE_DAYS,
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
    "--ahead",
    is_flag=True,
    help="Move each invite by whole weeks so that its meeting is still to come, as the demo "
    "does: for trying Raincheck on an example whose date has passed.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: one object, or one line per file."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help=f"Processes for many files (default: one per core, at most {batch.MAX_WORKERS}, for "
    f"{batch.FILES_PER_WORKER} files or more each).",
)
@click.pass_context
def triage_command(
    ctx: click.Context,
    /,
    files: tuple[str, ...],
    me: str | None,
    zone: str | None,
    tenant: str | None,
    ahead: bool,
    as_json: bool,
    jobs: int | None,
    **options: Any,
) -> None:
    """Triage the invites in FILES (.ics or .eml; - reads stdin).

    With several files, each gets its own result, in the files' order (with --json, one line
    each, naming the file); a file that cannot be read, or that meets a bug of ours, gets one
    line on stderr naming it, and the rest go on (exit 2)."""
    # The settings and the store only: no app, so no Flask, no hosts' modules (context.py).
    config = context.settings(ctx)
    context.store(ctx)  # a database URL that cannot be used is said once, before any file
    context.keep_compiled_templates(ctx)
    if options["locale"] is not None:
        _check_locale(options["locale"])
    tz = _zone(zone or config.tz) or machine_zone()
    request = _request(options, tz)
    me = me or config.me or None
    locale = options["locale"]
    single = len(files) == 1

    def output(file: str) -> str:
        """What the command prints for ``file``; raises what stops it."""
        try:
            outcome, lang = _triage_file(ctx, file, request, me, tenant, locale, ahead=ahead)
        except InviteError as error:
            if locale is not None:
                raise InviteError(_in_language(error, lang_of(locale)), kind=error.kind) from None
            raise
        if isinstance(outcome, Answer):
            place = None if single else file
            return answer_output(outcome, lang, tz, locale=locale, as_json=as_json, file=place)
        if as_json:
            fields = outcome_json(outcome, lang)
            if single:
                return json.dumps(fields, ensure_ascii=False, indent=2)
            return json.dumps({"file": file, **fields}, ensure_ascii=False)
        return summary_text(outcome, lang, tz)

    if single:
        _one_file(files[0], output, as_json)
        return
    refused = 0
    workers = batch.workers_for(len(files), jobs)
    store = context.store(ctx)
    if workers > 1:
        store.upgrade()  # the schema checked (or migrated) once, not by every worker at once
    each = batch.results(files, lambda f: _result(f, output), workers, store.renew_connections)
    for result in each:
        if result.stop:  # a worker met the database failing: read here, where it may raise
            result = _result(result.file, output)
        if result.refusal is not None:
            refused += 1
            if result.trace:
                click.echo(result.trace, err=True, nl=False)
            say(result.refusal, err=True)
        elif as_json:
            click.echo(result.text)
        else:
            say(f"== {result.file}\n{result.text}")
    if refused:
        sys.exit(2)


def _one_file(file: str, output: Callable[[str], str], as_json: bool) -> None:
    """One file: a refusal needs no name (addon.cli prints it, and exits 2); a bug of ours is
    named with the file, as in a batch."""
    result = _result(file, output, refusals=False)
    if result.refusal is not None:
        if result.trace:
            click.echo(result.trace, err=True, nl=False)
        say(result.refusal, err=True)
        sys.exit(2)
    if as_json:
        click.echo(result.text)
    else:
        say(result.text or "", nl=False)


def _result(file: str, output: Callable[[str], str], *, refusals: bool = True) -> batch.Result:
    """One file's output, or the line that says why it has none. What fails every file alike,
    the database, stops the command (addon.cli says it once): in a worker process it is handed
    back as ``stop``, for the command to read the file again itself. ``refusals``: a file that
    cannot be read is said as one line for the file (else raised, for a single file)."""
    try:
        return batch.Result(file, text=output(file))
    except (RaincheckError, OSError) as error:
        if not refusals:
            raise
        reason = error.message if isinstance(error, RaincheckError) else _os_error(error)
        return batch.Result(file, refusal=f"raincheck: {file}: {' '.join(reason.split())}")
    except Exception as error:
        if _from_the_database(error):
            if batch.in_worker():
                return batch.Result(file, stop=True)
            raise
        # A bug of ours met by this file: it is reported for this file, and every other
        # file still gets its result.
        return batch.Result(
            file,
            refusal=f"raincheck: {file}: a bug in Raincheck: unexpected "
            f"{type(error).__name__}: {_first_line(error)} (set RAINCHECK_DEBUG=1 for details)",
            trace=traceback.format_exc() if _debug() else None,
        )


def _request(options: dict[str, Any], tz: ZoneInfo | None) -> ReplyRequest:
    """The reply asked for on the command line; click has checked every choice and range."""
    return ReplyRequest(
        strategy=options["strategy"],
        reason=options["reason"],
        say_why=options["say_why"],
        scope=options["scope"],
        minutes=options["minutes"],
        move_days=options["move_days"],
        call=options["call"] or "",
        note=options["note"],
        agenda=tuple(p.strip() for p in (options["agenda"] or "").split(";") if p.strip()),
        brief=_brief(options["briefs"]),
        tone=options["tone"],
        locale=options["locale"] or DEFAULT_LANG,
        zone=tz,
        signature=options["signature"] or "",
    )


def _triage_file(
    ctx: click.Context,
    file: str,
    request: ReplyRequest,
    me: str | None,
    tenant: str | None,
    locale: str | None,
    *,
    ahead: bool = False,
) -> tuple[Outcome | Answer, Lang]:
    """The outcome for one file (or the organizer's answer it is to the user's proposal), and
    the language to show it in: the one asked for, else the invite's own (a Swedish invite
    gets a Swedish reply), else English."""
    data = read_input(file, MAX_BYTES, "an invite")  # the invite's limit, not a request body's
    tz = request.zone
    if ahead:
        from addon.demo import ahead_of  # only for trying examples: not every triage's import

        data = ahead_of(data, dt.datetime.now(tz or dt.UTC).date())
    invite = read_invite(data, floating_tz=tz) if tz else read_invite(data)
    if locale is None:
        request = replace(request, locale=language_of(invite) or DEFAULT_LANG)
    answer = recognised(context.store(ctx), context.tenant(ctx, tenant), invite, me)
    if answer is not None:  # the organizer's answer to the user's proposal, not a new meeting
        return answer, request.lang
    with context.store(ctx).read() as session:
        outcome = triage(Directory(session, context.tenant(ctx, tenant)), invite, request, me=me)
    return outcome, request.lang


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return email_address(value) or None
    except ValueError:
        raise UsageError(
            f"--me must be an email address like anna@example.com, not {value!r}"
        ) from None


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


def _in_language(error: InviteError, lang: Lang) -> str:
    """A refused invite in the language asked for: the problem as a card says it, then the
    reader's technical detail (iCalendar's names, kept as they are)."""
    from addon.invite.problems import INVITE_PROBLEMS

    problem = INVITE_PROBLEMS.get(error.kind)
    if lang == DEFAULT_LANG or problem is None:
        return error.message
    return f"{problem.render(lang)} ({error.message})"
