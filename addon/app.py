"""The Flask application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from addon import storage
from addon.errors import RaincheckError
from addon.google import resources as google_resources
from addon.surfaces import calendar, gmail
from addon.writing.templating import TEMPLATES_DIR

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "TENANT": "local",  # the command line's tenant when none is given
    "ME": None,  # the command line's user address when none is given
    "TZ": None,  # the command line's reader time zone when none is given (else the invite's)
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "PUBLIC_URL": None,  # https://host where Google and Outlook reach us; audiences derive from it
    "GOOGLE_SERVICE_ACCOUNT": None,  # the add-on's service account (system ID token email)
    "GOOGLE_OAUTH_CLIENT_ID": None,  # the add-on's OAuth client id (user ID token audience)
    "GOOGLE_CERTS_URL": None,  # Google's ID token certificates (a stand-in in tests)
    "GMAIL_API_URL": None,
    "CALENDAR_API_URL": None,
    "HTTP_TIMEOUT": 10,  # seconds for each call to Google
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Configuration comes from ``RAINCHECK_*`` variables, or from
    ``test_config`` alone when given (so tests never see the developer's environment)."""
    config = dict(test_config or {})
    instance_path = config.pop("INSTANCE_PATH", None)
    if test_config is None:
        instance_path = os.environ.get("RAINCHECK_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("RAINCHECK")
    else:
        app.config.from_mapping(config)
    storage.init_app(app)
    google_resources.init_app(app)
    app.register_blueprint(gmail.bp)
    app.register_blueprint(calendar.bp)
    _register_errors(app)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return jsonify(status="ok", schema=storage.store(app).upgrade())

    return app


def _register_errors(app: Flask) -> None:
    """The one place where errors become responses: a message, never a stack trace."""

    @app.errorhandler(RaincheckError)
    def raincheck_error(error: RaincheckError) -> ResponseReturnValue:
        return jsonify(error=error.message), error.status_code

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        return jsonify(error=error.description), error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled error")
        return jsonify(error="Something went wrong on our side; please try again."), 500
