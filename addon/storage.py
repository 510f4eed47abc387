"""The store from the settings: as a Flask resource (``init_app``, ``store``) for the service,
or on its own (``open_store``) for the command line, which runs without the app. Flask is
imported only by the functions that take an app, so the command line never loads it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
    app.extensions[EXTENSION] = store
    return store


def store(app: Flask | None = None) -> Store:
    if app is None:
        from flask import current_app

        app = current_app
    found = app.extensions[EXTENSION]
    assert isinstance(found, Store)
    return found
