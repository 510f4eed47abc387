"""vCalendar 1.0 text (``VERSION:1.0``, ``.vcs``: Nokia, Palm, Lotus Notes, old Outlook) to
iCalendar 2.0 text, before it is parsed.

It follows the vCalendar 1.0 specification (versit Consortium, 1996): content lines folded the
RFC 822 way (the line break goes, the whitespace stays, §2.1.3), ``ENCODING=QUOTED-PRINTABLE``
values with soft line breaks and a ``CHARSET`` (parameters may also be written bare, as
``;QUOTED-PRINTABLE``), lists separated by ``;`` (``EXDATE``, ``RDATE``, ``CATEGORIES``), a
calendar-wide ``TZ`` offset and ``DAYLIGHT`` periods for local times, ``ATTENDEE`` with
``ROLE=ORGANIZER`` or ``ROLE=OWNER`` for the organizer, its own ``STATUS`` words, alarms as
``DALARM``/``AALARM``/``PALARM``/``MALARM`` properties, and the recurrence grammar of its
appendix::

    rule     ::= D<n> [hhmm...] | W<n> [weekday...] | MP<n> [1+|1-... [weekday...]...]
               | MD<n> [1+|1-|15|LD...] | YM<n> [month...] | YD<n> [yearday...]
               followed by #<count> (#0: for ever) and/or an end date-time

A rule that says neither a count nor an end (the specification and the programs that read it
disagree on what that means), that nests a second rule, or that cannot be said in RFC 5545 is
not guessed at: the event is kept as the first meeting of its series (a RECURRENCE-ID), with a
note, so that nobody answers the whole series believing it is one meeting.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import quopri
import re
from dataclasses import dataclass, field

_VERSION_1 = re.compile(r"^VERSION[ \t]*:[ \t]*1\.0[ \t]*$", re.I | re.M)
_VERSION_2 = re.compile(r"^VERSION[ \t]*:[ \t]*2\.0", re.I | re.M)
_OLD_RULE = re.compile(r"^RRULE[^:\n]*:[ \t]*(?:D|W|MP|MD|YM|YD)\d+\b", re.I | re.M)
_NAME = re.compile(r"[A-Za-z0-9-]+")
_DATE_TIME = re.compile(r"^(\d{8})(?:T(\d{4})(\d{2})?(Z)?)?$")
_OFFSET = re.compile(r"^([+-])(\d{1,2}):?(\d{2})?$")
_RULE_START = re.compile(r"^(D|W|MP|MD|YM|YD)(\d+)$")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ALARMS = {"DALARM", "AALARM", "PALARM", "MALARM"}
_TIMES = {"DTSTART", "DTEND", "DUE", "COMPLETED", "RECURRENCE-ID", "LAST-MODIFIED"}
_LISTS = {"EXDATE", "RDATE"}
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"}
# vCalendar 1.0 §2.1.3 STATUS words, for the event and for each attendee.
_EVENT_STATUS = {"CONFIRMED": "CONFIRMED", "ACCEPTED": "CONFIRMED", "TENTATIVE": "TENTATIVE"}
_PARTSTAT = {
    "ACCEPTED": "ACCEPTED",
    "CONFIRMED": "ACCEPTED",
    "DECLINED": "DECLINED",
    "TENTATIVE": "TENTATIVE",
    "DELEGATED": "DELEGATED",
    "COMPLETED": "COMPLETED",
    "NEEDS ACTION": "NEEDS-ACTION",
    "NEEDS-ACTION": "NEEDS-ACTION",
    "SENT": "NEEDS-ACTION",
}


def is_vcal10(text: str) -> bool:
    """``text`` is vCalendar 1.0: it says so, or it writes a vCalendar 1.0 rule without a
    version of its own."""
    # Each regex ignores case, so it is tried at every position: asked only when what it needs
    # is in the text at all ("1.0"; a rule).
    if "1.0" in text and _VERSION_1.search(text):
        return True
    if "rrule" not in text.lower():
        return False
    return not _VERSION_2.search(text) and bool(_OLD_RULE.search(text))


@dataclass
class _Line:
    name: str
    params: list[tuple[str, str]]
    value: str
    encoded: bool = False  # the value was quoted-printable or base64: decoded, and plain text

    def param(self, name: str) -> str:
        return next((v for k, v in self.params if k == name), "")


@dataclass
class _Zone:
    """The calendar's ``TZ`` and ``DAYLIGHT`` properties: what a local time means."""

    standard: dt.timedelta | None = None
    daylight: list[tuple[dt.datetime, dt.datetime, dt.timedelta]] = field(default_factory=list)

    def to_utc(self, value: str) -> str:
        """A local date-time as UTC (``...Z``) when the calendar gives its offset; anything
        else as written."""
        match = _DATE_TIME.match(value)
        if self.standard is None or not match or not match[2] or match[4]:
            return value
        local = _naive(match)
        offset = next((o for a, b, o in self.daylight if a <= local < b), self.standard)
        return (local - offset).strftime("%Y%m%dT%H%M%SZ")


