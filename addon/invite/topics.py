"""Whether a meeting's topic looks serious: money, contracts, trouble, lawyers.

A serious topic is never moved to email (``addon.triage.rules``). English words match at the
start of a word ("renewals", "escalated"); Swedish builds compounds, so its stems match inside a
word too ("avtalsförhandling", "kontraktsförnyelse"), except "pris", which only matches where it
is a word or the head of a compound ("prishöjning", "timpris"), not inside "prisma".
"""

from __future__ import annotations

import re

_ENGLISH = {
    "contract": r"contract",
    "renewal": r"renew",
    "escalation": r"escalat",
    "complaint": r"complain",
    "incident": r"incident",
    "termination": r"terminat",
    "legal": r"legal|lawyer|attorney|litigation|lawsuit",
    "price": r"pric(?:e|es|ing|ed)\b",
    "cancellation": r"cancel+ation",
    "dispute": r"dispute",
    "breach": r"breach",
}
_SWEDISH = {
    "avtal": r"avtal",
    "kontrakt": r"kontrakt",
    "förnyelse": r"förny|förläng",
    "eskalering": r"eskaler",
    "klagomål": r"klagomål|reklamation",
    "uppsägning": r"uppsäg|hävning",
    "juridik": r"juridi|jurist|advokat|rättslig|tvist",
    "pris": (
        r"(?<![^\W\d_])pris(?:er|et|erna|höjning\w*|sänkning\w*|sättning\w*|förhandling\w*"
        r"|lista\w*|modell\w*)?(?![^\W\d_])"
        r"|(?<=[^\W\d_])pris(?:et|er)?(?![^\W\d_])"
    ),
}

# Every term a topic can be flagged for, in English and Swedish: each is a msgid to translate.
TERMS: tuple[str, ...] = (*_ENGLISH, *_SWEDISH)

_PATTERNS = [
    (term, re.compile(r"(?<![^\W\d_])(?:" + pattern + ")", re.IGNORECASE))
    for term, pattern in _ENGLISH.items()
] + [
    (term, re.compile(r"(?:" + pattern + ")", re.IGNORECASE)) for term, pattern in _SWEDISH.items()
]

# Conferencing footers (Google's "-::~:~::~" line, Teams' underscores) hold no topic, and their
# legal small print would make every online meeting look serious.
_FOOTER = re.compile(
    r"^-::~:~::~|^_{20,}\s*$|^Microsoft Teams[ -](?:meeting|möte)\b|^Join Zoom Meeting\b",
    re.MULTILINE,
)


def topic_text(summary: str, description: str) -> str:
    """The part of an invite that says what the meeting is about."""
    body = _FOOTER.split(description, maxsplit=1)[0]
    return f"{summary}\n{body}"


def serious_terms(text: str) -> tuple[str, ...]:
    """The serious topics the text mentions, in a fixed order, each once."""
    return tuple(term for term, pattern in _PATTERNS if pattern.search(text))


_URL = re.compile(r"<?https?://[^\s<>]+>?", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good\s+(?:morning|afternoon)|hej|hejsan|hallå|god\s+morgon)\b"
    r"[^.!?\n]{0,40}[,!.:]?$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(?:(?:best|thanks|thank\s+you|regards|kind\s+regards|cheers|see\s+you|mvh|hälsningar"
    r"|vänliga\s+hälsningar|tack)\b.{0,30}"
    # a name alone on the last line: one or two words, no sentence punctuation
    r"|[/–-]?\s*[^\W\d_][\w-]{1,20}(?:\s[^\W\d_][\w-]{1,20})?)$",
    re.IGNORECASE,
)


def client_message(description: str) -> str:
    """What the organizer wrote about the meeting, for the account manager: no conferencing
    footer, no greeting or signature lines, and each link once."""
    lines = [line.rstrip() for line in topic_text("", description).strip().splitlines()]
    while lines and (not lines[0].strip() or _GREETING.match(lines[0].strip())):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _SIGN_OFF.match(lines[-1].strip())):
        lines.pop()
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        parts, rest = [], line
        for match in _URL.finditer(line):
            link = match.group(0)
            before, _, rest = rest.partition(link)
            bare = link.strip("<>")
            parts += [before, "" if bare in seen else link]
            seen.add(bare)
        kept.append(" ".join("".join([*parts, rest]).split()))
    return "\n".join(kept).strip()
