"""Where a meeting happens: an online meeting link or phone bridge, a physical place, or both.

Teams, Zoom, Meet and Webex put their links in different places: X- properties (Exchange,
Google), RFC 7986 CONFERENCE, the LOCATION line, or only in the description. Exchange writes
"Microsoft Teams Meeting" (localised: "Microsoft Teams-möte") as the location of an online-only
meeting, which must not count as a place to travel to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PROVIDER_URL = re.compile(
    r"""https://(?:
        (?:[\w-]+\.)?teams\.microsoft\.com/(?:l/meetup-join|meet)/\S+
      | teams\.live\.com/meet/\S+
      | (?:[\w-]+\.)?zoom(?:gov)?\.(?:us|com)/(?:j|my|w|s|wc)/\S+
      | meet\.google\.com/[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}\S*
      | (?:[\w-]+\.)?webex\.com/\S+
      | (?:global\.)?gotomeeting\.com/join/\S+
      | meet\.goto\.com/\S+
      | meet\.jit\.si/\S+
      | whereby\.com/\S+
      | join\.skype\.com/\S+
      | (?:[\w-]+\.)?chime\.aws/\S+
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_ANY_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_TEL_URI = re.compile(r"\btel:\+?[\d\-\s().,;#*]{5,}", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
_TRAILING = "<>()[]{}\"'.,;:!"

# Words that name an online venue rather than a place, in the languages our users' clients use.
_VIRTUAL_WORDS = re.compile(
    r"""\b(?:microsoft\s+teams(?:[\s-]+(?:meeting|möte|besprechung|réunion))?
        |teams(?:[\s-]+(?:meeting|möte))?|zoom(?:\s+meeting|-möte)?|google\s+meet|hangouts?(?:\s+meet)?
        |webex(?:\s+meeting)?|skype(?:\s+meeting|-möte)?|goto\s*meeting|whereby|jitsi|chime
        |online|virtual|virtuell[at]?|digital[at]?|distans|video\s*(?:call|samtal|möte)?
        |conference\s+call|phone(?:\s+call)?|telefon(?:samtal|möte)?|call|samtal|dial[\s-]?in
        |tbd|tba|n/a|meet)\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Properties that carry the meeting link directly, most specific first.
LINK_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-GOOGLE-CONFERENCE",
    "X-ZOOM-MEETING-URL",
    "CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "URL",
)


def clean_url(url: str) -> str:
    return url.strip().rstrip(_TRAILING).lstrip("<")


def find_online_url(properties: Iterable[str], location: str, description: str) -> str | None:
    """The meeting's online link: from link properties, then the location, then the body."""
    for value in properties:
        value = value.strip()
        if match := _PROVIDER_URL.search(value):
            return clean_url(match.group(0))
        if value.lower().startswith("https://"):
            return clean_url(value.split()[0])
        if match := _TEL_URI.search(value):
            return _tel(match.group(0))
    if match := _PROVIDER_URL.search(location):
        return clean_url(match.group(0))
    if match := _ANY_URL.search(location):
        return clean_url(match.group(0))
    if _looks_like_phone_bridge(location):
        return _tel(location)
    if match := _PROVIDER_URL.search(description):
        return clean_url(match.group(0))
    return None


def is_physical(location: str) -> bool:
    """Whether the location names a place to go to, once links, phone numbers and the names of
    online services are set aside ("Room 4; Microsoft Teams Meeting" is a place, and online)."""
    rest = _ANY_URL.sub(" ", location)
    rest = _TEL_URI.sub(" ", rest)
    rest = _PHONE.sub(" ", rest)
    rest = _VIRTUAL_WORDS.sub(" ", rest)
    words = re.findall(r"[^\W\d_]{2,}|\d+[^\W\d_]+", rest)
    return bool(words)


def _looks_like_phone_bridge(location: str) -> bool:
    if not _PHONE.search(location) and not _TEL_URI.search(location):
        return False
    return not is_physical(location)


def _tel(text: str) -> str:
    number = re.sub(r"^tel:", "", text.strip(), flags=re.IGNORECASE)
    match = _PHONE.search(number)
    digits = re.sub(r"[^\d+]", "", match.group(0) if match else number)
    return f"tel:{digits}"
