"""The benchmark's baseline: a truly bare Flask app, a short body and nothing else, served by
the same gunicorn with the same settings as Raincheck (``addon.gunicorn_conf``, its app named
on the command line instead), so a share of its throughput is what Raincheck's own work costs."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "ok\n"
