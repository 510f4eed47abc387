"""Cards as HTML for the Outlook task pane (and any page of ours), from the same description
Gmail's Card v1 JSON comes from, so the two hosts show the same card.

The template autoescapes everything; card text is plain text and keeps its line breaks through
CSS (``white-space: pre-line``), so nothing here builds markup from strings.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from addon.writing.templating import TEMPLATES_DIR
from cards.model import CHART_COLOURS, Card

MAX_TEXT = 4000  # characters a text input takes; the API refuses longer ones anyway


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR / "cards"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.globals["kind_of"] = lambda widget: type(widget).__name__
    env.globals["max_text"] = MAX_TEXT
    env.globals["colours"] = CHART_COLOURS
    return env


@functools.cache
def _template() -> Template:
    # The template ships with the code: compiled once per process, like a module, instead of
    # Jinja checking the file's time on every render (11 µs a card).
    return _environment().get_template("card.html")


def render_html(card: Card) -> str:
    return _template().render(card=card)
