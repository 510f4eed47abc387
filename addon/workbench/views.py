"""The workbench's page and its own small API (development only): open a sample or uploaded
invite in both hosts (in Gmail, or as the event in Google Calendar, and in Outlook) as whoever
the user says they are, load the user's own client list, give
the simulated Office.js its item and token, record the forms the Outlook pane opens, and list
and download every draft.

Whatever address the user gives, they join the workbench's one organisation (``ORGANISATION``)
on both hosts, so the fictional clients, their own and every tier set in either host are
one directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from addon.config import email_address
from addon.demo import samples
from addon.directory import csvfile
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.users import Users
from addon.errors import InviteError, UsageError
from addon.hosts import Host
from addon.i18n import DEFAULT_LANG, LANGS, LANGUAGES, lang_of
from addon.invite.mime import MAX_BYTES
from addon.invite.reader import read_invite
from addon.manifests.google import google_deployment
from addon.outlook.resources import outlook
from addon.storage import store
from addon.views.auth import request_json
from addon.views.google import paths
from addon.workbench.outlook_forms import outlook_draft
from addon.workbench.resources import ORGANISATION, Workbench, workbench
from addon.workbench.standins import organizer
from addon.workbench.standins.calendar_events import event_resource
from addon.workbench.standins.google import calendar_event_object
from addon.workbench.standins.mailbox import as_email
from addon.workbench.standins.office import office_item
from addon.workbench.uploads import limit_words, upload_problem

bp = Blueprint("workbench", __name__, static_folder="static", static_url_path="/workbench/static")
LOOPBACK = frozenset({"127.0.0.1", "::1"})
USERS = (
    ("anna@lumen.example", "Anna Berg, account manager"),
    ("david@lumen.example", "David Ek, designer"),
)


@bp.before_request
def this_machine_only() -> None:
    """The workbench hands out tokens its own verifiers accept: never to another machine,
    however the server was started."""
    if request.remote_addr not in LOOPBACK:
        abort(403)


@bp.get("/")
def index() -> ResponseReturnValue:
    # Each language named in its own words, as language pickers do.
    languages = [(code, LANGUAGES[code].name.render(code)) for code in LANGS]
    return render_template(
        "workbench/index.html",
        samples=samples(),
        users=USERS,
        languages=languages,
        organisation=ORGANISATION,
    )


@bp.post("/workbench/api/open")
def open_invite() -> ResponseReturnValue:
    """Put an invite in the mailbox and in the user's Google calendar; answer what the Gmail
    card, the Calendar card and the pane need for it."""
    user = _user(request.form.get("user", ""))
    name = _name(user, request.form.get("name", ""))
    lang = lang_of(request.form.get("lang"))
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = _read(upload, MAX_BYTES)
        problem = upload_problem(upload.filename, data)
        if problem:
            raise UsageError(problem)
    else:
        chosen = next((s for s in samples() if s.file == request.form.get("sample")), None)
        if chosen is None:
            raise UsageError("choose one of the sample invites")
        # Dated to be still ahead, whatever the day: a meeting that took place offers nothing.
        data = chosen.read(workbench().clock().date())
    _consent(user, bool(request.form.get("calendar")))
    return _opened(data, user, name, lang)


def _opened(data: bytes, user: str, name: str, lang: str) -> ResponseReturnValue:
    """An email put in the mailbox (and, when it is an invite, in the user's Google calendar),
    answered with what the Gmail card, the Calendar card and the pane need to open it."""
    bench = workbench()
    message_id, thread_id = bench.mailbox.add_message(as_email(data))
    return jsonify(
        locale=LANGUAGES[lang].tag,
        messageId=message_id,
        threadId=thread_id,
        systemTokens={
            p: bench.key.google_system_token(bench.public_url + p)
            for host in (Host.GMAIL, Host.CALENDAR)
            for p in paths(host)
        },
        **_in_calendar(bench, data, user),
        userIdToken=bench.key.google_user_token(user, name, workspace=ORGANISATION),
        pane=url_for(
            "outlook.taskpane",
            message=message_id,
            user=user,
            name=name,
            lang=LANGUAGES[lang].tag,
            signin="refuse" if request.form.get("refuse_signin") else None,
        ),
    )


@bp.post("/workbench/api/answer")
def organizer_answers() -> ResponseReturnValue:
    """The organizer's answer to what the user proposed for an invite in the mailbox, as the
    stand-in organizer writes it (``standins.organizer``): accepted, declined, another time or
    cancelled. It lands in the mailbox and opens as any email does, so both hosts' cards, and
    then the homepage, show what became of the proposal."""
    bench = workbench()
    invite = bench.mailbox.raw.get(request.form.get("message", ""))
    if invite is None:
        abort(404)
    user = _user(request.form.get("user", ""))
    kind = request.form.get("answer", "")
    service: organizer.Service = "google" if request.form.get("service") == "google" else "exchange"
    counter = _counter(bench, invite)
    if kind == "accept" and counter is not None:
        data = organizer.accepts(invite, counter, service)
    elif kind == "decline":
        data = organizer.declines(invite, counter) if counter else organizer.keeps(invite, service)
    elif kind == "counter":
        start = read_invite(invite).start
        if not isinstance(start, dt.datetime):
            raise UsageError("the organizer suggests another time only for a timed meeting")
        later = start + dt.timedelta(days=1)
        data = organizer.counters(invite, later, later + dt.timedelta(hours=1), service)
    elif kind == "cancel":
        data = organizer.cancels(invite, service)
    elif kind == "accept":
        raise UsageError(
            "propose a time first (Make it shorter, or Move it): there is none to accept"
        )
    else:
        raise UsageError("answer with accept, decline, counter or cancel")
    lang = lang_of(request.form.get("lang"))
    return _opened(data, user, _name(user, request.form.get("name", "")), lang)


def _counter(bench: Workbench, invite: bytes) -> str | None:
    """The newest COUNTER among the drafts for this invite's meeting (same UID): the time the
    user proposed, which the organizer answers."""
    uid = read_invite(invite).uid
    for draft in reversed(bench.mailbox.drafts):
        for part in draft.parsed.walk():
            if part.get_content_type() != "text/calendar" or part.get_param("method") != "COUNTER":
                continue
            text = str(part.get_content())
            if read_invite(text.encode()).uid == uid:
                return text
    return None


def _in_calendar(bench: Workbench, data: bytes, user: str) -> dict[str, Any]:
    """The invite as an event in the user's Google calendar (its id there is the user's
    address, as Google names a primary calendar), and the ``calendar`` part of the event object
    Google sends when the user opens it; or why Calendar cannot hold it."""
    try:
        zone = ZoneInfo(request.form.get("zone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    try:
        # Floating times as the user's own calendar places them: in the browser's zone.
        event = event_resource(data, me=user, floating_tz=zone)
    except InviteError as error:
        return {"calendar": None, "calendarError": f"Google Calendar cannot hold it: {error}"}
    # Kept apart from the seeded "primary" calendar that "Read my calendar" counts from, so
    # the counts are the seeded calendar's whichever invite is open, in Gmail as in Calendar.
    # (In Google the two are one calendar, which also holds every invite Gmail received.)
    bench.google.add_event(user, event["id"], event)
    opened = calendar_event_object({**event, "calendarId": user}, _deployment(bench), None)
    return {"calendar": {"calendarId": user, "eventId": event["id"], "event": opened}}


def _deployment(bench: Workbench) -> dict[str, Any]:
    """The deployment Raincheck would have at the workbench's address. Google deploys https
    URLs only; the workbench's loopback http address stands for one here, where only the
    deployment's access level and scopes are read."""
    return google_deployment("https://" + bench.public_url.partition("://")[2])


