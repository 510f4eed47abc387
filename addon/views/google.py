"""The Gmail and Google Calendar add-on's endpoints (Google Workspace add-on, HTTP runtime):
one blueprint per host from one factory, as the two differ only in their triggers.

Every request is verified before its view runs (``verify_google``); each view hands the event
to the host's actions and answers what they return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from addon.google.actions import GoogleActions
from addon.google.request import EventObject
from addon.google.resources import google
from addon.google.verify import GoogleUser
from addon.hosts import Host
from addon.views.auth import google_call, verify_google

Trigger = Callable[[GoogleActions, EventObject, GoogleUser], dict[str, Any]]
# The path of each trigger under /<host>/, and what the host's actions do for it.
TRIGGERS: dict[Host, dict[str, Trigger]] = {
    Host.GMAIL: {
        "home": GoogleActions.homepage,
        "message": GoogleActions.opened,
        "compose": GoogleActions.compose,
        "action": GoogleActions.act,
    },
    Host.CALENDAR: {
        "home": GoogleActions.homepage,
        "event": GoogleActions.opened,
        "action": GoogleActions.act,
    },
}


def google_blueprint(host: Host) -> Blueprint:
    bp = Blueprint(host, __name__, url_prefix=f"/{host}")
    bp.before_request(verify_google)
    for path, trigger in TRIGGERS[host].items():
        bp.add_url_rule(f"/{path}", path, _view(host, trigger), methods=["POST"])
    return bp


def paths(host: Host) -> tuple[str, ...]:
    """The URLs Google calls for ``host``, each the audience of its system ID token."""
    return tuple(f"/{host}/{path}" for path in TRIGGERS[host])


def _view(host: Host, trigger: Trigger) -> Callable[[], ResponseReturnValue]:
    def view() -> ResponseReturnValue:
        call = google_call()
        return jsonify(trigger(google().actions[host], call.event, call.user))

    return view


gmail = google_blueprint(Host.GMAIL)
calendar = google_blueprint(Host.CALENDAR)
