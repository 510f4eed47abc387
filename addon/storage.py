"""The store from the settings: as a Flask resource (``init_app``, ``store``) for the service,
or on its own (``open_store``) for the command line, which runs without the app. Flask is
imported only by the functions that take an app, so the command line never loads it."""

from __future__ import annotations

import time
from collections.abc import Callable
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


def store(app: Flask | None = None) -> Store:
    if app is None:
        from flask import current_app

        app = current_app
    found = app.extensions[EXTENSION]
    assert isinstance(found, Store)
    return found


def _timed(opened: Store) -> None:
    """Each statement's time, from the driver's call until the thread has its answer, added to
    the request's ``db`` (``timing``); a COMMIT is not a statement and is not counted, and a
    read (a card) makes none. Through the dialect's execution hooks, each running the
    dialect's own call: listening on ``before_cursor_execute`` instead put SQLAlchemy on its
    slower path with events, 45 µs more per statement on SQLite (a third of a short one)."""
    dialect = opened.engine.dialect
    for hook in ("do_execute", "do_executemany", "do_execute_no_params"):
        event.listen(opened.engine, hook, _clocked(getattr(dialect, hook)))


def _clocked(run: Callable[..., None]) -> Callable[..., bool]:
    def clocked(*args: Any) -> bool:
        started = time.perf_counter()
        try:
            run(*args)
        finally:
            timing.database(time.perf_counter() - started)
        return True  # done: SQLAlchemy does not run it again

    return clocked
