"""English: the msgid language (no catalog), in the user's regional style (en-GB, en-US)."""

from addon.i18n.languages.base import Language
from addon.i18n.messages import msg

LANGUAGE = Language(
    code="en",
    order=0,
    locale="en_US",
    tag="en-US",
    name=msg("English"),
    variants=(("en-GB", msg("English (UK)")), ("en-US", msg("English (US)"))),
    # British letters write "Friday 18 December" (Babel's en_GB has a comma).
    day_formats={"GB": ("EEEE d MMMM", "EEEE d MMMM y")},
    markers=frozenset((
        "the", "and", "to", "of", "for", "we", "you", "is", "are", "with", "meeting", "please",
        "hi", "thanks", "our", "your", "will", "would", "like", "through", "about", "let's",
        "at", "be", "this",
    )),
    # Matched at the start of a word: "renewals", "escalated".
    serious={
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
    },
    meeting_words=("meeting",),
    call_words=("call",),
    online_words=(
        r"online", r"virtual", r"digital", r"conference\s+call", r"dial[\s-]?in",
        r"live\s+meeting", r"webinar",
    ),
    place_words=(
        r"room", r"floor", r"office", r"hq", r"headquarters", r"building", r"house", r"campus",
        r"warehouse", r"studio", r"lobby", r"reception", r"café", r"cafe", r"restaurant",
        r"hotel", r"bar", r"pub", r"canteen", r"factory", r"site", r"plant", r"shop", r"store",
        r"streets?", r"st\.", r"road", r"rd\.", r"avenue", r"ave\.", r"boulevard", r"blvd",
        r"square", r"plaza",
    ),
    filler_words=(
        r"via", r"on", r"in", r"at", r"the", r"a", r"see", r"link", r"links", r"below",
        r"above", r"details", r"description", r"channel", r"invite", r"and", r"or", r"tbd",
        r"tba", r"n/a", r"to be (?:decided|announced)",
    ),
    agenda_verbs=(
        r"go\s+through", r"go\s+over", r"discuss", r"review", r"cover", r"talk\s+about",
        r"look\s+at", r"agenda:",
    ),
    agenda_leads=(
        r"we", r"i", r"let's", r"let\s+us", r"to", r"will", r"'ll", r"shall", r"can", r"could",
        r"would",
    ),
    agenda_headings=(r"agenda", r"topics", r"to\s+discuss", r"points"),
    pointer_words=(
        "information", "info", "below", "above", "details", "attached", "attachment", "redacted",
        "see", "following", "here",
    ),
    agenda_joins=(r"and", r"as\s+well\s+as"),
    agenda_articles=(r"the", r"our", r"your", r"a", r"an"),
    greetings=(r"hi", r"hello", r"hey", r"dear", r"good\s+(?:morning|afternoon)"),
    sign_offs=(
        r"best", r"thanks", r"thank\s+you", r"regards", r"kind\s+regards", r"cheers",
        r"see\s+you",
    ),
)  # fmt: skip
