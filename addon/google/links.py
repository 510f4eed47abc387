"""The links a Google card may open: Google blocks an ``OpenLink`` whose URL matches none of the
deployment's ``openLinkUrlPrefixes`` (the button then does nothing), so a card loses such a
button before it is drawn, and keeps its text; a fact's link is then printed under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from cards.model import Button, Buttons, Card, Fact, Section, Widget

Allowed = Callable[[str], bool]


def without_blocked_links(card: Card, allowed: Allowed) -> Card:
    def keep(button: Button | None) -> bool:
        return button is not None and (button.url is None or allowed(button.url))

    def widget(w: Widget) -> Widget | None:
        if isinstance(w, Fact) and w.button is not None and not keep(w.button):
            # The link itself stays readable (and copyable) where its button cannot be.
            return replace(w, button=None, note=w.note or w.button.url)
        if isinstance(w, Buttons):
            kept = tuple(b for b in w.buttons if keep(b))
            return replace(w, buttons=kept) if kept else None
        return w

    def section(s: Section) -> Section:
        widgets = tuple(x for x in (widget(w) for w in s.widgets) if x is not None)
        return replace(s, widgets=widgets)

    return replace(
        card,
        sections=tuple(section(s) for s in card.sections),
        footer=card.footer if card.footer is None or keep(card.footer) else None,
    )
