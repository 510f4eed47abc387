"""The host-neutral description of a card: plain, immutable data.

Text is plain text everywhere (renderers escape it); ``Paragraph.strong`` and line breaks are the
only formatting. Actions name what the backend should do; each host turns them into its own
callbacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Action:
    """A call back to Raincheck: ``name`` says what to do, ``params`` carry the context."""

    name: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Button:
    text: str
    action: Action | None = None
    url: str | None = None  # opens a link instead of calling back
    primary: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Fact:
    """A fact and its button. ``label`` is a short word above it (Gmail cuts a long one at 300
    pixels); ``heading`` a bold first line that wraps, for anything longer; ``note`` a muted
    line under the text."""

    label: str
    text: str
    note: str | None = None
    button: Button | None = None
    heading: str = ""


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    selected: bool = False


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    options: tuple[Option, ...]
    on_change: Action | None = None
    style: Literal["dropdown", "radio"] = "dropdown"

    @property
    def value(self) -> str | None:
        return next((o.value for o in self.options if o.selected), None)


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    value: str = ""
    hint: str | None = None
    multiline: bool = False


@dataclass(frozen=True)
class Preview:
    """A letter as the user will see it in their draft (plain text, line breaks kept)."""

    title: str
    text: str


@dataclass(frozen=True)
class Buttons:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Divider:
    pass


# A chart's colours by a segment's kind, the same on every host (rest: another answer, or none).
CHART_COLOURS = {"accepted": "#188038", "declined": "#c5221f", "none": "#80868b", "rest": "#dadce0"}


@dataclass(frozen=True)
class Segment:
    """A part of a bar: ``kind`` picks its colour (accepted, declined, none, and the rest),
    ``label`` names it beside that colour."""

    kind: Literal["accepted", "declined", "none", "rest"]
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: ``total`` is its full length (its segments' sum); ``text`` says its
    figures in words, for a reader and for a screen reader."""

    label: str
    total: int
    segments: tuple[Segment, ...]
    text: str


@dataclass(frozen=True)
class Chart:
    """Bars on one scale, under a title: an SVG bar each in HTML, block characters in Card v1
    (which has no SVG)."""

    title: str
    bars: tuple[Bar, ...]

    @property
    def most(self) -> int:
        return max((b.total for b in self.bars), default=0) or 1

    @property
    def legend(self) -> tuple[Segment, ...]:
        """A segment of each kind some bar shows, for its colour's name."""
        return tuple({s.kind: s for b in self.bars for s in b.segments if s.count}.values())


Widget = Paragraph | Fact | Choice | TextField | Preview | Buttons | Divider | Chart


@dataclass(frozen=True)
class Section:
    widgets: tuple[Widget, ...]
    header: str | None = None
    collapsible: bool = False
    shown: int = 1  # widgets a collapsible section shows while collapsed


@dataclass(frozen=True)
class Card:
    name: str
    title: str
    sections: tuple[Section, ...]
    subtitle: str | None = None
    footer: Button | None = None  # the card's one primary button, fixed at the bottom
    # The way back to the card before (the pane draws it; Gmail has its own back arrow for a
    # pushed card).
    back: Button | None = None

    def widgets(self) -> list[Widget]:
        return [w for s in self.sections for w in s.widgets]

    def inputs(self) -> list[Choice | TextField]:
        return [w for w in self.widgets() if isinstance(w, Choice | TextField)]
