"""Texts before they are rendered: an English msgid and its parameters, rendered for a reader
by ``addon.i18n.translate``. Imports nothing of Raincheck, so a language record can use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Percent:
    """A share (0.24) that prints as a percentage in the reader's style ("24%", "24 %")."""

    value: float


class Terms(tuple[str, ...]):
    """Words found in an invite ("price", "avtal") that print in the reader's language, joined
    by commas: "pris, avtal". Each is a msgid of its own."""


@dataclass(frozen=True)
class Day:
    """A date that prints as the reader writes dates ("Friday 18 December", "fredag 18 december
    2026")."""

    value: dt.date


Param = str | int | Percent | Terms | Day


@dataclass(frozen=True)
class Message:
    msgid: str
    params: tuple[tuple[str, Param], ...] = ()
    plural: str | None = None
    count: int | None = None

    def render(self, lang: str) -> str:
        from addon.i18n import translate  # the package imports this module first

        return translate(self, lang)


def msg(msgid: str, /, **params: Param) -> Message:
    return Message(msgid, tuple(sorted(params.items())))


def msg_plural(singular: str, plural: str, count: int, /, **params: Param) -> Message:
    return Message(singular, tuple(sorted({**params, "n": count}.items())), plural, count)
