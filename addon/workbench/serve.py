"""Start the workbench as ``scripts/run`` does: say each step (migrating the database, loading
the demo directory or keeping the user's, starting), then serve on this machine with a quiet
server: no development-server warning and no line per request in the console, where the user
reads the URL and what went wrong.

    python -m addon.workbench.serve [--port 8000]
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from addon import storage
from addon.app import create_app
from addon.config import DEVELOPMENT, Config
from addon.workbench.resources import client_count, load_demo

HOST = "127.0.0.1"  # the workbench hands out tokens its verifiers accept: this machine only
PORTS = 20  # the first port, or the next free one of these many

Say = Callable[[str], None]


def say(text: str) -> None:
    print(f"raincheck: {text}", file=sys.stderr, flush=True)


def prepare(config: Config, tell: Say = say) -> Flask:
    """The workbench's app, its database migrated and its directory ready: the demo's fictional
    clients in an empty directory, else the directory as the user left it."""
    app = create_app(config.replace(env=DEVELOPMENT))
    started = time.monotonic()
    tell("migrating the database ...")
    storage.store(app).upgrade()
    tell(f"migrating the database: done in {time.monotonic() - started:.1f} s")
    if load_demo(app):
        tell(f"loaded the demo directory: {client_count(app)} fictional clients")
    else:
        tell(
            f"kept your directory as you left it ({client_count(app)} clients); "
            "the demo is loaded only into an empty one"
        )
    return app


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without its access line per request; errors still go to the log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def listen(first_port: int) -> BaseWSGIServer:
    """A threaded server on the first free port from ``first_port``, bound before the app is
    built (the app must know its own address). Bound here, not by werkzeug, which exits on a
    port in use; the server takes the socket over. It answers nothing until ``serve_forever``."""
    for port in range(first_port, min(first_port + PORTS, 65536)):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            # Not another listener's port: on Linux this only lets a restart reuse the port
            # its previous run left in TIME_WAIT.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((HOST, port))
            sock.listen(128)
        except OSError as error:
            sock.close()
            if error.errno == errno.EADDRINUSE:
                continue
            raise
        with sock:  # the server holds its own duplicate
            return make_server(
                HOST, port, _unset, threaded=True, request_handler=QuietHandler, fd=sock.fileno()
            )
    raise SystemExit(f"raincheck: no free port on {HOST} from {first_port} to {port}")


def _unset(environ: dict[str, Any], start_response: Any) -> Any:
    raise RuntimeError("the workbench's app is set before the server answers")


def serve(first_port: int = 8000, tell: Say = say) -> None:
    server = listen(first_port)
    url = f"http://{HOST}:{server.port}"
    server.app = prepare(Config.from_environ(os.environ).replace(public_url=url), tell)
    tell("starting the workbench ...")
    print(f"Raincheck workbench: open {url}/ in your browser (Ctrl+C stops it)", flush=True)
    # Stopped by Ctrl+C, or by a terminating signal as a process manager stops it: either way
    # the same last line, and the database closed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()  # werkzeug's returns on KeyboardInterrupt
    finally:
        server.server_close()
        storage.store(server.app).dispose()
    tell("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m addon.workbench.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="the first port to try")
    options = parser.parse_args(argv)
    serve(options.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
