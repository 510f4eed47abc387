"""Where a meeting happens: an online meeting link or phone bridge, a physical place, or both.

Teams, Zoom, Meet and Webex put their links in different places: X- properties (Exchange,
Google), RFC 7986 CONFERENCE, the LOCATION line, or only in the description. Only a known join
link, or a conference property, is a meeting link: the plain ``URL`` property is any page about
the event (a project page, a ticket shop). Exchange writes "Microsoft Teams Meeting"
(localised: "Microsoft Teams-möte") as the location of an online-only meeting, which is not a
place to travel to. Whether a meeting is in person is decided from evidence (an address, a
room, an office; or online words and links), and is unknown when the invite gives neither.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from addon.i18n import LANGUAGES
from addon.invite.join_links import JOIN_LINK, service_of_host

_PROVIDER_URL = JOIN_LINK  # a known service's join link (addon.invite.join_links)
_ANY_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_TEL_URI = re.compile(r"\btel:\+?[\d\-\s().,;#*]{5,}", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
_TRAILING = "<>()[]{}\"'.,;:!"


def _words(field: str, *extra: str) -> str:
    """Every language's fragments of one kind (``addon.i18n.languages``), and ``extra``."""
    found = [w for language in LANGUAGES.values() for w in getattr(language, field)]
    return "|".join([*found, *extra])


# Services whose name alone says online, each maybe followed by "meeting" in any language
# ("Teams meeting", "Zoom-möte"), and the words each language has for an online venue or a call.
# Languages Raincheck does not speak yet (French, Dutch) add a few words of their own.
_ONLINE_SERVICES = (
    r"microsoft\s+teams|teams|zoom|google\s+meet|hangouts?(?:\s+meet)?|webex|skype"
    r"|goto\s*meeting|whereby|jitsi(?:\s+meet)?|chime|mumble|discord|slack(?:\s+huddle)?|meet"
    r"|video|phone|telefon"
)
_SERVICE_SUFFIX = "|".join((_words("meeting_words", "réunion"), _words("call_words")))
_VIRTUAL_WORDS = re.compile(
    rf"\b(?:(?:{_ONLINE_SERVICES})(?:[\s-]*(?:{_SERVICE_SUFFIX}))?"
    rf"|{_words('online_words')}|{_words('call_words')})\b",
    re.IGNORECASE,
)

# Evidence of a place to go to: a street address, a postal code, a room or a building.
_OTHER_PLACES = (r"halle", r"bureau", r"salle", r"kantoor", r"zaal")
_OTHER_STREETS = (r"laan", r"gracht", r"plein")
_PLACE = re.compile(
    rf"""\b(?:{_words("place_words", *_OTHER_PLACES)})\b
      | \w+(?:{_words("street_suffixes", *_OTHER_STREETS)})\b
      | \b[^\W\d_]{{3,}}\s+\d{{1,4}}[a-z]?\b | \b\d{{1,4}}[a-z]?\s+(?:rue|via|calle|[A-Z][a-z]+)\b
      | \b\d{{3}}\s?\d{{2}}\b | \b[A-Z]{{1,2}}-?\d{{2,4}}\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that say nothing about where: "Online via Zoom", "Google Meet (link below)".
_FILLER = re.compile(rf"\b(?:{_words('filler_words')})\b", re.IGNORECASE)
# Properties that are about the meeting's conference itself, most specific first; any https
# link in them is the meeting link.
CONFERENCE_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-GOOGLE-CONFERENCE",
    "X-ZOOM-MEETING-URL",
    "CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)


def online_service(url: str) -> str | None:
    """The service a join link belongs to ("Teams"), or None for a link of no known service
    or one that does not parse."""
    host = _host(url)
    return service_of_host(host) if host else None


def _host(url: str) -> str | None:
    """The link's host, or None when it does not parse as a URL ("https://evil.example]x",
    a port out of range): the sender wrote it, so such a link is only text."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return parts.hostname or None


def clean_url(url: str) -> str:
    return url.strip().rstrip(_TRAILING).lstrip("<")


def find_online_url(
    conference: Iterable[str], location: str, description: str, url: str = ""
) -> str | None:
    """The meeting's online link: from the conference properties, then a known join link in
    ``URL``, the location or the body; a bare link in a location that names no place. A link
    that does not parse as a URL is passed over (the location still shows it as text)."""
    for found in _online_candidates(conference, location, description, url):
        if found.startswith("tel:") or _host(found):
            return found
    return None


def _online_candidates(
    conference: Iterable[str], location: str, description: str, url: str
) -> Iterator[str]:
    for value in conference:
        value = value.strip()
        if match := _PROVIDER_URL.search(value):
            yield clean_url(match.group(0))
        elif value.lower().startswith("https://"):
            yield clean_url(value.split()[0])
        elif match := _TEL_URI.search(value):
            yield _tel(match.group(0))
    for text in (url, location):
        if match := _PROVIDER_URL.search(text):
            yield clean_url(match.group(0))
    if (match := _ANY_URL.search(location)) and not _PLACE.search(_ANY_URL.sub(" ", location)):
        yield clean_url(match.group(0))
    if _looks_like_phone_bridge(location):
        yield _tel(location)
    if match := _PROVIDER_URL.search(description):
        yield clean_url(match.group(0))


def in_person(location: str | None, online: bool) -> bool | None:
    """True when the location names a place to go to (an address, a room, an office: "Room 4;
    Microsoft Teams Meeting" is a place, and online); False when it is only online or a phone
    bridge, or empty beside a meeting link; None when the invite does not say ("Stockholm",
    "TBD", nothing at all)."""
    if location is not None and len(location) > _KEPT_LENGTH:
        return _in_person(location, online)
    return _kept_in_person(location, online)


# Invites of one client name the same few places again and again, and the answer depends on the
# text alone: kept for the last thousand places of a usual length (each search of a location
# scans it a dozen times), so that what is kept stays small whatever a sender writes.
_KEPT_LENGTH = 300


@functools.lru_cache(maxsize=1024)
def _kept_in_person(location: str | None, online: bool) -> bool | None:
    return _in_person(location, online)


def _in_person(location: str | None, online: bool) -> bool | None:
    rest = _TEL_URI.sub(" ", _ANY_URL.sub(" ", location or ""))
    bridge = bool(_PHONE.search(rest)) or bool(_TEL_URI.search(location or ""))
    rest = _PHONE.sub(" ", rest)
    without_online = _VIRTUAL_WORDS.sub(" ", rest)
    if _PLACE.search(without_online):
        return True
    left = re.findall(r"[^\W\d_]{2,}", _FILLER.sub(" ", without_online))
    if _VIRTUAL_WORDS.search(rest) or ((bridge or online) and not left):
        return False
    return None


def _looks_like_phone_bridge(location: str) -> bool:
    if not _PHONE.search(location) and not _TEL_URI.search(location):
        return False
    return in_person(location, online=False) is not True


def _tel(text: str) -> str:
    number = re.sub(r"^tel:", "", text.strip(), flags=re.IGNORECASE)
    match = _PHONE.search(number)
    digits = re.sub(r"[^\d+]", "", match.group(0) if match else number)
    return f"tel:{digits}"
