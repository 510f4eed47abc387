"""Google and Microsoft as the workbench's app sees them: Google's certificates and Microsoft's
signing keys (both the development key), and the Gmail API calls Raincheck makes, answered
from the in-memory mailbox. It runs in process, behind ``WSGIAdapter``."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Flask, abort, jsonify, request

from addon.workbench.devkey import DevKey
from addon.workbench.mailbox import Mailbox, b64url

CERTS_PATH = "/oauth2/v1/certs"
JWKS_PATH = "/common/discovery/v2.0/keys"


def stand_in(key: DevKey, mailbox: Mailbox) -> Flask:
    app = Flask("raincheck-workbench-stand-in")

    @app.get(CERTS_PATH)
    def certs() -> Any:
        return jsonify({key.kid: key.cert_pem})

    @app.get(JWKS_PATH)
    def jwks() -> Any:
        return jsonify({"keys": [key.jwk]})

    @app.get("/gmail/v1/users/me/messages/<message_id>")
    def message(message_id: str) -> Any:
        _require_tokens()
        found = mailbox.messages.get(message_id)
        if found is None:
            abort(404)
        return jsonify(found)

    @app.get("/gmail/v1/users/me/messages/<message_id>/attachments/<attachment_id>")
    def attachment(message_id: str, attachment_id: str) -> Any:
        _require_tokens()
        data = mailbox.attachments.get((message_id, attachment_id))
        if data is None:
            abort(404)
        return jsonify({"size": len(data), "data": b64url(data)})

    @app.post("/gmail/v1/users/me/drafts")
    def create_draft() -> Any:
        _require_tokens()
        body = request.get_json(silent=True) or {}
        message = body.get("message") or {}
        try:
            encoded = str(message["raw"])
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (KeyError, binascii.Error, ValueError):
            abort(400)
        draft = mailbox.add_draft("Gmail", raw)
        thread = message.get("threadId") or f"thread-{draft.id}"
        return jsonify({"id": draft.id, "message": {"id": f"m-{draft.id}", "threadId": thread}})

    return app


def _require_tokens() -> None:
    # As Gmail does: the user's OAuth token and the add-on's per-message token.
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        abort(401)
    if not request.headers.get("X-Goog-Gmail-Access-Token"):
        abort(403)
