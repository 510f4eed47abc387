"""The shortcuts that prepare an invite for icalendar say exactly what the long way says: the
line breaks made CRLF, and ``_closed``'s check of a well-formed file against its line-by-line
reading, over texts built from the shapes real files take (blank lines, stray lines, folds,
components ended out of order or never, lower-case edges, text folded without its space)."""

from __future__ import annotations

import random
import re

import pytest

from addon.errors import InviteError
from addon.invite import prepare

PIECES = [
    "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM",
    "END:VALARM", "BEGIN:VTODO", "END:VTODO", "END:VCALENDARD", "begin:vevent",
    "SUMMARY:Review", "DESCRIPTION:Agenda", "DTSTART:20270112T090000Z", "X-A;B=c:d",
    "ATTENDEE;CN=Eva:mailto:eva@nordvik.example", " folded", "\tfolded", "", " ", "X",
    "a stray line", "BEGIN;X=y:z", "END:", "UID:1", "X-LOTUS-CHILD_UID:2",
]  # fmt: skip


def _texts(count: int) -> list[str]:
    rng = random.Random(27)
    content = [p for p in PIECES if re.match(r"[A-Za-z0-9-]+[;:]", p)]
    edges = [p for p in content if p.upper().startswith(("BEGIN:", "END:"))]
    made = []
    for n in range(count):
        if n % 3 == 0:  # anything
            lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 12))]
        elif n % 3 == 1:  # content lines only, components begun and ended in any order
            lines = [rng.choice(content + edges) for _ in range(rng.randint(0, 12))]
        else:  # a well-formed core, where the shortcut has to say yes
            inner = [p for p in (rng.choice(content) for _ in range(8)) if p not in edges]
            lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", *inner, "END:VEVENT", "END:VCALENDAR"]
        made.append(
            rng.choice(["\r\n", "\n", "\r", "\r\r\n"]).join(lines) + rng.choice(["", "\r\n"])
        )
    return made


TEXTS = _texts(4000)


def _long_way(text: str) -> tuple[str, list[str]] | str:
    try:
        return prepare._closed_line_by_line(re.sub(r"(?:\r\n)+[ \t]", "", text))
    except InviteError as refused:
        return str(refused)


def _closed(text: str) -> tuple[str, list[str]] | str:
    try:
        return prepare._closed(text)
    except InviteError as refused:
        return str(refused)


def test_line_breaks_become_crlf_as_the_regex_made_them() -> None:
    for text in [*TEXTS, "\r\r\n\n\r", "a\rb\nc\r\nd\r\r\ne"]:
        assert prepare._crlf(text) == re.sub(r"\r\n|\r|\n", "\r\n", text)


def test_closing_a_well_formed_text_is_what_reading_it_line_by_line_gives() -> None:
    prepared = [prepare._crlf(text) for text in TEXTS]
    shortcuts = sum(prepare._well_formed(prepare.FOLD.sub("", text)) for text in prepared)
    assert 1000 < shortcuts < len(prepared)  # both ways are exercised
    assert [_closed(text) for text in prepared] == [_long_way(text) for text in prepared]


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",  # an END skips one
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\nEND:VEVENT\r\n",  # crossed
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",  # the calendar never ends
        "BEGIN:VCALENDAR\r\n\r\nEND:VCALENDAR\r\n",  # a blank line
        "BEGIN:VCALENDAR\r\nSUMMARY:a\r\nfolded without a space\r\nEND:VCALENDAR\r\n",
        "END:VCALENDAR\r\n",  # an END with nothing open
    ],
)
def test_what_is_not_well_formed_takes_the_long_way(text: str) -> None:
    assert not prepare._well_formed(text)
