"""Invites that differ, and the wrk script that cycles through them.

Opening the same message again measures a cached invite: the reader keeps what it parsed for
two minutes (256 per worker). The bench serves ``count`` messages whose invites differ (their
UID, title and day) and each wrk thread walks through all of them from its own starting point,
so with more messages than a worker keeps, every open parses an invite as a new mail would."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Mapping, Sequence

PLACEHOLDER = "@@MESSAGE_ID@@"
FIRST_ID = 0x18C2F0A1B2000000  # Gmail's message ids are 16 hex digits


def message_ids(count: int) -> list[str]:
    return [f"{FIRST_ID + i:016x}" for i in range(count)]


def variant(text: str, i: int) -> str:
    """The calendar text of invite ``i``: its own UID, its own title, and 0-4 days later (a
    different day's calendar, still ahead of today)."""
    text = re.sub(r"^UID:", f"UID:bench-{i}-", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^(SUMMARY[^:\r\n]*:)([^\r\n]*)", rf"\g<1>\g<2> {i}", text, count=1,
                  flags=re.MULTILINE)  # fmt: skip
    days = i % 5
    if days:
        text = re.sub(r"^((?:DTSTART|DTEND)[^:\r\n]*:)(\d{8})",
                      lambda m: m[1] + _later(m[2], days), text, flags=re.MULTILINE)  # fmt: skip
    return text


def _later(day: str, days: int) -> str:
    import datetime as dt

    return (dt.datetime.strptime(day, "%Y%m%d") + dt.timedelta(days=days)).strftime("%Y%m%d")


def variants(eml: bytes, count: int) -> list[tuple[str, bytes]]:
    """``count`` (message id, email) pairs, each carrying a different invite."""
    found = []
    for i, message_id in enumerate(message_ids(count)):
        message = email.message_from_bytes(eml, policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                method = part.get_param("method")
                part.set_content(variant(part.get_content(), i), subtype="calendar", cte="base64")
                if method:
                    part.set_param("method", str(method))
        found.append((message_id, message.as_bytes()))
    return found


def lua_script(method: str, headers: Mapping[str, str], body: str = "",
               ids: Sequence[str] = (), *, sample: bool = True) -> str:  # fmt: skip
    """A wrk script: the request (its body with ``PLACEHOLDER`` replaced by each id in turn,
    each wrk thread starting elsewhere in the list), and, when ``sample``, every answer's
    ``Server-Timing`` printed at the end as ``timing <header>`` lines."""
    lines = [f"wrk.method = {_lua(method)}"]
    lines += [f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()]
    if ids:
        head, _, tail = body.partition(PLACEHOLDER)
        if not _:
            raise ValueError(f"a rotated body names the message id as {PLACEHOLDER}")
        lines += [
            "local ids = {" + ", ".join(_lua(i) for i in ids) + "}",
            f"local head, tail = {_lua(head)}, {_lua(tail)}",
            "local turn = 0",
            "offset = 0",
            "function request()",
            "  turn = turn + 1",
            "  local body = head .. ids[(offset + turn) % #ids + 1] .. tail",
            "  return wrk.format(nil, nil, nil, body)",
            "end",
        ]
    else:
        lines.append(f"wrk.body = {_lua(body)}")
    lines += [
        "local threads, started = {}, 0",
        "function setup(thread)",
        # Each thread starts a share of the list further on, so two threads never ask for the
        # same invite at the same moment.
        f"  thread:set('offset', math.floor(started * {max(len(ids), 1)} / 7))",
        "  started = started + 1",
        "  table.insert(threads, thread)",
        "end",
    ]
    if sample:
        lines += [
            "samples = {}",
            "function response(status, headers, body)",
            "  local spent = headers['Server-Timing'] or headers['server-timing']",
            "  if spent then samples[#samples + 1] = spent end",
            "end",
            "function done(summary, latency, requests)",
            "  for _, thread in ipairs(threads) do",
            "    for _, spent in ipairs(thread:get('samples')) do",
            "      io.write('timing ', spent, '\\n')",
            "    end",
            "  end",
            "end",
        ]
    return "\n".join(lines) + "\n"


def _lua(text: str) -> str:
    """A Lua 5.1 string literal (wrk's LuaJIT): its bytes, with quotes, backslashes and control
    characters as decimal escapes, the only escapes every Lua reads alike."""
    out = []
    for byte in text.encode("utf-8"):
        plain = 32 <= byte < 127 and byte not in (34, 39, 92)  # not ", ' or \\
        out.append(chr(byte) if plain else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'
