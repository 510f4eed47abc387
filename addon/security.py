"""Security headers on every response, and a strict Content Security Policy on every page.

Pages run only our own scripts and Office.js from Microsoft's CDN, never inline script; they
may be framed only by ourselves (the workbench) and the Outlook web origins that host the task
pane (``addon.outlook.clouds``: Microsoft documents no list, and a list that misses one breaks
Outlook on the web).
"""

from __future__ import annotations

from flask import Flask, Response


def content_security_policy(script_origins: tuple[str, ...], frame_origins: tuple[str, ...]) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *script_origins)),
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": " ".join(("'self'", *frame_origins)),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def init_app(
    app: Flask, *, script_origins: tuple[str, ...], frame_origins: tuple[str, ...]
) -> None:
    policy = content_security_policy(script_origins, frame_origins)

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = policy
        return response
