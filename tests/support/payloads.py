"""XSS and HTML-injection payloads: every one, if it ran, would call ``window.__xssHit()``.

Built as the cross product of the ways markup runs script (tags with event handlers, script
and style elements, javascript: and data: URLs, SVG and MathML, template and comment tricks)
with the contexts a value can break out of (text, a quoted attribute, a single-quoted
attribute, a script string, a comment, a textarea or title), so a new kind of sink shows up
as a batch of failures rather than one."""

from __future__ import annotations

import itertools

HIT = "window.__xssHit()"

_RUNNERS = [
    f"<script>{HIT}</script>",
    f"<img src=x onerror={HIT}>",
    f'<img src="x" onerror="{HIT}">',
    f"<svg onload={HIT}>",
    f"<svg><script>{HIT}</script></svg>",
    f"<body onload={HIT}>",
    f'<iframe src="javascript:{HIT}"></iframe>',
    f'<iframe srcdoc="<script>parent.{HIT}</script>"></iframe>',
    f'<a href="javascript:{HIT}" id=x>x</a>',
    f"<details open ontoggle={HIT}>",
    f"<input autofocus onfocus={HIT}>",
    f"<video><source onerror={HIT}></video>",
    f"<math><mtext><img src=x onerror={HIT}></mtext></math>",
    f'<object data="javascript:{HIT}"></object>',
    f'<embed src="data:text/html,<script>parent.{HIT}</script>">',
    f"<style>@import 'javascript:{HIT}';</style>",
    f"<marquee onstart={HIT}>",
    f'<div style="background:url(javascript:{HIT})">',
    f"<template><img src=x onerror={HIT}></template><img src=x onerror={HIT}>",
    f'<noscript><p title="</noscript><img src=x onerror={HIT}>">',
    f'<form><button formaction="javascript:{HIT}">x</button></form>',
    f'<meta http-equiv=refresh content="0;url=javascript:{HIT}">',
    f'<base href="javascript:{HIT}//">',
    f'<link rel=import href="data:text/html,<script>{HIT}</script>">',
    "<img src=x onerror=&#x77;indow.__xssHit()>",
    "<img src=x onerror=\\u0077indow.__xssHit()>",
    f"<IMG SRC=x OnErRoR={HIT}>",
    f"<img src=x onerror={HIT}//",
    f"<scr<script>ipt>{HIT}</scr</script>ipt>",
    f"{{{{constructor.constructor('{HIT}')()}}}}",
    f"${{{HIT}}}",
    f"javascript:{HIT}",
]
_BREAKOUTS = ["", '">', "'>", "</textarea></title>", "-->", "</script>"]


def payloads() -> list[str]:
    """At least 150 distinct payloads, each a runner after a breakout."""
    return [b + r for b, r in itertools.product(_BREAKOUTS, _RUNNERS)]


def hostile_ics(payload: str) -> bytes:
    """An invite with ``payload`` in every field a sender controls (quotes kept out of the
    parameters, where a sender's software would have to escape them)."""
    text = payload.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    param = payload.replace('"', "'")
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:hostile-1@example.org\r\nDTSTAMP:20261120T090000Z\r\n"
        "DTSTART:20261203T130000Z\r\nDTEND:20261203T140000Z\r\n"
        f"SUMMARY:{text}\r\nLOCATION:{text}\r\nDESCRIPTION:{text}\r\n"
        f'ORGANIZER;CN="{param}":mailto:eva.lind@nordvik.example\r\n'
        f'ATTENDEE;CN="{param}";PARTSTAT=NEEDS-ACTION:mailto:anna@lumen.example\r\n'
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
