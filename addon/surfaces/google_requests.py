"""What every Google endpoint does first: verify the request, read the event object."""

from __future__ import annotations

from flask import current_app, request

from addon.errors import AuthError
from addon.google.events import EventObject, parse_event
from addon.google.resources import google
from addon.google.verify import GoogleUser


def verified_event() -> tuple[EventObject, GoogleUser]:
    """The event object of a request Google signed for us, and the user it is for. A request
    that fails any check is refused with 401 (by the app's error handler), never answered
    with a card."""
    g = google()
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("no Bearer token")
        g.verifier.system_token(token.strip(), g.audience(request.path))
        ev = parse_event(request.get_json(silent=True))
        user = g.verifier.user_token(ev.user_id_token)
    except AuthError as error:
        current_app.logger.warning("refused a Google request to %s: %s", request.path, error)
        raise
    return ev, user
