"""The production server's settings: ``gunicorn -c python:addon.gunicorn_conf``.

Shipped in the wheel, so the container and any other host run the same server. Sizes come from
the variables hosting platforms set (``PORT``, ``WEB_CONCURRENCY``, and ``WEB_THREADS``);
everything Raincheck itself needs is a ``RAINCHECK_`` setting, read by the app. The README's
"Running it in production" says how to size them from ``scripts/bench``.
"""

from __future__ import annotations

import os

from addon.logs import config as log_config

wsgi_app = "addon.app:create_app()"
bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
worker_class = "gthread"  # threads wait on Google and Microsoft while others compute
# Most of a request is waiting for Google or Microsoft (a quarter of a second across the
# internet), so a worker needs threads for the requests it waits on at once (README).
threads = int(os.environ.get("WEB_THREADS") or 8)
# Longer than any load balancer's idle timeout in front (Google Cloud's is 600 s, AWS ALB's 60 s
# by default): a backend that closes first makes the balancer send requests on a dead
# connection ("upstream connect error", 502s under light load).
keepalive = 620
timeout = 60  # a worker stuck longer than Google waits for a card is restarted
graceful_timeout = 30
# Recycled now and then, so a slow leak in any library never grows without bound.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
# JSON, the path without its query string, no headers: tokens never reach the log.
access_log_format = (
    '{"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "ms": %(M)s}'
)
logconfig_dict = log_config()
