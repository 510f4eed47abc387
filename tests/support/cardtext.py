"""What a user reads on a card, line by line in reading order, whether Gmail draws it from Card v1
JSON or the Outlook pane from HTML: the same card must read the same on both."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

_TAG = re.compile(r"<[^>]+>")


def _lines(text: str) -> list[str]:
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _card_text(html: str) -> list[str]:
    return _lines(unescape(_TAG.sub("", html.replace("<br>", "\n"))))


def gmail_lines(card: dict[str, Any]) -> list[str]:
    out = _lines(card["header"].get("title", "")) + _lines(card["header"].get("subtitle", ""))
    for section in card["sections"]:
        out += _lines(section.get("header", ""))
        for widget in section["widgets"]:
            out += _widget(widget)
    if "fixedFooter" in card:
        out += _lines(card["fixedFooter"]["primaryButton"]["text"])
    return out


def _widget(widget: dict[str, Any]) -> list[str]:
    if "textParagraph" in widget:
        return _card_text(widget["textParagraph"]["text"])
    if "decoratedText" in widget:
        d = widget["decoratedText"]
        out = _lines(d.get("topLabel", "")) + _card_text(d.get("text", ""))
        out += _lines(d.get("bottomLabel", ""))
        return out + (_lines(d["button"]["text"]) if "button" in d else [])
    if "selectionInput" in widget:
        s = widget["selectionInput"]
        return _lines(s["label"]) + [line for i in s["items"] for line in _lines(i["text"])]
    if "textInput" in widget:
        t = widget["textInput"]
        return _lines(t["label"]) + _lines(t.get("value", ""))
    if "buttonList" in widget:
        return [line for b in widget["buttonList"]["buttons"] for line in _lines(b["text"])]
    return []


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "text":
            self.lines += _lines(values.get("value") or "")

    def handle_data(self, data: str) -> None:
        self.lines += _lines(data)


def html_lines(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return reader.lines
