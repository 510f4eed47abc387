"""The Gmail add-on's endpoints (Google Workspace add-on, HTTP runtime)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from addon.google.resources import google
from addon.surfaces.google_requests import verified_event

bp = Blueprint("gmail", __name__, url_prefix="/gmail")


@bp.post("/home")
def home() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["gmail"].homepage(ev, user))


@bp.post("/message")
def message() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["gmail"].opened(ev, user))


@bp.post("/compose")
def compose() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["gmail"].compose(ev, user))


@bp.post("/action")
def action() -> ResponseReturnValue:
    ev, user = verified_event()
    return jsonify(google().addons["gmail"].act(ev, user))
