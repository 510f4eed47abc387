"""Serving a stand-in's Flask app on a real loopback socket for the length of a test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from flask import Flask
from werkzeug.serving import make_server


class StandIn(Protocol):
    url: str

    def app(self) -> Flask: ...


S = TypeVar("S", bound=StandIn)


@contextmanager
def serve(stand_in: S) -> Iterator[S]:
    server = make_server("127.0.0.1", 0, stand_in.app(), threaded=True)
    stand_in.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        thread.join(timeout=5)
