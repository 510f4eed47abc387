"""German: business mail as a German account manager writes it (DIN 5008 for dates and times)."""

from addon.i18n.languages.base import Language
from addon.i18n.messages import msg

LANGUAGE = Language(
    code="de",
    order=4,
    locale="de_DE",
    tag="de-DE",
    name=msg("German"),
    clock="H:mm",  # DIN 5008: "9:00 Uhr" ("09:00 Uhr" is as right); the letters add "Uhr"
    # "Freitag, 18. Dezember": the comma after the weekday, the day an ordinal with its point.
    day_formats={"": ("EEEE, d. MMMM", "EEEE, d. MMMM y")},
    # German capitalises every noun, so a holiday keeps its name in a sentence ("Neujahr").
    holiday_capitals=None,
    # Only words spelt differently in Swedish, Norwegian, Danish and English: "den", "der",
    # "dem", "vor", "mit", "gerne" and "er" are everyday words of the Scandinavian languages.
    markers=frozenset((
        # Not "des", "die", "das", "wie": French, Dutch and Portuguese write them every line
        # (a French invite's "des idées ... des choses" read as German, in the public corpus).
        "und", "ist", "nicht", "wir", "ich", "sie", "ein", "eine", "einen", "werden", "wird",
        "können", "einladung", "nächste", "nächsten", "woche", "heute",
        "einem", "auf", "zu", "zum", "zur", "im", "bitte", "danke", "vielen", "dank", "uns",
        "unser", "unsere", "unseren", "ihnen", "ihre", "ihren", "auch", "noch", "über",
        "möchten", "würden", "sind", "haben", "dass", "oder", "aber", "bei", "besprechen",
        "besprechung", "gespräch", "termin", "grüße", "freundlichen", "sehr", "geehrte",
        "liebe", "lieber", "gern",
    )),
    # German builds compounds ("Vertragsverlängerung", "Preiserhöhung"), so its stems match
    # inside a word. Each is keyed by the English msgid its cards name. Not "Kündigung" after
    # "an(ge)" ("Ankündigung" announces), not "Störung" alone ("Entschuldigen Sie die
    # Störung" is politeness), not "Klage" alone (Danish "klage" is a complaint).
    serious={
        "contract": r"vertr[aä]g",
        "renewal": r"verlängerung|erneuerung",  # not the verb: "verlängern wir um 15 Minuten"
        "price": r"preis|konditionen",
        "complaint": r"beschwerde|reklamation|mängelrüge",
        "escalation": r"eskalation|eskalier",
        "termination": r"(?<!an)(?<!ange)kündig",
        "legal": (
            r"rechtsanw|anwalt|anwält|justiziar|rechtsabteilung|rechtsstreit|rechtlich"
            r"|gerichtlich|gerichtsverfahren"
        ),
        "cancellation": r"stornier|storno",
        "dispute": r"streitfall|streitigkeit|strittig",
        "breach": r"vertragsbruch|pflichtverletzung",
        "incident": r"vorfall|störfall|betriebsstörung|systemausfall",
    },
    compounds=True,
    meeting_words=(r"besprechung", r"meeting", r"termin"),
    call_words=(r"telefonat", r"anruf", r"telefonkonferenz", r"videokonferenz", r"videocall"),
    online_words=(r"virtuell\w*", r"digital\w*", r"webinar", r"videokonferenz", r"remote"),
    place_words=(
        r"raum", r"\w+raum", r"besprechungsraum", r"konferenzraum", r"meetingraum", r"sitzungssaal",
        r"saal", r"etage", r"stock", r"obergeschoss", r"erdgeschoss", r"büro\w*", r"zentrale",
        r"hauptsitz", r"gebäude", r"haus", r"lager", r"studio", r"empfang", r"rezeption",
        r"café", r"kantine", r"restaurant", r"hotel", r"werk", r"fabrik", r"laden", r"filiale",
        r"platz",
    ),
    # Not "ring" ("Kaiserring"): it ends "during" and "offering" too.
    street_suffixes=(r"straße", r"strasse", r"weg", r"allee", r"platz", r"gasse", r"damm",
                     r"ufer", r"chaussee"),
    filler_words=(
        r"über", r"per", r"siehe", r"link", r"unten", r"oben", r"einladung", r"details", r"im",
        r"in", r"und", r"oder", r"folgt",
    ),
    agenda_verbs=(
        r"besprechen", r"sprechen\s+über", r"reden\s+über", r"diskutieren", r"klären",
        r"gehen\s+(?:gemeinsam\s+)?durch", r"schauen\s+uns", r"tagesordnung:",
    ),
    agenda_leads=(
        r"wir", r"ich", r"möchten", r"möchte", r"wollen", r"werden", r"würden", r"sollten",
        r"gern(?:e)?",
    ),
    agenda_headings=(r"tagesordnung", r"agenda", r"themen", r"punkte", r"zu\s+besprechen"),
    pointer_words=(
        "unten", "oben", "anhang", "anbei", "beigefügt", "beigefügte", "details", "informationen",
        "info", "siehe", "folgende", "folgenden", "hier",
    ),
    agenda_joins=(r"und", r"sowie"),
    agenda_articles=(r"die", r"der", r"das", r"den", r"unsere", r"unseren", r"unser", r"ihre",
                     r"ihren", r"eine", r"einen"),
    greetings=(
        r"hallo", r"guten\s+(?:tag|morgen|abend)", r"liebe[rs]?", r"sehr\s+geehrte[rs]?",
        r"moin", r"servus", r"grüß\s+gott",
    ),
    sign_offs=(
        r"viele\s+grüße", r"beste\s+grüße", r"liebe\s+grüße", r"freundliche\s+grüße",
        r"mit\s+freundlichen\s+grüßen", r"herzliche\s+grüße", r"gruß", r"grüße", r"vg", r"lg",
        r"mfg", r"danke", r"vielen\s+dank",
    ),
)  # fmt: skip