def to_icalendar(text: str) -> tuple[str, list[str]]:
    """iCalendar 2.0 text for the vCalendar 1.0 ``text`` (with line breaks already LF or
    CRLF), and notes on what could not be carried over."""
    lines = [_split(raw) for raw in _logical_lines(text)]
    zone = _zone([line for line in lines if line is not None])
    notes: list[str] = []
    out: list[str] = []
    event: list[_Line] = []
    depth = 0
    for line in lines:
        if line is None:
            continue
        if line.name == "BEGIN" and line.value.strip().upper() == "VEVENT":
            depth, event = 1, []
            continue
        if depth:
            if line.name == "BEGIN":
                depth += 1
            elif line.name == "END":
                depth -= 1
            if depth:
                event.append(line)
                continue
            out += ["BEGIN:VEVENT", *_event(event, zone, notes), "END:VEVENT"]
            continue
        if line.name in ("TZ", "DAYLIGHT"):
            continue
        if line.name == "VERSION":
            out.append("VERSION:2.0")
            continue
        out.append(_render(line.name, line.params, line.value))
    if depth:  # the file ends inside the event: leave that to the structure check
        out += ["BEGIN:VEVENT", *(_render(x.name, x.params, x.value) for x in event)]
    return "\r\n".join(out) + "\r\n", notes


def _logical_lines(text: str) -> list[str]:
    """Unfolded lines: a line starting with whitespace continues the one before, whitespace
    and all (RFC 822); a quoted-printable value ending in ``=`` continues on the next line,
    whatever that starts with."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if out and _soft_break(out[-1]):
            out[-1] = out[-1][:-1] + raw
        elif out and raw[:1] in (" ", "\t"):
            out[-1] += raw
        elif raw.strip():
            out.append(raw)
    return out


def _soft_break(line: str) -> bool:
    head, _, value = line.partition(":")
    return value.endswith("=") and "QUOTED-PRINTABLE" in head.upper()


def _split(raw: str) -> _Line | None:
    """A content line's name, parameters and value, the value decoded when it was encoded."""
    head, colon, value = _partition_outside_quotes(raw)
    if not colon:
        return None
    name, *parts = head.split(";")
    name = name.strip().upper()
    if not _NAME.fullmatch(name):
        return None
    params: list[tuple[str, str]] = []
    for part in parts:
        key, eq, val = part.partition("=")
        key = key.strip().upper()
        if not eq:  # vCalendar 1.0 lets a parameter's value stand alone
            if key in _BARE_ENCODINGS:
                params.append(("ENCODING", key))
            continue
        params.append((key, val.strip()))
    line = _Line(name, params, value)
    encoding = line.param("ENCODING").upper()
    if encoding in ("QUOTED-PRINTABLE", "BASE64"):
        line.value = _decode(value, encoding, line.param("CHARSET"))
        line.encoded = True
    line.params = [(k, v) for k, v in params if k not in ("ENCODING", "CHARSET")]
    return line


