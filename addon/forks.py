"""What a worker forked from the server's preloaded master must not share with it.

With gunicorn's ``preload_app`` (``addon/gunicorn_conf.py``) the master imports and builds the
app once and each worker is a fork of it, a recycled one too: it starts at once instead of
importing everything again, and shares the master's memory until it writes to it. Sharing is
fine for what is only read (settings, templates, the signing keys fetched so far, a secret made
at start), but not for a connection: two processes talking on one socket garble each other's
conversation (PostgreSQL's "SSL error: decryption failed or bad record mac", SQLite's file locks
held by the wrong process). So a worker, first thing after the fork, drops the connections it
inherited and makes its own when it needs them: ``create_app`` registers how
(``addon.app.own_connections``: the database pool and the HTTP sessions' pools), the server's
``post_fork`` hook runs it through ``after_fork``.

Locks need nothing: the master runs one thread, so none is held when it forks. Thread pools
(``cardflow.calendar``) are made on first use, in the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

EXTENSION = "raincheck.after_fork"  # in app.extensions: what a forked worker runs first


def register(app: Any, renew: Callable[[], None]) -> None:
    """``renew`` runs in each worker forked with ``app`` already built (a Flask app)."""
    app.extensions[EXTENSION] = renew


def after_fork(app: Any) -> None:
    """Run in a new worker before it serves; an app that registered nothing (one that is not
    Raincheck, like the benchmark's bare baseline) has nothing to renew."""
    renew = getattr(app, "extensions", {}).get(EXTENSION)
    if renew is not None:
        renew()
