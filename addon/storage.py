"""The store as a Flask resource: created from the app's configuration, used through ``store``."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from addon.config import Config
from addon.directory.store import Store, sqlite_url

EXTENSION = "raincheck.store"


def init_app(app: Flask, config: Config) -> Store:
    store = Store(
        config.database_url or sqlite_url(Path(app.instance_path)),
        timeout=config.database_timeout,
        pool_size=config.database_pool_size,
    )
    app.extensions[EXTENSION] = store
    return store


def store(app: Flask | None = None) -> Store:
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, Store)
    return found
