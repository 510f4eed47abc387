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
from email.message import Message
from typing import Any

from flask import Flask, abort, jsonify, request


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
        """Serve an .eml file as the Gmail API serves a message (format=full): parts with a
        file name come as attachments to fetch, the others inline."""
        if raw.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
            raw = _as_email(raw)
        parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
        counter = itertools.count()
        payload = self._part(message_id, parsed, counter)
        self.messages[message_id] = {"id": message_id, "threadId": thread_id, "payload": payload}

    def add_event(self, calendar_id: str, event_id: str, event: dict[str, Any]) -> None:
        self.events[(calendar_id, event_id)] = event

    def calls(self, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def _part(self, message_id: str, part: Message, counter: Iterator[int]) -> dict[str, Any]:
        # The Gmail API gives header values unfolded.
        headers = [{"name": k, "value": " ".join(str(v).split())} for k, v in part.items()]
        out: dict[str, Any] = {
            "partId": str(next(counter)),
            "mimeType": part.get_content_type(),
            "filename": part.get_filename() or "",
            "headers": headers,
        }
        if part.is_multipart():
            out["body"] = {"size": 0}
            out["parts"] = [self._part(message_id, p, counter) for p in part.get_payload()]
            return out
        data = part.get_payload(decode=True) or b""
        if out["filename"]:
            attachment_id = f"att-{len(self.attachments) + 1}"
            self.attachments[(message_id, attachment_id)] = data
            out["body"] = {"size": len(data), "attachmentId": attachment_id}
        else:
            out["body"] = {"size": len(data), "data": _b64(data)}
        return out

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
            return jsonify({"size": len(data), "data": _b64(data)})

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


def _as_email(ics: bytes) -> bytes:
    """An .ics file as the simplest invite email: one text/calendar part."""
    message = email.message.EmailMessage()
    message["Subject"] = "Invitation"
    message["Message-ID"] = "<wrapped@test.example>"
    message.set_content(ics.decode("utf-8"), subtype="calendar", params={"method": "REQUEST"})
    return message.as_bytes()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
