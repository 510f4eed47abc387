"""One Jinja2 template per letter and language gives both the text and the HTML version.

Each template is rendered twice: once with autoescaping for HTML, once without for text. The
macros in ``templates/letters/_blocks.j2`` write paragraphs and lists in whichever form the
render asks for, so the two versions cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup


def _templates_dir() -> Path:
    """The top-level ``templates/`` of the source tree, which the wheel carries as
    ``addon/templates`` (pyproject.toml maps it), so both run the same files."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


TEMPLATES_DIR = _templates_dir()
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")

HTML_WRAPPER = (
    '<div dir="ltr" style="font-family:Arial,Helvetica,sans-serif;font-size:14px;'
    'line-height:1.5;color:#202124">\n{}\n</div>'
)


def squash(value: Any) -> Any:
    """Fold the line breaks and indentation of a template paragraph into single spaces."""
    folded = _SPACES.sub(" ", str(value)).strip()
    return Markup(folded) if isinstance(value, Markup) else folded  # noqa: S704 - already safe


@functools.cache
def environment(html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        # The text render is plain text for a mail body, never HTML: nothing there to escape.
        autoescape=html,  # noqa: S701
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["squash"] = squash
    env.globals["html"] = html
    return env


def render_text(name: str, **context: Any) -> str:
    raw = environment(False).get_template(name).render(**context)
    lines = "\n".join(line.rstrip() for line in raw.splitlines())
    return _BLANK_LINES.sub("\n\n", lines).strip() + "\n"


def render_html(name: str, **context: Any) -> str:
    raw = environment(True).get_template(name).render(**context)
    body = "\n".join(line.strip() for line in raw.splitlines() if line.strip())
    return HTML_WRAPPER.format(body)
