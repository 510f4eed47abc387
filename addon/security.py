"""Security headers on every response, and a strict Content Security Policy on every page.

Pages run only our own scripts and Office.js from Microsoft's CDN, never inline script; they
may be framed only by ourselves (the workbench) and the Outlook web origins that host the task
pane (``addon.outlook.clouds``: Microsoft documents no list, and a list that misses one breaks
Outlook on the web).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, make_response
from flask.typing import ResponseReturnValue


def content_security_policy(
    script_origins: tuple[str, ...],
    frame_origins: tuple[str, ...],
    *,
    inline_styles: bool = False,
    connect_origins: tuple[str, ...] = (),
) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *script_origins)),
        "style-src": "'self' 'unsafe-inline'" if inline_styles else "'self'",
        "img-src": "'self' data:",
        "connect-src": " ".join(("'self'", *connect_origins)),
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": " ".join(("'self'", *frame_origins)),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


EXTENSION = "raincheck.security"


@dataclass(frozen=True)
class Policies:
    script_origins: tuple[str, ...]
    frame_origins: tuple[str, ...]

    @property
    def page(self) -> str:
        return content_security_policy(self.script_origins, self.frame_origins)

    def office(self, connect_origins: tuple[str, ...] = ()) -> str:
        """For a page Office.js runs in: Office.js applies inline styles to it (office-js
        #1687), so such a page, and only such a page, allows them; scripts stay our own."""
        return content_security_policy(
            self.script_origins,
            self.frame_origins,
            inline_styles=True,
            connect_origins=connect_origins,
        )


# Peers on this machine: what a development server may answer.
LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
THIS_MACHINE_ONLY = (
    "Raincheck in development mode answers this machine only: it trusts tokens its own "
    "stand-ins sign.\n"
)


def init_app(
    app: Flask,
    *,
    script_origins: tuple[str, ...],
    frame_origins: tuple[str, ...],
    this_machine_only: bool = False,
) -> None:
    """``this_machine_only`` (development mode): every other peer is refused, whatever server
    runs the app and wherever it is bound (the packaged settings also refuse to start there)."""
    policies = Policies(script_origins, frame_origins)
    app.extensions[EXTENSION] = policies

    if this_machine_only:
        # Around the whole app, before Flask routes anything: static files and errors too.
        app.wsgi_app = _this_machine_only(app.wsgi_app)  # type: ignore[method-assign]

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", policies.page)
        return response


def office_page(
    connect: Callable[[], tuple[str, ...]] = tuple,
) -> Callable[[Callable[..., ResponseReturnValue]], Callable[..., Response]]:
    """A view whose page runs Office.js gets the Office policy; ``connect``: the origins the
    page may call besides ourselves, asked at request time."""

    def decorate(view: Callable[..., ResponseReturnValue]) -> Callable[..., Response]:
        @wraps(view)
        def page(*args: Any, **kwargs: Any) -> Response:
            response = make_response(view(*args, **kwargs))
            policies = current_app.extensions[EXTENSION]
            response.headers["Content-Security-Policy"] = policies.office(connect())
            return response

        return page

    return decorate


def _this_machine_only(wsgi_app: Any) -> Any:
    """The WSGI app answering peers on this machine only; any other gets 403."""

    def guarded(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REMOTE_ADDR") in LOOPBACK:
            return wsgi_app(environ, start_response)
        refused = Response(THIS_MACHINE_ONLY, status=403, mimetype="text/plain")
        return refused(environ, start_response)

    return guarded
