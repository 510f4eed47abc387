"""The production server's settings: ``gunicorn -c python:addon.gunicorn_conf``.

Shipped in the wheel, so the container and any other host run the same server. Sizes come from
the variables hosting platforms set (``PORT``, ``WEB_CONCURRENCY``, and ``WEB_THREADS``), the
server's deadlines for slow clients from ``WEB_HEAD_TIMEOUT`` and ``WEB_BODY_TIMEOUT``;
everything Raincheck itself needs is a ``RAINCHECK_`` setting, read by the app. The README's
"Running it in production" says how to size them from ``scripts/bench``.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from addon.config import EXTENSION as CONFIG_EXTENSION
from addon.config import Config, serving_problem
from addon.forks import after_fork
from addon.logs import config as log_config
from addon.slowclients import SlowClientWorker

wsgi_app = "addon.app:create_app()"
# The master imports and builds the app once; every worker, a recycled one too, is a fork of
# it: no second import (about a second of CPU per worker start), and the memory of what was
# imported is shared until written. ``post_fork`` gives each worker its own connections.
# A code change therefore needs a restart, not a HUP (which reloads settings only).
preload_app = True
bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
# Most of a request is waiting for Google or Microsoft (a quarter of a second across the
# internet), so a worker needs threads for the requests it waits on at once (README).
threads = int(os.environ.get("WEB_THREADS") or 8)
# gthread (threads wait on Google and Microsoft while others compute), reading each request in
# its event loop before a thread takes it: a client gets WEB_HEAD_TIMEOUT seconds to send its
# request head (from connecting, or from the first byte of its next request on a kept-alive
# connection) and WEB_BODY_TIMEOUT for the body, then is closed, having held no thread
# (addon/slowclients.py). Without it, 40 clients trickling their heads froze the server.
worker_class = SlowClientWorker.with_deadlines(
    head=float(os.environ.get("WEB_HEAD_TIMEOUT") or 10),
    body=float(os.environ.get("WEB_BODY_TIMEOUT") or 30),
)
# Longer than any load balancer's idle timeout in front (Google Cloud's is 600 s, AWS ALB's 60 s
# by default): a backend that closes first makes the balancer send requests on a dead
# connection ("upstream connect error", 502s under light load).
keepalive = 620
timeout = 60  # a worker stuck longer than Google waits for a card is restarted
graceful_timeout = 30
# Recycled now and then, so a slow leak in any library never grows without bound; with
# preload_app the new worker is a fork of the master, not a fresh import.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
# JSON, the path without its query string, no headers: tokens never reach the log.
access_log_format = (
    '{"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "ms": %(M)s}'
)
logconfig_dict = log_config()


def on_starting(server: Any) -> None:
    """Before the master binds: refuse, in one line, settings that must not serve
    (``addon.config.serving_problem``): production without its public URL, development mode
    on an address other machines reach."""
    config = _raincheck_config(server)
    problem = serving_problem(config, server.cfg.address) if config is not None else None
    if problem:
        raise SystemExit(f"raincheck: {problem}")


def _raincheck_config(server: Any) -> Config | None:
    """The preloaded app's settings; without preloading, the environment's (building the app
    in the master would preload it); None for another app served with these settings."""
    if not server.cfg.preload_app:
        return Config.from_environ(os.environ)
    found = getattr(server.app.wsgi(), "extensions", {}).get(CONFIG_EXTENSION)
    return found if isinstance(found, Config) else None


def pre_fork(server: Any, worker: Any) -> None:
    """In the master, just before it forks a worker: what it holds so far is left out of the
    worker's garbage collections (``gc.freeze``, as Python's documentation advises before a
    fork), which would otherwise write to every object's header and so copy every page the
    worker shares with the master, and undo most of what preloading saves (measured by
    ``scripts/server_memory.py``)."""
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """In each new worker, before it serves: connections of its own (``addon.forks``)."""
    after_fork(server.app.wsgi())  # the preloaded app: built once, in the master
