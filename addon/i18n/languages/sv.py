"""Swedish: business mail as a Swedish account manager writes it (Språkrådet's conventions)."""

from addon.i18n.languages.base import Language
from addon.i18n.messages import msg

LANGUAGE = Language(
    code="sv",
    order=1,
    locale="sv_SE",
    tag="sv-SE",
    name=msg("Swedish"),
    clock="H.mm",  # Språkrådet: "kl. 9.00" in running text, not CLDR's "09:00"
    day_formats={"": ("EEEE 'den' d MMMM", "EEEE 'den' d MMMM y")},  # "fredag den 18 december"
    holiday_capitals=frozenset(("Kristi", "Sveriges")),
    markers=frozenset((
        "och", "att", "det", "är", "på", "för", "med", "vi", "jag", "inte", "som", "till",
        "om", "har", "kan", "hej", "tack", "möte", "mötet", "ska", "vill", "gärna", "våra",
        "vår", "era", "er", "går", "igenom", "inför", "kring",
    )),
    # Swedish builds compounds, so its stems match inside a word too ("avtalsförhandling",
    # "kontraktsförnyelse"), except "pris", which only matches where it is a word or the head
    # of a compound ("prishöjning", "timpris"), not inside "prisma". Each term is keyed by the
    # English msgid its cards name, as every language's are: one concept, one term, whatever
    # language the invite mixes.
    serious={
        # Not Norwegian's "avtale" (an appointment as often as an agreement): Swedish writes
        # "avtal", "avtalet", "avtalen", "avtals-".
        "contract": r"avtal(?!e(?:r|ne)?(?![^\W\d_]))|kontrakt",
        "renewal": r"förny|förläng",
        "escalation": r"eskaler",
        "complaint": r"klagomål|reklamation",
        "termination": r"uppsäg|hävning",
        "legal": r"juridi|jurist|advokat|rättslig|tvist",
        "price": (
            r"(?<![^\W\d_])pris(?:er|et|erna|höjning\w*|sänkning\w*|sättning\w*|förhandling\w*"
            r"|lista\w*|modell\w*)?(?![^\W\d_])"
            r"|(?<=[^\W\d_])pris(?:et|er)?(?![^\W\d_])"
        ),
    },
    compounds=True,
    meeting_words=("möte",),
    call_words=("samtal",),
    online_words=(
        r"virtuell[at]?", r"digital[at]?", r"distans", r"webbinarium",
    ),
    place_words=(
        r"rum", r"sal", r"rummet", r"salen", r"konferensrum\w*", r"mötesrum\w*", r"våning",
        r"plan\s+\d", r"kontor\w*", r"huvudkontor", r"byggnad", r"hus", r"lager", r"studio",
        r"reception", r"receptionen", r"kafé", r"restaurang", r"hotell", r"bar", r"fika",
        r"matsal", r"lunchrum", r"fabrik", r"butik", r"torg\w*",
    ),
    street_suffixes=(r"gatan", r"vägen", r"gata", r"väg", r"gränd", r"torget", r"platsen"),
    filler_words=(r"inbjudan", r"länk", r"nedan", r"se", r"på", r"i", r"och", r"eller"),
    agenda_verbs=(
        r"går\s+igenom", r"gå\s+igenom", r"diskuterar", r"diskutera", r"pratar\s+om",
        r"prata\s+om", r"tittar\s+på", r"titta\s+på", r"tar\s+upp", r"ta\s+upp",
        r"stämmer\s+av", r"stämma\s+av", r"dagordning:",
    ),
    agenda_leads=(r"vi", r"jag", r"ska", r"kommer\s+att", r"att", r"vill", r"kan"),
    agenda_headings=(r"dagordning", r"agenda", r"punkter", r"att\s+diskutera"),
    pointer_words=(
        "nedan", "ovan", "bifogad", "bifogat", "bifogade", "bilaga", "bilagan", "detaljer",
        "information", "se", "följande", "här",
    ),
    agenda_joins=(r"och", r"samt"),
    greetings=(r"hej", r"hejsan", r"hallå", r"god\s+morgon"),
    sign_offs=(r"mvh", r"hälsningar", r"vänliga\s+hälsningar", r"tack"),
)  # fmt: skip
