"""The Google Calendar add-on's endpoints: the same cards, for the event that is open."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from addon.google.resources import google
from addon.surfaces.google_requests import verified_event

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.post("/home")
def home() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["calendar"].homepage(ev, user))


@bp.post("/event")
def event() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["calendar"].opened(ev, user))


@bp.post("/action")
def action() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["calendar"].act(ev, user))
