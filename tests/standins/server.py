"""Serving a stand-in's Flask app on a real loopback socket for the length of a test."""

from __future__ import annotations

import ssl
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
def serve(stand_in: S, *, tls: tuple[str, str] | None = None) -> Iterator[S]:
    """``tls``: a certificate and key file to serve https with (MSAL speaks only https)."""
    context = None
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
    server = make_server("127.0.0.1", 0, stand_in.app(), threaded=True, ssl_context=context)
    scheme = "https" if tls else "http"
    stand_in.url = f"{scheme}://127.0.0.1:{server.server_port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        thread.join(timeout=5)
