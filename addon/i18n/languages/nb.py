"""Norwegian (bokmål): business mail as a Norwegian account manager writes it (Språkrådet's
conventions: "fredag 18. desember kl. 10.00", "Hei Kari," and "Vennlig hilsen")."""

from addon.i18n.languages.base import Language
from addon.i18n.messages import msg

LANGUAGE = Language(
    code="nb",
    order=2,
    locale="nb_NO",
    tag="nb-NO",
    aliases=("no", "nn"),
    name=msg("Norwegian"),
    clock="HH.mm",  # Språkrådet: "kl. 09.00" in running text, with a full stop
    day_formats={"": ("EEEE d. MMMM", "EEEE d. MMMM y")},  # "fredag 18. desember"
    # The library's names open with a capital ("Første juledag"); in a sentence they take a
    # small one ("første juledag"), but for the Christian feast ("Kristi himmelfartsdag").
    holiday_capitals=frozenset(("Kristi",)),
    # Words Norwegian spells its own way ("møte", "takk", "gjennom", "igjen"): Danish shares
    # "og", "ikke", "jeg", "fra", "også", so those cannot tell the two apart. Of the small words
    # Swedish lists and Norwegian writes alike, the three in nearly every sentence ("vi", "på",
    # "med") are listed too, or a short Norwegian invite would count for Swedish alone; more
    # of them ("som", "har", "om") would make a Swedish one count for Norwegian.
    markers=frozenset((
        # Small words Danish or Swedish write alike: listed so that they count for no language
        # (addon/invite/language.py), not for the one of the three that happened to list them.
        "er", "kan", "ikke", "det", "som", "om", "har", "til", "og", "jeg", "hvis",
        "møte", "møtet", "møter", "møtes", "møterom", "hei", "takk", "gjennom", "gjennomgang",
        "gjennomgå", "hva", "dere", "gjerne", "vennlig", "vennligst", "våre", "innen", "enn",
        "mye", "noe", "noen", "etter", "uke", "uken", "neste", "mellom", "dessverre", "gjøre",
        "deg", "meg", "seg", "tilbakemelding", "ettermiddag", "hadde", "ble", "sier", "avtale",
        "avtalen", "nå", "kveld", "ukentlig", "sjekke", "igjen", "spørsmål", "vært", "slik",
        "litt", "gjelder", "ferdig", "trenger", "tenker", "hjelp", "mulighet", "oppfølging",
        "oppdatering", "veien",
        "vi", "på", "med",
    )),
    # Keyed by the English terms, so cards name them in each reader's language. Norwegian
    # builds compounds ("avtaleforhandling", "prisøkning"), so stems match inside a word. A
    # plain "avtale" is also an appointment ("vi har en avtale"): only its contract senses.
    serious={
        "contract": (
            r"kontrakt|rammeavtal|avtaleforhandl|avtaleutkast|avtalevilkår|avtaleperiode"
            r"|avtalen(?![^\W\d_])|(?:service|leveranse|kunde|samarbeids|lisens|drifts)avtal"
        ),
        "renewal": r"fornye|fornyels|forleng",
        "escalation": r"eskaler",
        "complaint": r"(?<!be)klage|reklamasjon",  # not "beklager" (sorry)
        "incident": r"hendelse|driftsavvik|avviksmelding|driftsstans|nedetid",
        "termination": r"oppsigels|si\s+opp\b|heving\s+av",
        "legal": r"juridisk|jurist|advokat|rettssak|søksmål|tvist",
        "price": (
            r"(?<![^\W\d_])pris(?:en|er|ene|økning\w*|endring\w*|justering\w*|forhandling\w*"
            r"|liste\w*|modell\w*)?(?![^\W\d_])"
            r"|(?<=[^\W\d_])pris(?:en|er)?(?![^\W\d_])"
        ),
        "cancellation": r"kanseller|avbestill",
        "dispute": r"uenighet|tvistesak|omtvist",  # not "konflikt": a calendar clash
        "breach": r"mislighold|kontraktsbrudd|brudd\s+på",
    },
    compounds=True,
    meeting_words=("møte",),
    call_words=("samtale",),
    online_words=(
        r"digitalt?", r"virtuelt?", r"nettmøte", r"videomøte", r"webinar",
    ),
    place_words=(
        r"rom", r"rommet", r"sal", r"salen", r"møterom\w*", r"konferanserom\w*", r"etasje",
        r"etg", r"kontor\w*", r"hovedkontor\w*", r"bygg", r"bygget", r"hus", r"lager",
        r"studio", r"resepsjon\w*", r"kafé", r"kaffebar", r"restaurant", r"hotell", r"kantin\w*",
        r"lunsjrom\w*", r"fabrikk", r"butikk", r"torg\w*",
    ),
    street_suffixes=(
        # not "gate" alone: "delegate", "navigate" would read as a street
        r"gata", r"gaten", r"veien", r"vegen", r"vei", r"veg", r"plass", r"allé",
        r"torget", r"bryggen", r"brygga",
    ),
    filler_words=(r"invitasjon", r"lenke", r"lenken", r"nedenfor", r"se", r"via", r"eller"),
    agenda_verbs=(
        r"gå\s+gjennom", r"går\s+gjennom", r"gjennomgå", r"diskutere", r"diskuterer",
        r"snakke\s+om", r"snakker\s+om", r"se\s+på", r"ser\s+på", r"ta\s+opp", r"tar\s+opp",
        r"avklare", r"avklarer", r"agenda:",
    ),
    agenda_leads=(r"vi", r"jeg", r"skal", r"vil", r"kommer\s+til\s+å", r"å", r"kan", r"ønsker"),
    agenda_headings=(r"agenda", r"dagsorden", r"saker", r"punkter", r"tema"),
    pointer_words=(
        "nedenfor", "ovenfor", "vedlagt", "vedlagte", "vedlegg", "vedlegget", "detaljer",
        "informasjon", "info", "se", "følgende", "her",
    ),
    agenda_joins=(r"og", r"samt"),
    agenda_articles=(r"vår", r"våre", r"vårt", r"deres"),
    greetings=(r"hei", r"hallo", r"god\s+morgen", r"god\s+dag"),
    sign_offs=(
        r"mvh", r"hilsen", r"vennlig\s+hilsen", r"med\s+vennlig\s+hilsen", r"beste\s+hilsen",
        r"takk",
    ),
)  # fmt: skip
