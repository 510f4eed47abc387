"""The Flask application factory: settings once, then each part's ``init_app`` with them."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from flask import Flask, Response, current_app, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from addon import pieces, security, storage, timing
from addon.config import EXTENSION as CONFIG_EXTENSION
from addon.config import Config
from addon.errors import RaincheckError
from addon.forks import register as on_fork
from addon.google import resources as google_resources
from addon.outlook import resources as outlook_resources
from addon.views import outlook, site
from addon.views.google import calendar, gmail
from addon.writing.templating import TEMPLATES_DIR

EXTENSION = CONFIG_EXTENSION


STATIC_MAX_AGE = 3600  # seconds; a deployment's new files are picked up within the hour


def load_config(test_config: Mapping[str, Any] | Config | None = None) -> Config:
    """The effective settings: ``RAINCHECK_*`` variables, or ``test_config`` alone when given
    (a mapping of setting names, or settings already made; so tests never see the developer's
    environment); development mode fills in the workbench's stand-ins for what is not set."""
    if test_config is None:
        config = Config.from_environ(os.environ)
    elif isinstance(test_config, Config):
        config = test_config
    else:
        config = Config.from_mapping(test_config)
    bench = workbench() if config.development else None
    return bench.configure(config) if bench is not None else config


def create_app(test_config: Mapping[str, Any] | Config | None = None) -> Flask:
    pieces.check()
    config = load_config(test_config)
    app = Flask(
        __name__,
        instance_path=config.instance_path or None,
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
    )
    app.config.update(
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=config.max_content_length,
        # Icons and the pane's files must be cacheable: Office refuses image URLs sent with
        # no-cache or no-store (add-in-manifests.md), Flask's default for static files.
        SEND_FILE_MAX_AGE_DEFAULT=STATIC_MAX_AGE,
    )
    app.extensions[EXTENSION] = config
    storage.init_app(app, config)
    google = google_resources.init_app(app, config)
    office = outlook_resources.init_app(app, config)
    on_fork(app, lambda: own_connections(app))  # a preloaded server's workers (addon.forks)
    security.init_app(
        app,
        script_origins=office.script_origins,
        frame_origins=outlook_resources.frame_origins(config),
        this_machine_only=config.development,
    )
    app.register_blueprint(gmail)
    app.register_blueprint(calendar)
    app.register_blueprint(outlook.bp)
    bench = workbench() if config.development else None
    if bench is not None:
        # The workbench is the front page; its stand-ins answer the app's own HTTP sessions.
        bench.init_app(app, config, sessions=(google.api.session, office.verifier.keys.session))
    else:
        app.register_blueprint(site.bp)
    _register_errors(app)

    @app.before_request
    def clock_in() -> None:
        timing.start()

    @app.after_request
    def clock_out(response: Response) -> Response:
        spent = timing.header()
        if spent:
            response.headers["Server-Timing"] = spent
        return response

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        """Liveness: the process answers. It touches nothing, so a database that stalls never
        makes a supervisor restart healthy workers."""
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> ResponseReturnValue:
        """Readiness: whether requests can be served now, the database included."""
        found = storage.store(app).readiness()
        body = {"status": "ready" if found.ready else "not ready", "database": found.state,
                "schema": found.schema, "free_bytes": found.free_bytes}  # fmt: skip
        return jsonify(body), 200 if found.ready else 503

    return app


def own_connections(app: Flask) -> None:
    """In a worker forked from the master that built ``app``: a database pool of its own (the
    inherited one dropped without closing its connections, which are the master's: SQLAlchemy's
    pattern for os.fork), and its HTTP sessions' pooled connections closed in this process only
    (a socket closed in a child stays open in its parent); each is made anew when first used."""
    storage.store(app).renew_connections()
    google, office = google_resources.google(app), outlook_resources.outlook(app)
    sessions = [google.api.session, google.verifier.certs.session, office.verifier.keys.session]
    if office.actions.graph is not None:
        sessions.append(office.actions.graph.session)
    for session in {id(s): s for s in sessions}.values():
        session.close()


def set_clock(app: Flask, clock: Callable[[], dt.datetime]) -> None:
    """Every host's cards read the time from ``clock``: a frozen one makes them the same on
    any day (the workbench's tour, the tests)."""
    for actions in google_resources.google(app).actions.values():
        actions.set_clock(clock)
    outlook_resources.outlook(app).actions.set_clock(clock)


def workbench() -> ModuleType | None:
    """The workbench, where this install has it: a source checkout (``scripts/run`` installs
    it editable), never the production wheel or image, which leave ``addon.workbench`` out."""
    if importlib.util.find_spec("addon.workbench") is None:
        return None
    return importlib.import_module("addon.workbench")


def config_of(app: Flask | None = None) -> Config:
    """The service's config the app was made with (never a user's settings)."""
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, Config)
    return found


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