def _consent(user: str, calendar: bool) -> None:
    """The user's "Read my calendar", as the checkbox says; their other settings stay."""
    with store().session() as session:
        users = Users(session, ORGANISATION)
        settings = users.settings(user)
        if settings.use_calendar != calendar:
            users.save_settings(user, replace(settings, use_calendar=calendar))


@bp.get("/workbench/api/office")
def office() -> ResponseReturnValue:
    """What the simulated Office.js gives the pane (``static/office/office-sim.js``): the item,
    the mailbox and an access token; the forms it opens become drafts here."""
    bench = workbench()
    message_id = request.args.get("message", "")
    raw = bench.mailbox.raw.get(message_id)
    if raw is None:
        abort(404)
    user = _user(request.args.get("user", ""))
    name = _name(user, request.args.get("name", ""))
    return jsonify(
        host="Outlook",
        item=office_item(raw, message_id),
        address=user,
        language=request.args.get("lang") or LANGUAGES[DEFAULT_LANG].tag,
        tokens=[bench.key.microsoft_access_token(user, name)],
        asyncForms=True,
        keepForms=True,
        scripts=[url_for("workbench.static", filename="office/microsoft-ajax-sim.js")],
        # "Outlook refuses sign-in": the silent attempt and the prompt fail once each.
        tokenErrors=[13001, 13002] if request.args.get("signin") == "refuse" else [],
    )


