"""The workbench: Raincheck's real Gmail card and Outlook pane side by side on one local page,
against in-process stand-ins for Google and Microsoft, with tokens from a development key.

Development only, and not part of the production install: the wheel and the image leave this
package out (``pyproject.toml``), a source checkout has it (``scripts/run`` installs it with
the ``workbench`` extra), and the app mounts it only when it is importable, in development
mode (``RAINCHECK_ENV=development``), answering this machine only.

    resources       the stand-ins in process, the development key, the demo directory
    views           the page and its small API (the blueprint; loopback callers only)
    devkey          tokens signed by a key only development mode trusts
    standins/       Google, Microsoft and Office.js, as the tests and the workbench run them
    transport       the app's HTTP sessions answered by the stand-ins in process
    calendar        a seeded calendar behind both hosts
    outlook_forms   the forms the simulated Outlook opens, kept as drafts
    static/         the page's script and style, the Office.js simulation, the README's
                    pictures (served at /workbench/static/)
"""

from __future__ import annotations

import requests
from flask import Flask

from addon.config import Config
from addon.workbench import resources, views
from addon.workbench.resources import Workbench, configure

__all__ = ["configure", "init_app"]


def init_app(app: Flask, config: Config, *, sessions: tuple[requests.Session, ...]) -> Workbench:
    """``sessions``: the HTTP sessions the app calls Google and Microsoft with."""
    bench = resources.init_app(app, config, sessions=sessions)
    app.register_blueprint(views.bp)
    return bench
