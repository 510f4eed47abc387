"""The production server settings (``addon/gunicorn_conf.py``, hooks and all) serving the app
with one more route, ``/_probe``, for ``tests/app/test_server_preload.py`` only: it says which
process answered, which process built the app, and which process made the database connection
it was given. Never part of the wheel (tests/ is not packaged).

``gunicorn --config python:tests.support.server_probe``
"""

from __future__ import annotations

import gc
import os
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import event, text

from addon.gunicorn_conf import *  # noqa: F403 - every production setting, as shipped
from addon.gunicorn_conf import post_fork  # noqa: F401 - the hook under test, named here too

wsgi_app = "tests.support.server_probe:probed_app()"


def when_ready(server: Any) -> None:
    """The master uses the database before it forks a worker, so that every worker inherits a
    pooled connection: what ``post_fork`` must keep it from using. (Only with the app preloaded:
    otherwise loading it here would preload it.)"""
    if not server.cfg.preload_app:
        return
    from addon.storage import store

    with store(server.app.wsgi()).engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def probed_app() -> Flask:
    from addon.app import create_app
    from addon.storage import store

    app = create_app()
    made_in = os.getpid()
    engine = store(app).engine

    @event.listens_for(engine, "connect")
    def remember_maker(_dbapi: Any, record: Any) -> None:
        record.info["pid"] = os.getpid()

    @app.get("/_probe")
    def probe() -> Any:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            connection_made_in = connection.connection.info.get("pid")
        return jsonify(
            pid=os.getpid(),
            app_made_in=made_in,
            connection_made_in=connection_made_in,
            frozen=gc.get_freeze_count(),
        )

    return app