def _partition_outside_quotes(raw: str) -> tuple[str, str, str]:
    quoted = False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return raw[:index], ":", raw[index + 1 :]
    return raw, "", ""


def _decode(value: str, encoding: str, charset: str) -> str:
    try:
        data = (
            quopri.decodestring(value.encode("latin-1", "replace"))
            if encoding == "QUOTED-PRINTABLE"
            else base64.b64decode(value.strip() + "===", validate=False)
        )
    except (ValueError, binascii.Error):
        return value
    for name in ([charset] if charset else []) + ["utf-8"]:
        try:
            codecs.lookup(name)
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _zone(lines: list[_Line]) -> _Zone:
    zone = _Zone()
    for line in lines:
        if line.name == "TZ":
            zone.standard = _offset(line.value.strip())
        elif line.name == "DAYLIGHT":
            # DAYLIGHT:TRUE;+02;20260329T020000;20261025T030000;CEST;CET
            parts = line.value.split(";")
            if len(parts) >= 4 and parts[0].strip().upper() == "TRUE":
                offset = _offset(parts[1].strip())
                begin, end = (_DATE_TIME.match(p.strip()) for p in parts[2:4])
                if offset is not None and begin and end:
                    zone.daylight.append((_naive(begin), _naive(end), offset))
    return zone


def _offset(text: str) -> dt.timedelta | None:
    match = _OFFSET.match(text)
    if not match:
        return None
    sign = -1 if match[1] == "-" else 1
    return sign * dt.timedelta(hours=int(match[2]), minutes=int(match[3] or 0))


def _naive(match: re.Match[str]) -> dt.datetime:
    day = dt.datetime.strptime(match[1], "%Y%m%d")
    if match[2]:
        day = day.replace(
            hour=int(match[2][:2]), minute=int(match[2][2:]), second=int(match[3] or 0)
        )
    return day


def _event(lines: list[_Line], zone: _Zone, notes: list[str]) -> list[str]:
    """One VEVENT's properties in iCalendar 2.0."""
    start = next((x.value.strip() for x in lines if x.name == "DTSTART"), "")
    has_organizer = any(x.name == "ORGANIZER" for x in lines)
    roles = [x.param("ROLE").upper() for x in lines if x.name == "ATTENDEE"]
    organizer_role = "ORGANIZER" if "ORGANIZER" in roles else "OWNER"
    out: list[str] = []
    for line in lines:
        name, value = line.name, line.value
        if name in _ALARMS:
            continue  # the reader's own reminders, not part of the meeting
        if name in _TIMES:
            out.append(_render(name, line.params, zone.to_utc(value.strip())))
        elif name in _LISTS:
            items = [zone.to_utc(v.strip()) for v in re.split(r"[;,]", value) if v.strip()]
            out.append(_render(name, line.params, ",".join(items)))
        elif name in ("RRULE", "EXRULE"):
            rule, problem = translate_rule(value, start)
            if rule is not None:
                out.append(f"{name}:{_until_in_zone(rule, zone)}")
            elif name == "RRULE":
                notes.append(
                    f"the vCalendar 1.0 repeat rule {value.strip()!r} cannot be read ({problem}):"
                    " only its first meeting can be answered, not the series"
                )
                if start and not any(x.name == "RECURRENCE-ID" for x in lines):
                    out.append(_render("RECURRENCE-ID", [], zone.to_utc(start)))
            else:
                notes.append(f"left out a vCalendar 1.0 exception rule it cannot read ({problem})")
        elif name == "ATTENDEE":
            role = line.param("ROLE").upper()
            if role == organizer_role and not has_organizer:
                has_organizer = True
                out.append(_person("ORGANIZER", line, {}))
            else:
                expect = line.param("EXPECT").upper()
                extra = {
                    "ROLE": "NON-PARTICIPANT" if expect == "FYI" else "REQ-PARTICIPANT",
                    "PARTSTAT": _PARTSTAT.get(line.param("STATUS").upper(), "NEEDS-ACTION"),
                }
                if line.param("RSVP"):
                    extra["RSVP"] = (
                        "TRUE" if line.param("RSVP").upper() in ("YES", "TRUE") else "FALSE"
                    )
                out.append(_person("ATTENDEE", line, extra))
        elif name == "ORGANIZER":
            out.append(_person("ORGANIZER", line, {}))
        elif name == "STATUS":
            status = value.strip().upper()
            if status == "CANCELLED":
                out.append("STATUS:CANCELLED")
            elif status in _EVENT_STATUS:
                out.append(f"STATUS:{_EVENT_STATUS[status]}")
            # The other words say where the owner's own answer stands, not the meeting's.
        elif name == "CATEGORIES":
            out.append(_render(name, line.params, ",".join(_text(v) for v in value.split(";"))))
        elif name == "DCREATED":
            out.append(_render("CREATED", line.params, value.strip()))
        elif line.encoded:
            out.append(_render(name, line.params, _text(value)))
        else:
            out.append(_render(name, line.params, value))
    return out


