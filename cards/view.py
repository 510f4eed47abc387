"""Who is looking at a card: shared by every card builder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from addon.hosts import Host
from addon.i18n import Lang
from cards.actions import Act
from cards.model import Action


@dataclass(frozen=True)
class View:
    """Who is looking: their language, formatting locale and time zone, and the parameters
    every action of the card carries back (which message or event this is about)."""

    lang: Lang
    locale: str
    tz: dt.tzinfo | None
    carry: Mapping[str, str]
    host: Host = Host.GMAIL  # where the card is shown: it says where a reply will open

    def action(self, name: Act, **params: str) -> Action:
        return Action(name, {**self.carry, **params})
