"""The plain-text alternative of a letter's HTML, as a person reads the HTML: paragraphs apart,
each table row on a line of its own with its cells side by side ("When: Tuesday 10:00"), list
items numbered or dashed. Outlook's forms take HTML only; the workbench writes the text part of
the drafts it keeps from it, as a mail client would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that start and end a block of their own: a line break either side.
_BLOCKS = frozenset({"div", "table", "tr", "ul", "ol", "li", "blockquote", "pre", "hr"})
# Blocks with space around them, as mail clients draw them: a blank line either side.
_SPACED = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote"})
_UNSEEN = frozenset({"script", "style", "head", "title", "template"})
_BREAK = "\x00"  # a line break the markup asked for (br), kept through whitespace folding
_SPACE = "\x01"  # a blank line between blocks


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0
        self.lists: list[list[int]] = []  # per open list: [next number], 0 for a bullet list
        self.row: list[str] | None = None  # the cells of the open table row
        self.cell: list[str] | None = None

    def _emit(self, text: str) -> None:
        (self.cell if self.cell is not None else self.out).append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNSEEN:
            self.hidden += 1
        elif tag == "br":
            self._emit(_BREAK)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "tr":
            self.row = []
            self.out.append(_BREAK)
        elif tag in ("ol", "ul"):
            self.lists.append([1 if tag == "ol" else 0])
            self.out.append(_SPACE if not self.lists[:-1] else _BREAK)
        elif tag == "li":
            self.out.append(_BREAK)
            counter = self.lists[-1] if self.lists else [0]
            self.out.append(f"{counter[0]}. " if counter[0] else "- ")
            if counter[0]:
                counter[0] += 1
        elif tag in _SPACED:
            self.out.append(_SPACE)
        elif tag in _BLOCKS:
            self.out.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSEEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_fold("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            cells = [c for c in self.row if c]
            # A label and its value, as the letters' facts are; wider rows side by side.
            self.out.append(": ".join(cells) if len(cells) == 2 else " · ".join(cells))
            self.out.append(_BREAK)
            self.row = self.cell = None
        elif tag in ("ol", "ul"):
            if self.lists:
                self.lists.pop()
            self.out.append(_SPACE if not self.lists else _BREAK)
        elif tag in _SPACED:
            self.out.append(_SPACE)
        elif tag in _BLOCKS:
            self.out.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._emit(data)


def _fold(text: str) -> str:
    """Whitespace as HTML draws it: any run is one space; the markup's own breaks stay."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip(" ")


def text_of(markup: str) -> str:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    # As a browser lays out blocks: breaks in a row make one, the space around a paragraph one
    # blank line, and nothing before the first line or after the last.
    out: list[str] = []
    line, owed = "", 0  # the line being written; the line ends owed before the next one
    for piece in re.split(f"([{_BREAK}{_SPACE}])", _fold("".join(reader.out))):
        if piece in (_BREAK, _SPACE):
            if line.strip():
                out.append(line.strip())
                line, owed = "", max(owed, 1)
            if piece == _SPACE and out:
                owed = 2
        elif piece.strip() or line:
            if not line and out:
                out.append("\n" * owed)
            line, owed = line + piece, 0
    if line.strip():
        out.append(line.strip())
    return "".join(out) + "\n" if out else ""
