"""Cards as Google Card v1 JSON (camelCase, enums by name, defaults left out).

Every action calls back one endpoint; the action's name travels as the ``action`` parameter.
Card v1 text takes a little HTML, so all text is escaped here and line breaks become ``<br>``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cards.model import (
    CHART_COLOURS,
    Action,
    Bar,
    Button,
    Buttons,
    Card,
    Chart,
    Choice,
    Divider,
    Fact,
    Paragraph,
    Preview,
    Section,
    TextField,
    Widget,
)

MAX_WIDGETS = 100  # Google drops the section that passes this, and every one after it
PRIMARY = {"red": 0.125, "green": 0.4375, "blue": 0.875}  # exact in the proto's float32
MUTED = "#5f6368"
BLOCKS = 20  # a chart's longest bar, in block characters
FULL = "\u2588"  # a full block


def render_card(card: Card, action_url: str) -> dict[str, Any]:
    if sum(len(s.widgets) for s in card.sections) > MAX_WIDGETS:
        raise ValueError(f"card {card.name!r} has more than {MAX_WIDGETS} widgets")
    header: dict[str, Any] = {"title": card.title}
    if card.subtitle:
        header["subtitle"] = card.subtitle
    out: dict[str, Any] = {
        "header": header,
        "sections": [_section(s, action_url) for s in card.sections if s.widgets],
        "name": card.name,
    }
    if card.footer is not None:
        out["fixedFooter"] = {"primaryButton": _button(card.footer, action_url)}
    return out


def render_action(action: Action, action_url: str) -> dict[str, Any]:
    parameters = [{"key": "action", "value": action.name}] + [
        {"key": key, "value": value} for key, value in sorted(action.params.items()) if value
    ]
    return {"function": action_url, "parameters": parameters}


def html_text(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>")


def _section(section: Section, action_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if section.header:
        out["header"] = section.header
    if section.collapsible:
        out["collapsible"] = True
        if section.shown:
            out["uncollapsibleWidgetsCount"] = section.shown
    out["widgets"] = [
        rendered
        for w in section.widgets
        for rendered in (_chart(w) if isinstance(w, Chart) else [_widget(w, action_url)])
    ]
    return out


def _chart(chart: Chart) -> list[dict[str, Any]]:
    """Card v1 has no SVG: a bar is coloured block characters in a decoratedText, its figures
    in words under it, and a legend names the colours."""
    legend = "   ".join(
        f'<font color="{CHART_COLOURS[s.kind]}">{FULL}</font> {html_text(s.label)}'
        for s in chart.legend
    )
    return [
        {"textParagraph": {"text": f"<b>{html_text(chart.title)}</b>"}},
        *({"decoratedText": {"text": _bar(b, chart.most), "wrapText": True}} for b in chart.bars),
        {"textParagraph": {"text": legend}},
    ]


def _bar(bar: Bar, most: int) -> str:
    blocks = "".join(
        f'<font color="{CHART_COLOURS[s.kind]}">{FULL * _blocks(s.count, most)}</font>'
        for s in bar.segments
        if s.count
    )
    figures = f'<font color="{MUTED}">{html_text(bar.text)}</font>'
    return f"<b>{html_text(bar.label)}</b><br>{blocks}<br>{figures}"


def _blocks(count: int, most: int) -> int:
    """A part's length on the chart's scale: at least one block, so that no part goes unseen."""
    return max(1, round(count * BLOCKS / most))


def _widget(widget: Widget, action_url: str) -> dict[str, Any]:
    if isinstance(widget, Paragraph):
        text = html_text(widget.text)
        if widget.strong:
            text = f"<b>{text}</b>"
        if widget.muted:
            text = f'<font color="{MUTED}">{text}</font>'
        return {"textParagraph": {"text": text}}
    if isinstance(widget, Fact):
        # topLabel and bottomLabel never wrap: anything long goes in the text, which does.
        text = html_text(widget.text)
        if widget.heading:
            text = f"<b>{html_text(widget.heading)}</b><br>{text}"
        if widget.note:
            text = f'{text}<br><font color="{MUTED}">{html_text(widget.note)}</font>'
        fact: dict[str, Any] = {"text": text, "wrapText": True}
        if widget.label:
            fact = {"topLabel": widget.label, **fact}
        if widget.button is not None:
            fact["button"] = _button(widget.button, action_url)
        return {"decoratedText": fact}
    if isinstance(widget, Choice):
        choice: dict[str, Any] = {
            "name": widget.name,
            "label": widget.label,
            "type": "RADIO_BUTTON" if widget.style == "radio" else "DROPDOWN",
            "items": [
                {"text": o.text, "value": o.value, **({"selected": True} if o.selected else {})}
                for o in widget.options
            ],
        }
        if widget.on_change is not None:
            choice["onChangeAction"] = render_action(widget.on_change, action_url)
        return {"selectionInput": choice}
    if isinstance(widget, TextField):
        field: dict[str, Any] = {"name": widget.name, "label": widget.label}
        if widget.hint:
            field["hintText"] = widget.hint
        if widget.value:
            field["value"] = widget.value
        if widget.multiline:
            field["type"] = "MULTIPLE_LINE"
        return {"textInput": field}
    if isinstance(widget, Preview):
        text = html_text(widget.text.strip())
        if widget.title:
            text = f"<b>{html_text(widget.title)}</b><br>{text}"
        return {"textParagraph": {"text": text}}
    if isinstance(widget, Buttons):
        return {"buttonList": {"buttons": [_button(b, action_url) for b in widget.buttons]}}
    if isinstance(widget, Divider):
        return {"divider": {}}
    raise TypeError(f"no Card v1 form for {type(widget).__name__}")


def _button(button: Button, action_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {"text": button.text}
    if button.url is not None:
        out["onClick"] = {"openLink": {"url": button.url}}
    elif button.action is not None:
        out["onClick"] = {"action": render_action(button.action, action_url)}
    if button.primary:
        out["color"] = dict(PRIMARY)
    return out