def _person(name: str, line: _Line, extra: dict[str, str]) -> str:
    """``John Smith <john@example.com>`` (or a bare or ``mailto:`` address) as a calendar
    address with its name in CN."""
    value = " ".join(line.value.split())
    cn = next((v for k, v in line.params if k == "CN"), "")
    match = re.match(r"^(.*?)\s*<([^<>]*)>\s*$", value)
    if match:
        cn, value = cn or match[1].strip().strip('"'), match[2].strip()
    address = re.sub(r"^mailto:", "", value, flags=re.I).strip()
    params = [(k, v) for k, v in line.params if k not in ("ROLE", "STATUS", "RSVP", "EXPECT", "CN")]
    if cn:
        params.append(("CN", cn))
    params += list(extra.items())
    return _render(name, params, f"mailto:{address}")


def _render(name: str, params: list[tuple[str, str]], value: str) -> str:
    rendered = "".join(f";{k}={_param_value(v)}" for k, v in params)
    return f"{name}{rendered}:{value}"


def _param_value(value: str) -> str:
    value = value.strip().strip('"').replace('"', "'")
    return f'"{value}"' if re.search(r"[;:,]", value) else value


def _text(value: str) -> str:
    """Decoded text as an iCalendar TEXT value. vCalendar 1.0 escapes only ``;`` (and some
    writers escape like iCalendar): undo what is there, then escape for iCalendar."""
    plain = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
    plain = plain.replace("\r\n", "\n").replace("\r", "\n")
    return plain.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _until_in_zone(rule: str, zone: _Zone) -> str:
    return re.sub(r"UNTIL=([0-9T]+Z?)", lambda m: f"UNTIL={zone.to_utc(m[1])}", rule)


def translate_rule(rule: str, start: str) -> tuple[str | None, str]:
    """The RFC 5545 RECUR value for the vCalendar 1.0 ``rule`` of an event starting at
    ``start`` (as written, ``YYYYMMDD[THHMMSS[Z]]``); else None and why not."""
    tokens = rule.upper().split()
    head = _RULE_START.match(tokens[0]) if tokens else None
    if head is None:
        return None, "it is not a vCalendar 1.0 rule"
    kind, interval = head[1], int(head[2])
    if interval < 1:
        return None, "its interval is 0"
    count: int | None = None
    until = ""
    body: list[str] = []
    for token in tokens[1:]:
        if re.fullmatch(r"#\d+", token):
            count = int(token[1:])
        elif _DATE_TIME.match(token):
            until = token
        elif _RULE_START.match(token):
            return None, "it nests a second rule"
        elif count is not None or until:
            return None, f"{token!r} follows its end"
        else:
            body.append(token)
    if count is not None and until:
        return None, "it gives both a count and an end date"
    if count is None and not until:
        return None, "it gives neither a count (#n) nor an end date"
    start_match = _DATE_TIME.match(start)
    first = _naive(start_match) if start_match else None
    parts = {"D": "DAILY", "W": "WEEKLY", "MP": "MONTHLY", "MD": "MONTHLY"}
    out = [f"FREQ={parts.get(kind, 'YEARLY')}"]
    if interval > 1:
        out.append(f"INTERVAL={interval}")
    by, problem = _by_parts(kind, body, first)
    if by is None:
        return None, problem
    out += by
    if count:  # #0 is "for ever"
        out.append(f"COUNT={count}")
    if until:
        out.append(f"UNTIL={_until(until, start)}")
    return ";".join(out), ""


