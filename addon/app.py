"""The Flask application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from addon import security, storage
from addon.errors import RaincheckError
from addon.google import resources as google_resources
from addon.outlook import resources as outlook_resources
from addon.surfaces import calendar, gmail, outlook, site
from addon.surfaces import workbench as workbench_surface
from addon.workbench import resources as workbench_resources
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
    "HTTP_TIMEOUT": 10,  # seconds for each call to Google or Microsoft
    "SECRET_KEY": None,  # keys the pane's short-lived calendar links; random per process if unset
    "MICROSOFT_CLIENT_ID": None,  # the add-in's app registration (access token audience)
    "MICROSOFT_APP_ID_URI": None,  # default api://<PUBLIC_URL host>/<client id>
    "MICROSOFT_TENANTS": None,  # comma-separated tenant ids to serve; unset: any tenant
    "MICROSOFT_JWKS_URL": None,  # Microsoft's signing keys (a stand-in in tests)
    "MICROSOFT_CLIENT_SECRET": None,  # for Graph (on behalf of the user); or a certificate:
    "MICROSOFT_CLIENT_CERTIFICATE": None,  # a PEM file with the certificate and its key
    "MICROSOFT_AUTHORITY": None,  # default https://login.microsoftonline.com
    "GRAPH_API_URL": None,  # default https://graph.microsoft.com
    "OFFICE_JS_URL": None,  # Office.js, from Microsoft's CDN unless a test says otherwise
    "ENV": "production",  # "development" adds the workbench and trusts its development key
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
    development = workbench_resources.is_development(app)
    if development:
        workbench_resources.configure(app)
    storage.init_app(app)
    google = google_resources.init_app(app)
    office = outlook_resources.init_app(app)
    security.init_app(app, script_origins=office.script_origins)
    app.register_blueprint(gmail.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(outlook.bp)
    if development:
        sessions = (google.api.session, office.verifier.keys.session)
        workbench_resources.init_app(app, sessions=sessions)
        app.register_blueprint(workbench_surface.bp)  # the workbench is the front page
    else:
        app.register_blueprint(site.bp)
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
