"""The store from the settings: as a Flask resource (``init_app``, ``store``) for the service,
or on its own (``open_store``) for the command line, which runs without the app. Flask is
imported only by the functions that take an app, so the command line never loads it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

from addon import timing
from addon.config import Config, default_instance_path
from addon.directory.store import Store, sqlite_url

if TYPE_CHECKING:
    from flask import Flask

EXTENSION = "raincheck.store"


def open_store(config: Config, instance_path: str | None = None) -> Store:
    """The database the settings name: RAINCHECK_DATABASE_URL, else SQLite in the instance
    folder (``instance_path``: the app's own; else RAINCHECK_INSTANCE_PATH, else Flask's
    default, as the app finds it)."""
    folder = instance_path or config.instance_path or default_instance_path()
    return Store(
        config.database_url or sqlite_url(Path(folder)),
        timeout=config.database_timeout,
        pool_size=config.database_pool_size,
    )


def init_app(app: Flask, config: Config) -> Store:
    store = open_store(config, app.instance_path)
    _timed(store)
    app.extensions[EXTENSION] = store
    return store


_STARTED = "raincheck.statement_started"


def _timed(store: Store) -> None:
    """Each statement's time, from before the driver is called until the thread has its
    answer, added to the request's ``db`` (``timing``). A COMMIT is not a statement here and
    is not counted; a read (a card) makes none."""

    def before(conn: Any, *_: Any) -> None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())

    def after(conn: Any, *_: Any) -> None:
        started = conn.info.get(_STARTED)
        if started:
            timing.database(time.perf_counter() - started.pop())

    event.listen(store.engine, "before_cursor_execute", before)
    event.listen(store.engine, "after_cursor_execute", after)


def store(app: Flask | None = None) -> Store:
    if app is None:
        from flask import current_app

        app = current_app
    found = app.extensions[EXTENSION]
    assert isinstance(found, Store)
    return found