def _by_parts(
    kind: str, body: list[str], first: dt.datetime | None
) -> tuple[list[str] | None, str]:
    if kind == "D":
        # A daily rule may list the times of day; only the start's own time says nothing new.
        if body and (first is None or any(t != first.strftime("%H%M") for t in body)):
            return None, "it lists several times of day"
        return [], ""
    if kind == "W":
        if any(t not in _WEEKDAYS for t in body):
            return None, f"{' '.join(body)!r} are not weekdays"
        return ([f"BYDAY={','.join(body)}"] if body else []), ""
    if kind == "MP":
        return _by_position(body, first)
    if kind == "MD":
        days = [_month_day(t) for t in body]
        if any(d is None for d in days):
            return None, f"{' '.join(body)!r} are not days of the month"
        return ([f"BYMONTHDAY={','.join(str(d) for d in days)}"] if days else []), ""
    numbers = [int(t) if t.isdigit() else 0 for t in body]
    top, part = (12, "BYMONTH") if kind == "YM" else (366, "BYYEARDAY")
    if any(not 1 <= n <= top for n in numbers):
        return (
            None,
            f"{' '.join(body)!r} are not {'months' if kind == 'YM' else 'days of the year'}",
        )
    return ([f"{part}={','.join(map(str, numbers))}"] if numbers else []), ""


def _by_position(body: list[str], first: dt.datetime | None) -> tuple[list[str] | None, str]:
    """``MP1 1+ MO 2- FR``: the first Monday and the second-to-last Friday of each month. A
    position without weekdays, or no position at all, means the start's weekday."""
    weekday = _WEEKDAYS[first.weekday()] if first else None
    days: list[str] = []
    position: int | None = None
    named = True
    for token in body:
        match = re.fullmatch(r"([1-5])([+-])", token)
        if match:
            if not named and weekday:
                days.append(f"{position}{weekday}")
            position, named = int(match[1]) * (-1 if match[2] == "-" else 1), False
        elif token in _WEEKDAYS and position is not None:
            days.append(f"{position}{token}")
            named = True
        else:
            return None, f"{token!r} is not a week of the month or a weekday"
    if position is not None and not named:
        if weekday is None:
            return None, "it names no weekday"
        days.append(f"{position}{weekday}")
    if not days:
        if first is None:
            return None, "it names no weekday"
        days.append(f"{(first.day - 1) // 7 + 1}{weekday}")
    return [f"BYDAY={','.join(days)}"], ""


def _month_day(day: str) -> int | None:
    if day == "LD":
        return -1
    match = re.fullmatch(r"(\d{1,2})([+-]?)", day)
    if not match or not 1 <= int(match[1]) <= 31:
        return None
    return -int(match[1]) if match[2] == "-" else int(match[1])


def _until(end: str, start: str) -> str:
    """RFC 5545 §3.3.10: UNTIL is a date when the start is, else a date-time."""
    match = _DATE_TIME.match(end)
    assert match is not None
    if _DATE_TIME.match(start) and "T" not in start:
        return match[1]
    if not match[2]:
        return f"{match[1]}T235959"  # the whole last day
    return end
