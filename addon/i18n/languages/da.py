"""Danish: business mail as a Danish account manager writes it (Dansk Sprognævn's conventions:
"kl. 10.00", "fredag den 18. december")."""

from addon.i18n.languages.base import Language
from addon.i18n.messages import msg

LANGUAGE = Language(
    code="da",
    order=3,
    locale="da_DK",
    tag="da-DK",
    name=msg("Danish"),
    clock="H.mm",  # Sprognævnet: "kl. 9.00" in running text, not CLDR's "09.00"
    day_formats={"": ("EEEE 'den' d. MMMM", "EEEE 'den' d. MMMM y")},  # "fredag den 18. december"
    holiday_capitals=frozenset(("Kristi",)),  # "juledag", "anden pinsedag", "Kristi himmelfartsdag"
    # Only words spelled differently in Norwegian and Swedish ("af" / "av" / "av", "møde" /
    # "møte" / "möte", "tak" / "takk" / "tack"): the Scandinavian words the three share
    # ("og", "ikke", "det", "på", "vi") would count for every one of them and tell none apart.
    markers=frozenset((
        # Small words Norwegian or Swedish write alike: listed so that they count for no language
        # (addon/invite/language.py), not for the one of the three that happened to list them.
        "er", "kan", "ikke", "det", "som", "om", "har", "til", "og", "jeg", "hvis", "hej", "vi",
        "på", "med",
        "af", "hvad", "hvornår", "nogle", "noget", "nogen", "vores", "jer", "jeres", "lidt",
        "gerne", "måske", "blive", "bliver", "næste", "sidste", "uge", "ugen", "tilbage",
        "endnu", "mellem", "imod", "gøre", "gør", "deltage", "deltager", "venlig", "venligst",
        "venlige", "aftale", "aftalt", "aftalen", "møde", "mødet", "mødes", "møder",
        "mødelokale", "mødelokalet", "gennemgå", "gennemgår", "gennemgang", "igennem", "gennem",
        "spørgsmål", "tak", "bedes", "vedhæftet", "foreløbig", "efterfølgende", "kigge",
        "kigger", "bedste", "hinanden", "kære", "glæder", "rigtig", "ud", "op", "ligesom",
        "indkaldelse", "hilsner", "nuværende", "udløber", "udkast", "derudover", "inden",
        "altid", "hurtigt", "desværre", "havde", "siger", "ugentlig", "tjekke",
        "tilbagemelding", "indkaldelsen", "uges", "kigget", "tage", "snak", "nytår",
    )),
    # Keyed by the English terms, so a card names them in the reader's language. Danish builds
    # compounds ("kontraktforhandling", "rammeaftale"), so stems match inside a word, but for
    # "pris" (only a word or a compound's head: "prisstigning", "timepris", not "prisvindende")
    # and "klage" (not "beklager", Danish for "sorry").
    serious={
        "contract": (
            r"kontrakt|(?:ramme|samarbejds|service|leverance|licens|drifts|kunde|leverandør"
            r"|handels|forsynings?)aftale"
        ),
        "renewal": r"fornyels|forny(?:e|er|es)(?![^\W\d_])|genforhandl",
        "escalation": r"eskaler",
        "complaint": r"(?<!be)klag(?:e|er|en|et|esag\w*)(?![^\W\d_])|reklamation",
        "incident": r"nedbrud|driftsforstyrrels|sikkerhedshændels|(?<=[^\W\d_])incident",
        "termination": r"opsig(?:e|er|es|else\w*)(?![^\W\d_])|ophævelse",
        "legal": r"juridisk|jurist|advokat|retssag|retslig|sagsanlæg|voldgift",
        "price": (
            r"(?<![^\W\d_])pris(?:en|er|erne|stigning\w*|forhøjelse\w*|nedsættelse\w*"
            r"|sætning\w*|forhandling\w*|liste\w*|model\w*|niveau\w*|regulering\w*)?"
            r"(?![^\W\d_])"
            r"|(?<=[^\W\d_])pris(?:en|er|erne)?(?![^\W\d_])"
        ),
        "cancellation": r"annuller",
        "dispute": r"tvist",
        "breach": r"misligholdels|kontraktbrud|aftalebrud|sikkerhedsbrud|databrud",
    },
    compounds=True,
    meeting_words=("møde",),  # "Microsoft Teams-møde", as Exchange writes it in Danish
    call_words=("opkald", "samtale"),
    online_words=(
        r"virtuel(?:t|le)?", r"digital(?:t|e)?", r"videomøde\w*", r"telefonmøde\w*",
        r"onlinemøde\w*", r"fjernmøde\w*", r"webinar\w*",
    ),
    place_words=(
        r"lokale", r"lokalet", r"mødelokale\w*", r"mødelokalet", r"sal", r"salen", r"etage",
        r"kontor\w*", r"hovedkontor\w*", r"bygning\w*", r"hus", r"huset", r"lager", r"studie",
        r"reception\w*", r"kantine\w*", r"café", r"restaurant", r"hotel", r"fabrik", r"butik",
        r"frokoststue",
    ),
    street_suffixes=(
        r"gade", r"gaden", r"vej", r"vejen", r"allé", r"stræde", r"torv", r"plads", r"pladsen",
        r"boulevard",
    ),
    filler_words=(
        r"invitation", r"indkaldelse", r"link", r"linket", r"nedenfor", r"se", r"på", r"i",
        r"og", r"eller", r"følger",
    ),
    agenda_verbs=(
        r"gennemgå", r"gennemgår", r"gå\s+igennem", r"går\s+igennem", r"drøfte", r"drøfter",
        r"diskutere", r"diskuterer", r"tale\s+om", r"taler\s+om", r"snakke\s+om",
        r"snakker\s+om", r"kigge\s+på", r"kigger\s+på", r"følge\s+op\s+på", r"følger\s+op\s+på",
        r"tage\s+fat\s+på", r"tager\s+fat\s+på", r"dagsorden:",
    ),
    agenda_leads=(
        r"vi", r"jeg", r"skal", r"vil", r"kan", r"at", r"lad\s+os", r"gerne",
        r"kommer\s+til\s+at",
    ),
    agenda_headings=(r"dagsorden", r"punkter", r"emner", r"til\s+drøftelse", r"program"),
    pointer_words=(
        "nedenfor", "ovenfor", "vedhæftet", "vedhæftede", "bilag", "bilaget", "detaljer",
        "information", "info", "se", "følgende", "her",
    ),
    agenda_joins=(r"og", r"samt"),
    agenda_articles=(r"den", r"det", r"de", r"en", r"et", r"vores", r"jeres"),
    greetings=(r"hej", r"hejsa", r"kære", r"goddag", r"god\s+morgen", r"hallo"),
    sign_offs=(
        r"venlig\s+hilsen", r"med\s+venlig\s+hilsen", r"venlige\s+hilsner", r"mvh", r"vh",
        r"hilsen", r"bedste\s+hilsner", r"tak", r"på\s+forhånd\s+tak", r"vi\s+ses",
    ),
)  # fmt: skip
