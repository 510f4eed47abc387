"""Google as Raincheck calls it: the ID token certificates, the Gmail API (messages.get with
format=full, attachments.get, drafts.create) and the Calendar API (events.get).

Messages and drafts live in a ``Mailbox``; events in a dict. Every request can be recorded, and
any path can be made to fail with a status or to hang, as tests need.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, abort, g, jsonify, request
from werkzeug.exceptions import HTTPException

from addon.workbench.standins.calendar import (
    EVENTS_SCOPES,
    FREE_BUSY_SCOPES,
    free_busy,
    list_events,
    partial,
)
from addon.workbench.standins.mailbox import Draft, Mailbox, b64url

CERTS_PATH = "/oauth2/v1/certs"
HANG_SECONDS = 3
SLOW_SECONDS = 0.25  # about what Gmail takes for messages.get across the internet


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    body: Any = None


@dataclass
class GoogleStandIn:
    certs: dict[str, str] = field(default_factory=dict)  # key id -> PEM certificate
    certs_max_age: int = 3600
    mailbox: Mailbox = field(default_factory=Mailbox)
    events: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    record: bool = True  # keep every request in ``requests`` (a long-running workbench does not)
    requests: list[Recorded] = field(default_factory=list)
    # Path prefix -> what every request there gets: a status, a reason Google sends (see
    # GOOGLE_ERRORS), "hang" (nothing done, no answer in time), "late" (done, no answer in
    # time) or "slow" (answered after SLOW_SECONDS); a list is used up one request at a time
    # (None: this one passes), then requests pass.
    failures: dict[str, Any] = field(default_factory=dict)
    # Seconds every calendar request waits before its answer (0: at once), as the real
    # services take: calendar reads are measured and bounded against it.
    calendar_latency: float = 0.0
    url: str = ""
    # events.list sends at most this many events per page, whatever maxResults asks: Google
    # documents that a page may hold fewer events than asked, or none, with more to come.
    events_page_cap: int = 2500
    # Calendar id -> the reason freeBusy.query reports in that calendar's ``errors``.
    free_busy_errors: dict[str, str] = field(default_factory=dict)
    # Bearer token -> the scopes its user granted. Under granular consent a user may grant
    # some of an add-on's scopes and not others; a token listed here gets Google's 403
    # ``insufficientPermissions`` from a method none of its scopes opens. Unlisted tokens hold
    # every scope.
    token_scopes: dict[str, frozenset[str]] = field(default_factory=dict)

    def add_eml(self, message_id: str, thread_id: str, raw: bytes) -> None:
        """Serve an .eml (or an .ics, wrapped in the simplest invite email) as a message."""
        self.mailbox.add_message(raw, message_id, thread_id)

    def add_event(self, calendar_id: str, event_id: str, event: dict[str, Any]) -> None:
        self.events[(calendar_id, event_id)] = {"id": event_id, **event}

    @property
    def drafts(self) -> list[Draft]:
        return [d for d in self.mailbox.drafts if d.host == "Gmail"]

    def calls(self, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def app(self) -> Flask:
        app = Flask("google-stand-in")
        mailbox = self.mailbox

        @app.before_request
        def record_and_fail() -> Any:
            if self.record:
                self.requests.append(
                    Recorded(request.method, request.path, dict(request.headers),
                             dict(request.args), request.get_json(silent=True))
                )  # fmt: skip
            for prefix, failure in self.failures.items():
                if request.path.startswith(prefix):
                    if isinstance(failure, list):
                        if not failure:
                            continue
                        failure = failure.pop(0)
                        if failure is None:  # this request passes; the next may not
                            continue
                    if failure == "hang":
                        time.sleep(HANG_SECONDS)
                        return jsonify(error="too late"), 200
                    if failure == "slow":  # answered, after a realistic wait
                        time.sleep(SLOW_SECONDS)
                        continue
                    if failure == "late":  # done, then answered after the caller gave up
                        g.late = True
                        return None
                    return google_error(failure)
            return None

        @app.after_request
        def answer_late(response: Response) -> Response:
            if g.get("late"):
                time.sleep(HANG_SECONDS)
            return response

        @app.errorhandler(HTTPException)
        def refused(error: HTTPException) -> Any:
            return google_error(error.code or 500)

        @app.get(CERTS_PATH)
        def certs() -> Any:
            response = jsonify(self.certs)
            response.headers["Cache-Control"] = f"public, max-age={self.certs_max_age}"
            return response

        @app.get("/gmail/v1/users/me/messages/<message_id>")
        def message(message_id: str) -> Any:
            _require_gmail_tokens()
            if request.args.get("format") != "full":
                abort(400)
            found = mailbox.messages.get(message_id)
            if found is None:
                abort(404)
            return jsonify(found)

        @app.get("/gmail/v1/users/me/messages/<message_id>/attachments/<attachment_id>")
        def attachment(message_id: str, attachment_id: str) -> Any:
            _require_gmail_tokens()
            data = mailbox.attachments.get((message_id, attachment_id))
            if data is None:
                abort(404)
            return jsonify({"size": len(data), "data": b64url(data)})

        @app.post("/gmail/v1/users/me/drafts")
        def create_draft() -> Any:
            _require_gmail_tokens()
            message = (request.get_json(silent=True) or {}).get("message") or {}
            try:
                encoded = str(message["raw"])
                raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except (KeyError, binascii.Error, ValueError):
                abort(400)
            thread = message.get("threadId")
            draft = mailbox.add_draft("Gmail", raw, thread)
            created = {"id": f"m-{draft.id}", "threadId": thread or f"thread-{draft.id}"}
            return jsonify({"id": draft.id, "message": created})

        @app.get("/calendar/v3/calendars/<calendar_id>/events")
        def events(calendar_id: str) -> Any:
            if refused := self._scope_refusal(EVENTS_SCOPES):
                return refused
            page = list_events(self, calendar_id, request.args)
            return jsonify(partial(page, request.args.get("fields")))

        @app.post("/calendar/v3/freeBusy")
        def query_free_busy() -> Any:
            if refused := self._scope_refusal(FREE_BUSY_SCOPES):
                return refused
            answer = free_busy(self, request.get_json(silent=True))
            if answer is None:
                return google_error("timeRangeEmpty")
            return jsonify(answer)

        @app.get("/calendar/v3/calendars/<calendar_id>/events/<event_id>")
        def event(calendar_id: str, event_id: str) -> Any:
            if refused := self._scope_refusal(EVENTS_SCOPES):
                return refused
            found = self.events.get((calendar_id, event_id))
            if found is None:
                abort(404)
            return jsonify(found)

        return app

    def _scope_refusal(self, accepted: frozenset[str]) -> Any:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            abort(401)
        granted = self.token_scopes.get(header.removeprefix("Bearer "))
        if granted is not None and not granted & accepted:
            return google_error("insufficientPermissions")
        return None


# Google's errors as its APIs send them (Gmail API "Resolve errors"; the API design guide's
# "Errors"): status, the canonical status name, and errors[] with domain and reason.
GOOGLE_ERRORS: dict[str, tuple[int, str, str, str]] = {
    # reason: (HTTP status, domain, status name, message)
    "rateLimitExceeded": (403, "usageLimits", "PERMISSION_DENIED", "Rate Limit Exceeded"),
    "userRateLimitExceeded": (403, "usageLimits", "PERMISSION_DENIED", "User Rate Limit Exceeded"),
    "dailyLimitExceeded": (403, "usageLimits", "PERMISSION_DENIED", "Daily Limit Exceeded"),
    "insufficientPermissions": (
        403,
        "global",
        "PERMISSION_DENIED",
        "Request had insufficient authentication scopes.",
    ),
    "tooManyRequests": (429, "usageLimits", "RESOURCE_EXHAUSTED", "Too many concurrent requests."),
    "backendError": (500, "global", "INTERNAL", "Backend Error"),
    # Calendar API "Handle API errors": timeMax not after timeMin.
    "timeRangeEmpty": (400, "calendar", "INVALID_ARGUMENT", "The specified time range is empty."),
}
_BY_STATUS = {
    400: ("badRequest", "INVALID_ARGUMENT", "Invalid value"),
    401: ("authError", "UNAUTHENTICATED", "Request had invalid authentication credentials."),
    403: ("forbidden", "PERMISSION_DENIED", "The caller does not have permission"),
    404: ("notFound", "NOT_FOUND", "Requested entity was not found."),
    429: ("rateLimitExceeded", "RESOURCE_EXHAUSTED", "Resource has been exhausted"),
    500: ("backendError", "INTERNAL", "Internal error encountered."),
    503: ("backendError", "UNAVAILABLE", "The service is currently unavailable."),
}


def google_error(failure: int | str) -> Any:
    """A refusal in Google's shape: a status (``503``), a reason (``"rateLimitExceeded"``), or
    ``"429:30"`` for a 429 with Retry-After: 30."""
    retry_after = None
    if isinstance(failure, str) and ":" in failure:
        failure, retry_after = failure.split(":", 1)
    if isinstance(failure, str) and failure in GOOGLE_ERRORS:
        status, domain, name, message = GOOGLE_ERRORS[failure]
        reason = failure
    else:
        status = int(failure)
        reason, name, message = _BY_STATUS.get(status, ("unknown", "UNKNOWN", "Unknown error"))
        domain = "usageLimits" if status == 429 else "global"
    body = {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
            "status": name,
        }
    }
    response = jsonify(body)
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = retry_after
    return response


_AUTH = "https://www.googleapis.com/auth/"
CALENDAR_EXECUTE = _AUTH + "calendar.addons.execute"
CURRENT_EVENT_READ = _AUTH + "calendar.addons.current.event.read"
# The Calendar event object by access level. METADATA "gives event triggers the permission to
# access the metadata of events, such as event ID and calendar ID"; READ adds "attendees, and
# conference data" (google.apps.script.type.calendar, EventAccess). Organizer and capabilities
# are counted with READ here: the docs do not place them, and the stricter reading keeps our
# code from relying on them. Title, times and description are in no level: events.get has them.
METADATA_FIELDS = ("id", "calendarId", "recurringEventId")
READ_FIELDS = ("organizer", "attendees", "conferenceData", "capabilities")


def calendar_event_object(
    event: Mapping[str, Any], deployment: Mapping[str, Any], granted: Iterable[str] | None
) -> dict[str, Any]:
    """The ``calendar`` of the event object Google sends when ``event`` is opened, given the
    deployment's ``currentEventAccess`` and ``oauthScopes`` and the scopes the user granted
    (None: all the deployment lists).

    "If set to READ or READ_WRITE, the add-on must have the calendar.addons.current.event.read
    scope" and without ``currentEventAccess`` "no event metadata is passed to the add-on"
    (developers.google.com/apps-script/manifest/calendar-addons); calendar.addons.execute is
    "required if the add-on accesses Calendar event metadata" (workspace-scopes). A deployment
    without what its level needs gets no event data at all; a user who did not grant the
    current-event scope gets the metadata only."""
    access = deployment.get("addOns", {}).get("calendar", {}).get("currentEventAccess")
    declared = set(deployment.get("oauthScopes", ()))
    have = declared if granted is None else declared & set(granted)
    if access not in ("METADATA", "READ", "WRITE", "READ_WRITE") or CALENDAR_EXECUTE not in have:
        return {}
    fields = list(METADATA_FIELDS)
    if access in ("READ", "READ_WRITE"):
        if CURRENT_EVENT_READ not in declared:
            return {}  # a deployment Google's reference calls invalid sends nothing
        if CURRENT_EVENT_READ in have:  # the user may untick it: then the metadata only
            fields += READ_FIELDS
    return {name: event[name] for name in fields if name in event}


def _require_gmail_tokens() -> None:
    # Gmail needs both the user's OAuth token and the add-on's per-message token.
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        abort(401)
    if not request.headers.get("X-Goog-Gmail-Access-Token"):
        abort(403)
