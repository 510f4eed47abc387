"""The site's own pages: what Raincheck is, with its privacy statement and terms, which both
add-in manifests link to."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("site", __name__)


@bp.get("/")
def about() -> ResponseReturnValue:
    return render_template("site/about.html")