@bp.post("/workbench/api/outlook-form")
def outlook_form() -> ResponseReturnValue:
    """A form the pane asked Outlook to open, kept as the draft Outlook would hold."""
    body = request_json()
    if not isinstance(body, dict):
        abort(400)
    bench = workbench()
    raw = bench.mailbox.raw.get(str(body.get("message", "")))
    if raw is None:
        abort(404)
    tickets = outlook().tickets
    me = _user(str(body.get("user", "")))
    eml = outlook_draft(
        str(body.get("call", "")),
        body.get("form") or {},
        me=me,
        name=_name(me, str(body.get("name", ""))),
        original=raw,
        calendar_file=lambda name: tickets.redeem(name.removesuffix(".ics")),
    )
    return jsonify(bench.mailbox.add_draft("Outlook", eml).summary())


@bp.get("/workbench/api/drafts")
def drafts() -> ResponseReturnValue:
    return jsonify([d.summary() for d in reversed(workbench().mailbox.drafts)])


@bp.get("/workbench/drafts/<draft_id>.eml")
def download(draft_id: str) -> ResponseReturnValue:
    draft = workbench().mailbox.draft(draft_id)
    if draft is None:
        abort(404)
    response = Response(draft.raw, mimetype="message/rfc822")
    response.headers["Content-Disposition"] = f'attachment; filename="{draft.id}.eml"'
    return response


@bp.post("/workbench/api/clients")
def clients() -> ResponseReturnValue:
    """The user's own client list (the CSV ``raincheck clients import`` takes), imported into
    the workbench's organisation: all rows or none, the same file twice changes nothing."""
    user = _user(request.form.get("user", ""))
    upload = request.files.get("clients")
    if upload is None or not upload.filename:
        raise UsageError("choose a client list (.csv)")
    data = _read(upload, csvfile.MAX_BYTES)
    if len(data) > csvfile.MAX_BYTES:
        limit = limit_words(csvfile.MAX_BYTES)
        raise UsageError(f"that client list is too large: it may be at most {limit}")
    records = read_csv(data)
    with store().session() as session:
        report = Directory(session, ORGANISATION).import_records(records, by=user)
    told = (
        f"Your clients are loaded: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )
    return jsonify(note=told, warnings=report.warnings)


def _read(upload: FileStorage, limit: int) -> bytes:
    """Up to one byte over ``limit``, enough to tell a file is too large. A large upload waits
    in a temporary file: closed here, not left to the garbage collector."""
    try:
        data: bytes = upload.read(limit + 1)
        return data
    finally:
        upload.close()


def _user(address: str) -> str:
    """Whoever the user says they are: any address (the sample users are only suggestions)."""
    try:
        return email_address(address) or _refuse()
    except ValueError:
        return _refuse()


def _refuse() -> str:
    raise UsageError("say who you are: your email address, like anna@lumen.example")


def _name(address: str, given: str = "") -> str:
    """The person's name as their own account gives it: what they typed, else a sample user's."""
    name = " ".join(given.split())[:100]
    return name or dict(USERS).get(address, "").partition(",")[0]
