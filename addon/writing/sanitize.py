"""The user's own words, made safe for where they go.

In HTML a few harmless tags survive (bold, lists, links to https, mailto and tel) and the rest
is stripped; in plain text every tag goes. Line breaks the user typed are kept in both.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

MAX_NOTE_CHARS = 4000
_ALLOWED_TAGS = frozenset({"a", "b", "strong", "i", "em", "u", "br", "ul", "ol", "li", "p"})
_ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
_ALLOWED_PROTOCOLS = frozenset({"https", "mailto", "tel"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "<https://…>" is how plain-text mail writes a link; bleach would take it for a tag and drop it.
_BRACKETED_LINK = re.compile(r"<((?:https|mailto|tel):[^\s<>]+)>", re.IGNORECASE)


def clean_input(text: str | None) -> str:
    """Trimmed, without control characters, at most MAX_NOTE_CHARS long."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text[:MAX_NOTE_CHARS]


def note_html(text: str | None) -> Markup:
    given = clean_input(text)
    if not given:
        return Markup("")  # most letters carry no note: no need to load bleach for them
    import bleach  # some 0.1 s to import: only for a note

    cleaned = bleach.clean(
        _BRACKETED_LINK.sub(r"\1", given),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        protocols=_ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    linked = bleach.linkify(cleaned, parse_email=True, skip_tags={"a"})
    return Markup(linked.replace("\n", "<br>\n"))  # noqa: S704 - bleach has cleaned it


def note_text(text: str | None) -> str:
    unwrapped = _BRACKETED_LINK.sub(r"\1", clean_input(text))
    if not unwrapped:
        return ""
    import bleach

    stripped = bleach.clean(unwrapped, tags=set(), strip=True, strip_comments=True)
    return html.unescape(stripped)
