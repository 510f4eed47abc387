"""A stand-in for Google on loopback: the certificates endpoint, the Gmail API and the Calendar
API, served over a real socket. It keeps the messages and events it serves and records every
request and every draft created; tests can make any call fail or hang."""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort, jsonify, request

from addon.workbench.mailbox import as_email, b64url, gmail_resource


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    body: Any = None


@dataclass
class GoogleStandIn:
    certs: dict[str, str] = field(default_factory=dict)
    certs_max_age: int = 3600
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: dict[tuple[str, str], bytes] = field(default_factory=dict)
    events: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    drafts: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    failures: dict[str, int | str] = field(default_factory=dict)  # path prefix -> status|"hang"
    url: str = ""
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def add_eml(self, message_id: str, thread_id: str, raw: bytes) -> None:
        """Serve an .eml (or an .ics, wrapped in the simplest invite email) as the Gmail API
        serves a message, with the workbench's own rendering of the API's format."""
        resource, attachments = gmail_resource(message_id, thread_id, as_email(raw))
        self.messages[message_id] = resource
        for attachment_id, data in attachments.items():
            self.attachments[(message_id, attachment_id)] = data

    def add_event(self, calendar_id: str, event_id: str, event: dict[str, Any]) -> None:
        self.events[(calendar_id, event_id)] = event

    def calls(self, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def app(self) -> Flask:
        app = Flask("google-stand-in")

        @app.before_request
        def record_and_fail() -> Any:
            self.requests.append(
                Recorded(request.method, request.path, dict(request.headers),
                         dict(request.args), request.get_json(silent=True))
            )  # fmt: skip
            for prefix, failure in self.failures.items():
                if request.path.startswith(prefix):
                    if failure == "hang":
                        time.sleep(3)
                        return jsonify(error="too late"), 200
                    return jsonify(error={"code": failure}), int(failure)
            return None

        @app.get("/oauth2/v1/certs")
        def certs() -> Any:
            response = jsonify(self.certs)
            response.headers["Cache-Control"] = f"public, max-age={self.certs_max_age}"
            return response

        @app.get("/gmail/v1/users/me/messages/<message_id>")
        def message(message_id: str) -> Any:
            _require_gmail_tokens()
            if request.args.get("format") != "full":
                abort(400)
            if message_id not in self.messages:
                abort(404)
            return jsonify(self.messages[message_id])

        @app.get("/gmail/v1/users/me/messages/<message_id>/attachments/<attachment_id>")
        def attachment(message_id: str, attachment_id: str) -> Any:
            _require_gmail_tokens()
            data = self.attachments.get((message_id, attachment_id))
            if data is None:
                abort(404)
            return jsonify({"size": len(data), "data": b64url(data)})

        @app.post("/gmail/v1/users/me/drafts")
        def create_draft() -> Any:
            _require_gmail_tokens()
            body = request.get_json()
            message = body["message"]
            raw = base64.urlsafe_b64decode(message["raw"] + "=" * (-len(message["raw"]) % 4))
            n = next(self._ids)
            thread = message.get("threadId") or f"new-thread-{n}"
            self.drafts.append({"id": f"r-{n}", "threadId": message.get("threadId"), "raw": raw,
                                "parsed": email.message_from_bytes(raw, policy=email.policy.default)})  # fmt: skip
            return jsonify({"id": f"r-{n}", "message": {"id": f"m-{n}", "threadId": thread}})

        @app.get("/calendar/v3/calendars/<calendar_id>/events/<event_id>")
        def event(calendar_id: str, event_id: str) -> Any:
            if not request.headers.get("Authorization", "").startswith("Bearer "):
                abort(401)
            found = self.events.get((calendar_id, event_id))
            if found is None:
                abort(404)
            return jsonify(found)

        return app


def _require_gmail_tokens() -> None:
    # Gmail needs both the user's OAuth token and the add-on's per-message token.
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        abort(401)
    if not request.headers.get("X-Goog-Gmail-Access-Token"):
        abort(403)
