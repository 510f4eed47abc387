"""Serving a WSGI app (a stand-in, or the app under test) on a real loopback socket for the
length of a test."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from flask import Flask
from werkzeug.serving import make_server


class StandIn(Protocol):
    url: str

    def app(self) -> Flask: ...


S = TypeVar("S", bound=StandIn)


class _Later:
    """A WSGI app named once the server's address is known."""

    app: Any = None

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return self.app(environ, start_response)


@contextmanager
def running(app: Callable[[str], Any], *, tls: tuple[str, str] | None = None) -> Iterator[str]:
    """Serve the WSGI app ``app(url)`` makes, given the base URL it will be reached at;
    ``tls``: a certificate and key file to serve https with (MSAL speaks only https)."""
    context = None
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
    later = _Later()
    server = make_server("127.0.0.1", 0, later, threaded=True, ssl_context=context)
    url = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_port}"
    later.app = app(url)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def serve(stand_in: S, *, tls: tuple[str, str] | None = None) -> Iterator[S]:
    with running(lambda url: stand_in.app(), tls=tls) as url:
        stand_in.url = url
        yield stand_in
