"""The one vocabulary: every code the tables use, its labels in German and English, the
qualifier symbols and intervals, and the German cue words that the extractor reads.

Each kind of knowledge is defined here once and used everywhere: the registry takes its
enums from here (``codes``), charts, reports and ``ki check`` word a code with ``label``, and
the extractor compiles its patterns from the cue words. A new code gets its labels in both
languages here, or ``tests/test_vocab.py`` fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")
"""The languages of every label, chart and report."""


@dataclass(frozen=True)
class Term:
    """A code's label in German and English."""

    de: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


# --------------------------------------------------------------------------- codes
MEASURE: dict[str, Term] = {
    "ki_count": Term("Kommunale Integrationszentren", "municipal integration centres"),
    "district_count": Term("Kreise und kreisfreie Städte", "districts and county-level cities"),
    "funding_eur": Term("Fördermittel", "funding"),
    "staff_positions": Term("Personalstellen", "staff positions"),
    "teachers": Term("Lehrkräfte", "teachers"),
    "people_count": Term("Personen", "people"),
    "percent": Term("Anteil", "share"),
    "other": Term("Sonstiges", "other"),
}
"""What a figure counts or measures (the facts contract, docs/architecture.md)."""

UNIT: dict[str, Term] = {
    "EUR": Term("Euro", "euros"),
    "count": Term("Anzahl", "number"),
    "FTE": Term("Stellen (Vollzeit)", "full-time equivalent posts"),
    "percent": Term("Prozent", "per cent"),
}
"""The unit of a figure's value."""

QUALIFIER: dict[str, Term] = {
    "exact": Term("genau", "exactly"),
    "approx": Term("rund", "about"),
    "at_least": Term("über", "over"),
    "at_most": Term("bis zu", "up to"),
    "almost": Term("fast", "almost"),
}
"""How the text bounds a figure; the words are for running text ("rund 39,4 Mio. €")."""

QUALIFIER_SYMBOL: dict[str, str] = {
    "exact": "",
    "approx": "≈",
    "at_least": ">",
    "at_most": "≤",
    "almost": "<",
}
"""The sign shown before a figure in charts and tables. ``at_most`` and ``almost`` differ on
purpose: "bis zu 5" may be 5 (≤), "fast 5,3" stays below 5,3 (<)."""

QUALIFIER_BOUNDS: dict[str, tuple[float, float]] = {
    "exact": (0.0, 0.0),
    "approx": (-0.02, 0.02),
    "almost": (-0.05, 0.0),
    "at_least": (0.0, math.inf),
    "at_most": (-1.0, 0.0),
}
"""The range of true values a qualified figure allows, relative to the stated value: ``value *
(1 + low)`` to ``value * (1 + high)``. "rund" is ±2 % (press releases round to the digits they
print; 2 % on top of half a unit of the last digit also absorbs the rounding of parts); "fast"
is at most the figure and at most 5 % below it; "über" is a lower bound, "bis zu" an upper one.
Reconciliation (``tables.checks``) and the rounding of derived rows use the same bounds."""

QUALIFIER_ROUNDED_ENDS: dict[str, tuple[bool, bool]] = {
    "exact": (True, True),
    "approx": (True, True),
    "almost": (True, False),
    "at_least": (False, False),
    "at_most": (False, False),
}
"""Which ends of the interval also allow half a unit of the last printed digit ("19,6 Mio." may
be 19,55 to 19,65 Mio.); a bound ("über 100", "bis zu 5", the top of "fast 5,3") is exact."""

WARN_REL = 0.02
"""Outside the intervals but within this share of the stated figure: a warning (a sloppy
rounding), not yet a conflict."""

PERIOD_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
"""How precisely a document date or a figure's period is known (a subset of ``PRECISION``)."""

PRECISION: dict[str, Term] = {
    "day": Term("Tag", "day"),
    "month": Term("Monat", "month"),
    "year": Term("Jahr", "year"),
    "decade": Term("Jahrzehnt", "decade"),
}
"""How precisely a date is known. Documents and periods use day, month or year."""

EVENT_TYPE: dict[str, Term] = {
    "law_passed": Term("Gesetz verabschiedet", "law passed"),
    "office_opened": Term("Eröffnung", "office opened"),
    "funding_approved": Term("Förderung bewilligt", "funding approved"),
    "visit_done": Term("Besuch erfolgt", "visit made"),
    "visit_planned": Term("Besuch angekündigt", "visit announced"),
    "programme_start": Term("Programmstart", "programme start"),
    "other": Term("Sonstiges", "other"),
}
"""Kinds of events in the timeline."""

KIND: dict[str, Term] = {
    "ministry": Term("Ministerium", "ministry"),
    "party": Term("Partei / Abgeordnete", "party / MPs"),
    "district": Term("Kreis / Stadt", "district or city"),
    "news": Term("Presse", "newspaper"),
}
"""Kinds of publisher, as recorded in a document's sidecar."""

CHECK_KIND: dict[str, Term] = {
    "parts_total": Term("Teile gegen Summe", "parts against total"),
    "per_centre_total": Term("je Zentrum × Zentren gegen Summe", "per centre × centres against total"),
    "count_conflict": Term("widersprüchliche Anzahlen", "conflicting counts"),
    "corroboration": Term("Bestätigung durch mehrere Quellen", "corroboration"),
    "unknown_period": Term("Zeitraum unbekannt", "unknown period"),
    "reference": Term("Verweise und Schema", "references and schema"),
}
"""What a reconciliation check compares."""

CHECK_STATUS: dict[str, Term] = {
    "ok": Term("stimmig", "consistent"),
    "warn": Term("prüfen", "to review"),
    "conflict": Term("Widerspruch", "conflict"),
    "error": Term("Fehler", "error"),
}
"""Outcome of a check: a conflict is a documented disagreement between sources, an error is
broken data."""

DISPOSITION: dict[str, Term] = {
    "fact": Term("Kennzahl", "figure"),
    "date": Term("Datum", "date"),
    "ignored": Term("keine Kennzahl", "not a figure"),
    "unexplained": Term("ungeklärt", "unexplained"),
}
"""What became of a numeric mention in a text."""

FORM: dict[str, Term] = {
    "digits": Term("Ziffern", "digits"),
    "word": Term("Zahlwort", "number word"),
    "ordinal": Term("Ordnungszahl", "ordinal"),
}
"""How a number is written."""

REVIEW_STATUS: dict[str, Term] = {
    "unreviewed": Term("ungeprüft", "unreviewed"),
    "confirmed": Term("bestätigt", "confirmed"),
    "corrected": Term("korrigiert", "corrected"),
    "rejected": Term("verworfen", "rejected"),
}
"""Whether a person has checked a figure (``ki review``, kept in ``data/curation.yml``): as
extracted, confirmed, corrected, or rejected (kept in the facts, left out of every derived table)."""

UNREVIEWED_MARK = "°"
"""The sign after a figure no person has confirmed or corrected yet, in charts ("47°") and report
tables, explained under each (phrase ``note_unreviewed``)."""


def is_unreviewed(status: object) -> bool:
    """True for a figure as the extractor read it: status "unreviewed" or none at all (None, NaN,
    pandas' NA). Confirmed and corrected figures are checked; rejected ones never reach a chart
    or a report."""
    return not isinstance(status, str) or status == "unreviewed"


REVIEW_RANK: dict[str, int] = {"unreviewed": 0, "confirmed": 1, "corrected": 2}
"""The review of a row from its facts. A stated row is as reviewed as its best-reviewed source
(one checked source settles the statement); a derived row only as reviewed as its least-reviewed
input (it rests on all of them). Corrected outranks confirmed: the row shows a reviewer's change."""

CENTRE_BASIS: dict[str, Term] = {
    "ki_count": Term("Zentren", "centres"),
    "district_count": Term("Kreise", "districts"),
}
"""Which count a per-centre figure is multiplied by: centres existing, or one per district."""

FORMULA_WORDS: dict[str, Term] = {
    "as_of": Term("Stand", "as of"),
    "period_not_stated": Term("Zeitraum nicht genannt", "period not stated"),
    "centres": CENTRE_BASIS["ki_count"],
}
"""The words in a derived row's ``formula`` ("≈ 39 400 000 EUR (2016) / 49 centres (as of
2015-12-09)"). The tables write them in English, the language of ``ki check`` (numbers as
``tables.derived.plain`` writes them, the same in every language); ``fmt.formula`` words a
formula for a chart or report in German."""

DISTRICT_TYPE: dict[str, Term] = {
    "kreisfreie Stadt": Term("kreisfreie Stadt", "county-level city"),
    "Kreis": Term("Kreis", "district"),
    "Städteregion": Term("Städteregion", "city region"),
}
"""The kinds of Kreis-level unit (Destatis)."""

FUNDER: dict[str, Term] = {
    "kommunale Haushalte": Term("kommunale Haushalte", "municipal budgets"),
    "Land": Term("Land NRW", "State of NRW"),
    "Bund": Term("Bund", "Federal Government"),
    "EU": Term("EU", "EU"),
    "Stiftungs- und Drittmittel": Term("Stiftungs- und Drittmittel", "foundations and third parties"),
}
"""Who pays. The code is the name the ``funder`` column holds; a ministry is written
"Land (Integrationsministerium)": the funder and, in brackets, the detail (kept verbatim)."""

VOCABULARIES: dict[str, dict[str, Term]] = {
    "measure": MEASURE,
    "unit": UNIT,
    "qualifier": QUALIFIER,
    "precision": PRECISION,
    "event_type": EVENT_TYPE,
    "kind": KIND,
    "check_kind": CHECK_KIND,
    "status": CHECK_STATUS,
    "disposition": DISPOSITION,
    "form": FORM,
    "review_status": REVIEW_STATUS,
    "centre_basis": CENTRE_BASIS,
    "district_type": DISTRICT_TYPE,
    "funder": FUNDER,
}
"""Every vocabulary by name: the registry's enums and all labels come from here."""


def codes(vocabulary: str) -> tuple[str, ...]:
    """The codes of a vocabulary, in their defined order."""
    return tuple(VOCABULARIES[vocabulary])


def check_lang(lang: str) -> Lang:
    """``lang`` if supported, else ``ValueError`` naming the choices."""
    if lang in LANGS:
        return lang
    raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")


def label(vocabulary: str, code: object, lang: str = "de") -> str:
    """The label of ``code`` in ``lang``.

    An unknown vocabulary is an error; an unknown code is shown as it is, so that a new
    value in the data still renders readably. A funder with a detail in brackets keeps it:
    "Land (Integrationsministerium)" -> "State of NRW (Integrationsministerium)".
    """
    lang = check_lang(lang)
    try:
        vocab = VOCABULARIES[vocabulary]
    except KeyError:
        raise ValueError(f"unknown vocabulary {vocabulary!r}; known: {', '.join(VOCABULARIES)}") from None
    text = str(code)
    term = vocab.get(text)
    if term is not None:
        return term(lang)
    if vocabulary == "funder":
        head, sep, detail = text.partition(" (")
        if sep and head in vocab:
            return f"{vocab[head](lang)} ({detail}"
    return text


# --------------------------------------------------------------------------- cue words
QUALIFIER_CUES: dict[str, str] = {
    "rund": "approx",
    "etwa": "approx",
    "ca": "approx",
    "circa": "approx",
    "zirka": "approx",
    "ungefähr": "approx",
    "gut": "approx",
    "annähernd": "approx",
    "gerundet": "approx",
    "schätzungsweise": "approx",
    "rd": "approx",
    "über": "at_least",
    "mindestens": "at_least",
    "wenigstens": "at_least",
    "ab": "at_least",
    "maximal": "at_most",
    "höchstens": "at_most",
    "max": "at_most",
    "bis": "at_most",
    "unter": "at_most",
    "fast": "almost",
    "knapp": "almost",
    "nahezu": "almost",
    "beinahe": "almost",
}
"""One word right before a number and the qualifier it gives ("rund 50", "über 100")."""

QUALIFIER_CUE_PAIRS: dict[tuple[str, str], str] = {
    ("mehr", "als"): "at_least",
    ("weit", "über"): "at_least",
    ("knapp", "über"): "at_least",
    ("gut", "über"): "at_least",
    ("über", "die"): "at_least",
    ("bis", "zu"): "at_most",
    ("weniger", "als"): "at_most",
    ("nicht", "mehr"): "at_most",
    ("bis", "auf"): "at_most",
}
"""Two words right before a number and the qualifier they give ("mehr als 50", "bis zu 3")."""

QUALIFIER_RANK: dict[str, int] = {"exact": 0, "approx": 1, "almost": 2, "at_least": 3, "at_most": 4}
"""When several cues stand before one number, the highest rank wins ("rund über 50" is at_least)."""

KI_STEMS: tuple[str, ...] = ("integrationszentr",)
"""A noun containing one of these counts centres (``ki_count``)."""

KI_NOUNS: frozenset[str] = frozenset(
    {"ki", "kis", "zentren", "zentrum", "zentrums", "einrichtungen", "einrichtung"}
)
"""Whole nouns that count centres when the text is about the KI ("49 Zentren")."""

STAFF_STEMS: tuple[str, ...] = (
    "stelle",
    "vollzeitäquivalent",
    "vzä",
    "vollzeitstelle",
    "personalstelle",
    "planstelle",
)
"""A noun containing one of these counts posts (``staff_positions``, FTE)."""

OFFICE_STEMS: tuple[str, ...] = (
    "beratungsstelle",
    "anlaufstelle",
    "geschäftsstelle",
    "kostenstelle",
    "dienststelle",
    "servicestelle",
    "pressestelle",
    "arbeitsstelle",
    "leitstelle",
    "meldestelle",
    "anmeldestelle",
    "clearingstelle",
    "kontaktstelle",
    "bewilligungsstelle",
    "ausbildungsstelle",
    "praktikumsstelle",
    "lehrstelle",
    "haushaltsstelle",
    "außenstelle",
    "zweigstelle",
    "beschwerdestelle",
    "ombudsstelle",
)
"""Compounds of "Stelle" that name an office, a place or an account, not a post ("fünf
Beratungsstellen", "27 Regionale Arbeitsstellen", "Kostenstelle 4711", "Lehrstellen" for apprentices):
they count things (``other``). Ambiguous ones ("Koordinierungsstelle", "Fachstelle") stay posts."""

TEACHER_PREFIXES: tuple[str, ...] = ("lehrkr", "lehrer", "lehrerinnen", "lehrerstelle", "lehrkräftestelle")
"""A noun starting with one of these counts teachers (persons, or posts when it holds "stelle")."""

TEACHER_ENDINGS: tuple[str, ...] = (
    "lehrer",
    "lehrern",
    "lehrerin",
    "lehrerinnen",
    "lehrkraft",
    "lehrkräfte",
    "lehrkräften",
)
"""The last part of a compound that counts teachers ("Fachlehrer", "Grundschullehrkräfte"): the
last part of a German compound decides what it counts ("Lehrerfortbildungen" counts courses)."""

GENERIC_PERSON_NOUNS: frozenset[str] = frozenset(
    {"kollege", "kollegen", "kollegin", "kolleginnen", "person", "personen", "leute"}
)
"""People named by no role: seconded to a centre ("vier Kolleginnen sind abgeordnet") they are
teachers, the only staff the state seconds (``TEACHER_POST_CUES``)."""

SCHOOL_SERVICE_CUES: str = r"(?<!\w)(?:aus|im)[ ]dem[ ]Schuldienst(?!\w)"
"""People "aus dem Schuldienst" without a role, or named as pedagogues ("zwei Kolleginnen aus dem
Schuldienst", "vier Pädagoginnen aus dem Schuldienst") are teachers."""

TEACHER_POST_CUES: str = r"(?<!\w)(?:Abordnung\w*|abgeordnet(?![ ]*[a-zäöüß]*[ ]*[A-ZÄÖÜ])|abzuordnen|abordnen|abordnet|ordnet\b[^.;]{0,80}\bab)(?!\w)"
"""Secondment: posts that are seconded to a centre ("eine Abordnung von 2,5 Stellen", "mit einer
halben Stelle abgeordnet") are teachers' posts; "abgeordnete Lehrkräfte" (an attribute of a noun) is
no such cue."""

TEAM_SIZE_SUFFIX: str = "köpfig"
"""A team's headcount written as an adjective: "ein zwölfköpfiges Team", "ein 12-köpfiges Team"."""

PEOPLE_NOUNS: frozenset[str] = frozenset(
    {"personen", "menschen", "leute", "kinder", "eltern", "team", "köpfe"}
)
"""Whole nouns that count people on their own."""

PEOPLE_PREFIXES: tuple[str, ...] = (
    "mensch",
    "person",
    "mitarbeit",
    "beschäftigt",
    "fachkräft",
    "fachkraft",
    "ehrenamtlich",
    "freiwillig",
    "flüchtling",
    "geflüchtet",
    "asylbewerb",
    "asylsuchend",
    "zuwander",
    "zugewandert",
    "neuzugewandert",
    "migrant",
    "kinder",
    "jugendlich",
    "schüler",
    "seiteneinsteiger",
    "teilnehm",
    "sprachpat",
    "paten",
    "patinnen",
    "dolmetscher",
    "helfer",
    "einwohner",
    "bürger",
    "frauen",
    "männer",
    "familien",
    "studierend",
    "auszubildend",
    "eltern",
    "erzieher",
    "lots",
    "berater",
    "expert",
    "gäste",
    "besucher",
    "kolleg",
    "ratsmitglied",
    "landtagsabgeordnet",
    "ehrenamt",
    "akteur",
    "aussiedler",
    "spätaussiedler",
    "schutzsuchend",
    "bewohner",
    "leute",
    "menschen",
)
"""Stems of nouns that count people. A noun counts people when it *ends* in one of these plus at
most an inflection, or in one of ``PEOPLE_ENDINGS`` ("Flüchtlingskinder"): the last part of a
compound decides ("Migrantenorganisationen" and "Schülerzahlen" count no people)."""

PEOPLE_ENDINGS: tuple[str, ...] = (
    "innen",
    "arbeiter",
    "arbeitern",
    "kraft",
    "kräfte",
    "kräften",
    "angestellte",
    "angestellten",
    "angestellter",
    "manager",
    "managern",
    "vertreter",
    "vertretern",
    "mitglieder",
    "mitgliedern",
    "leiter",
    "leitern",
    "pädagogen",
    "pädagoge",
    "koordinator",
    "koordinatoren",
    "assistent",
    "assistenten",
    "referent",
    "referenten",
    "bearbeiter",
    "psychologe",
    "psychologen",
    "bewerber",
    "bewerbern",
    "einsteiger",
    "einsteigern",
    "zugewanderte",
    "zugewanderten",
    "auszubildende",
    "auszubildenden",
    "erzieher",
    "erziehern",
    "experten",
    "gäste",
    "gästen",
    "besucher",
    "besuchern",
    "kollegen",
    "abgeordnete",
    "abgeordneten",
    "akteure",
    "akteuren",
    "aussiedler",
    "aussiedlern",
    "suchende",
    "suchenden",
    "familien",
    "leute",
    "ehrenamtler",
    "sozialarbeiter",
    "ierende",
    "ierenden",
    "kinder",
    "kindern",
    "lotsen",
    "helfer",
    "helfern",
    "paten",
    "mütter",
    "väter",
    "eltern",
    "schüler",
    "schülern",
    "mittler",
    "mittlern",
    "dolmetscher",
    "berater",
    "begleiter",
    "mentoren",
    "trainer",
    "teilnehmer",
    "teilnehmende",
    "teilnehmenden",
    "bewohner",
    "einwohner",
    "bürger",
    "frauen",
    "männer",
    "menschen",
    "personen",
    "jugendliche",
    "jugendlichen",
    "flüchtlinge",
    "flüchtlingen",
    "geflüchtete",
    "geflüchteten",
    "zuwanderer",
    "migranten",
    "studierende",
    "studierenden",
    "mitarbeiter",
    "mitarbeitern",
    "mitarbeitende",
    "mitarbeitenden",
    "fachkräfte",
    "ehrenamtliche",
    "ehrenamtlichen",
    "freiwillige",
    "freiwilligen",
    "beschäftigte",
    "beschäftigten",
    "asylsuchende",
    "asylsuchenden",
)
"""Compounds ending in one of these count people: "Integrationslotsen", "Flüchtlingskinder"; also
staff named by role ("Sozialarbeiter/in", "Verwaltungskraft", "Verwaltungsangestellter",
"Case-Managerinnen", "Mitglieder"). The last part decides: "Elterncafés" counts no people. A
feminine singular in "-in" counts what its base counts ("Sozialarbeiterin", "Koordinatorin",
"Pädagogin")."""

THING_ENDINGS: tuple[str, ...] = (
    "einrichtung",
    "einrichtungen",
    "gruppe",
    "gruppen",
    "stätte",
    "stätten",
    "garten",
    "gärten",
    "heim",
    "heime",
    "heimen",
    "haus",
    "häuser",
    "häusern",
    "projekt",
    "projekte",
    "projekten",
    "klasse",
    "klassen",
    "schule",
    "schulen",
    "angebot",
    "angebote",
    "angeboten",
    "kurs",
    "kurse",
    "kursen",
    "platz",
    "plätze",
    "plätzen",
    "programm",
    "programme",
    "programmen",
    "verein",
    "vereine",
    "vereinen",
    "sprachen",
    "termine",
    "terminen",
    "beratungen",
    "gespräche",
    "gesprächen",
)
"""Compounds ending in one of these count things, not people ("Kindertageseinrichtungen")."""

DISTRICT_NOUN = r"(?:(?:land|nachbar|flächen|stadt)?kreis(?:e|en|es)?|gebietskörperschaft(?:en)?)$"
"""A noun that counts districts, also in the compounds that name one ("Landkreise", "Nachbarkreise"),
but not "Kreistag" nor a circle of people ("Arbeitskreise", "Freundeskreis", "Helferkreise")."""

FUNDER_CUES: dict[str, str] = {
    "kommunale Haushalte": (
        r"kommunale[nr]?[ ]Haushalte?n?|kommunalen[ ]Mitteln?|Eigenmittel[n]?[ ]der[ ]Kommunen|Kommunen[ ]selbst"
        r"|(?<!\w)(?:[Dd]ie|[Dd]en)[ ]Kommunen(?!\w)|(?<!\w)[Dd]er[ ]Kreis(?:tag)?(?![\w-])|(?<!\w)[Dd]ie[ ]Stadt(?![\w-])"
        r"|eigenen[ ]Haushalt\w*|eigenen[ ]Mitteln|Kreishaushalt\w*|städtischen[ ]Haushalt\w*|Eigenanteil\w*"
    ),
    "Stiftungs- und Drittmittel": (
        r"Stiftungs-[ ]und[ ]Drittmittel[n]?|Stiftungsmittel[n]?|Drittmittel[n]?|Stiftung(?:en)?(?=[ ,.])"
    ),
    "EU": (
        r"Europäische[n]?[ ]Union|(?<!\w)EU(?!\w)|EU-Mittel[n]?|Europäische[n]?[ ]Sozialfonds|(?<!\w)ESF(?!\w)"
        r"|(?<!\w)AMIF(?!\w)"
    ),
    "Bund": r"Bundesmittel[n]?|Bundesregierung|Bundesministerium|(?<!\w)Bund(?:es)?(?!\w)|(?<!\w)BAMF(?!\w)",
    "Land": (
        r"Landesmittel[n]?|Landesregierung|(?<!\w)(?:[Dd]as|vom|[Dd]es|dem)[ ]Land(?:es)?(?!\w)"
        r"|Landesförderung|Landeszuschu(?:ss|ß)"
    ),
}
"""Regular expressions that name each funder in a text (tried in this order)."""

KIND_CUES: dict[str, str] = {
    "ministry": r"ministeri\w*|staatskanzlei|landesregierung|land\.nrw",
    "party": r"\b(?:spd|cdu|fdp|grüne\w*|bündnis 90|die linke|afd|mdl|mdb|\w*fraktion\w*|landtagsabgeordnete\w*)\b",
    "news": r"zeitung|nachrichten|anzeiger|rundschau|kurier|\bpost\b|blatt\b|rundblick|reporter|\bradio\b|\bwdr\b",
    "district": r"\b(?:kreis|stadt|städteregion|landkreis|gemeinde)\b",
}
"""Words in a publisher's name that tell its ``kind`` (tried in this order, case-insensitively):
``ki add`` records the word it found as the evidence; a name without one leaves the kind to
``--kind``. A newspaper's name may hold a place ("Stadt-Anzeiger"), so news comes before district."""

MINISTRY_PREFIXES: tuple[str, ...] = (
    "Integrations",
    "Schul",
    "Familien",
    "Arbeits",
    "Sozial",
    "Kinder",
    "Flüchtlings",
    "Innen",
    "Finanz",
    "Wissenschafts",
    "Bau",
    "Heimat",
    "Kommunal",
)
"""Ministries named by a compound ("Schulministerium"); the state (``Land``) pays through them."""

MINISTRY_DETAILS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Integrationsministerium": ("Integrations", ("Integration", "Flüchtlinge")),
    "Schulministerium": ("Schul", ("Schule", "Bildung")),
}
"""A ministry's name in the ``funder`` column ("Land (Integrationsministerium)"): the first part
of its compound ("Integrationsministerium"), or a word of its title ("Ministerium für Kinder,
Familie, Flüchtlinge und Integration")."""

ROLE_CUES: str = (
    r"(?:[A-ZÄÖÜ][a-zäöüß]+)?(?:[Mm]inister(?:in)?|[Ss]taatssekretär(?:in)?|präsident(?:in)?|"
    r"Landrat|Landrätin|Bürgermeister(?:in)?|Oberbürgermeister(?:in)?|Regierungspräsident(?:in)?|"
    r"Beigeordnete[r]?|Dezernent(?:in)?|Leiter(?:in)?|Abgeordnete[r]?)"
)
"""Titles of office before a person's name ("Schulministerin Sylvia Löhrmann", "Landrat Dr. Müller"):
the people of the events table."""

ESTABLISH_VERB_CUES: str = (
    r"(?<!\w)(?:aufgebaut|errichtet|eingerichtet|gegründet|geschaffen|arbeit(?:en|et|eten))(?!\w)"
)
"""A network *built* or centres *working* in N districts ("in 47 Kreisen ... ein Netz von KI
aufgebaut", the design card; "in 52 Kreisen arbeiten KI"): a count of centres."""

ONE_CENTRE_CUES: str = r"(?<![\w-])(?:ein|einen|eines)\s(?:[\w-]+\s){0,2}?(?:KI|[\w-]*[Zz]entrum)(?!\w)"
"""One centre each: "38 Kreise haben ein solches Zentrum" counts centres; "nun gibt es in 46 Kreisen
ein KI", a place where one centre each is, counts districts (the noun decides) unless it continues a
series of centre counts."""

ESTABLISH_CUES: str = ESTABLISH_VERB_CUES + "|" + ONE_CENTRE_CUES
"""What makes N districts a count of centres (either of the above). A plain location of the centres
("KI gibt es inzwischen in 51 Kreisen") counts districts."""

PROSPECTIVE_CUES: str = (
    r"(?<!\w)(?:[A-ZÄÖÜ][a-zäöüß]+)?(?:Antrag|antrag|Anträge|anträge|Anträgen|anträgen|Zusage|zusage|Zusagen|zusagen)(?!\w)"
    r"|(?<!\w)(?:beantragt|zugesagt|bewilligt|angekündigt)(?!\w)"
)
"""Districts that applied for or were promised a centre ("Förderzusage"): new ones ("elf weitere
Kreise erhielten die Zusage") or those where one is applied for ("in zwei Kreisen ist ein Zentrum
beantragt") are centres to come, ``other``; the districts that applied so far ("bislang haben 23
Kreise einen Antrag gestellt") are a count of districts. Centres approved ("14 Zentren wurden
bewilligt") are no running total either."""

BATCH_CUES: str = r"(?<!\w)(?:erhielten|erhielt|bekamen|bekam)(?!\w)"
"""A batch of approvals received at one time ("Zwölf Kreise erhielten im Juli die Förderzusage"):
centres to come (``other``), unless a word of a running total stands in the clause
(``SO_FAR_CUES``: "nun haben 36 Kreise eine Zusage erhalten" counts districts)."""

SO_FAR_CUES: str = (
    r"(?<!\w)(?:nun|jetzt|bislang|bisher|insgesamt|inzwischen|mittlerweile|schon|bereits)(?!\w)"
)
"""Words of a running total: "bislang haben 23 Kreise einen Antrag gestellt"."""

EXISTENCE_CUES: str = (
    r"(?<!\w)(?:aufgebaut|errichtet|eingerichtet|gegründet|geschaffen|arbeit(?:en|et|eten)|gibt|gab|verfüg\w*"
    r"|bestehen|besteht|existier\w*|vorhanden|unterhalten|eröffnet|tätig|aktiv|flächendeckend|Betrieb"
    r"|vertreten)(?!\w)"
)
"""Centres that exist: built, working, there ("47 von 53 Zentren sind errichtet"). Without such a
word a part of the centres is a subset with some property ("In 15 von 49 Zentren sind Stellen
unbesetzt")."""

ADDED_CUES: str = r"(?<!\w)(?:hinzu\w*|dazu(?:ge)?kommen\w*|dazukamen)(?!\w)"
"""Centres added to the network: "allein 2014 kamen sieben Zentren hinzu"."""

MONEY_CUES: str = (
    r"Euro|EUR|€|Mittel|[Ff]örder|Haushalt|Budget|Etat|[Ff]inanz|[Kk]osten|Zuschu|investier"
    r"|bereit(?:gestellt|stell\w*)?(?!\w)|bewillig|[Aa]usgaben|ausgegeben|[Pp]auschale|gezahlt|zahlt"
)
"""Words of money: a scaled number with no noun of its own in such a sentence is an amount
("Die Förderung beträgt 2,5 Mio.")."""

SUBSET_OR_ACTIVITY_CUES: str = (
    r"Regierungsbezirk|Bezirksregierung|(?<!\w)zusammen(?!\w)|beteilig|nehmen[ ]teil|teilnehm"
)
"""A part of the state or a shared activity: districts counted in such a sentence are districts
("In 12 Kreisen des Regierungsbezirks ...", "14 Kreise beteiligen sich"), not centres."""

VOTE_CUES: str = (
    r"(?<!\w)(?:enthielten[ ]sich|enthielt[ ]sich|enthalten[ ]sich|stimmten[ ](?:dagegen|dafür|zu|mit)"
    r"|stimmte[ ](?:dagegen|dafür|zu|mit)|votierten)(?!\w)"
)
"""Verbs of a vote: the people they count are a vote tally ("zwei Mitglieder enthielten sich"), no
figure."""

DOCUMENT_DATE_CUES: str = (
    r"(?:[Gg]esetz\w*|[Ee]rlass\w*|[Rr]underlass\w*|[Vv]erordnung|[Rr]ichtlinie\w*|[Bb]eschluss\w*|[Vv]orlage"
    r"|[Ss]chreiben|[Aa]nfrage|[Bb]escheid\w*|[Vv]ertrag\w*|[Vv]ereinbarung)[ ](?:von|vom|aus[ ]dem[ ]Jahr)[ ]$"
)
"""A date after a law, decree or document noun names that document ("nach dem Teilhabe- und
Integrationsgesetz von 2012", "Runderlass vom 15. Juni 2020"): it gives no figure its period."""

CREATION_CUES: str = r"(?<!\w)(?:geschaffen|entstanden|hinzugekommen|neu[ ]eingerichtet|aufgebaut)(?!\w)"
"""Posts or centres created "seit 2015" are a cumulative flow ("seit 2020 mehr als 500 Stellen
geschaffen": 2020 to the document's year), not a stock as of the document date."""

MISSING_CUES: str = (
    r"(?<!\w)(?:fehl(?:en|t|ten|te)|noch\sohne|ohne\seigenes|nicht\süber"
    r"|kein(?:e[nms]?)?\s(?:eigene[ns]?\s)?(?:Zentrum|KI|Kommunales|Integrationszentrum|Antrag))(?!\w)"
)
"""Districts still without a centre ("nur noch sechs Kreise fehlen", "Noch fünf Kreise haben kein
eigenes Zentrum") are counted as districts."""

OWN_CENTRE_CUES: str = r"(?<!\w)(?:ihr|ihre|ihren|ihrem|seine?n?|seinem)\s(?:\w+\s){0,2}?(?:KI|Zentr\w*|Integrationszentr\w*)(?!\w)"
"""Districts doing something with the centre they have ("haben ihr KI aus eigenen Mitteln
aufgestockt") are a count of districts, not of centres."""

STATE_WORDS: frozenset[str] = frozenset(
    {"land", "lande", "landes", "nrw", "nordrhein-westfalen", "bundesland", "gesamtgebiet"}
)
"""Places that stand for the whole state: "54 Zentren im Land" is the running total, "drei Zentren
aus dem Münsterland" a part of it."""

LABEL_NOUNS: dict[str, str] = {
    "amt": "identifier",
    "fachbereich": "identifier",
    "fachdienst": "identifier",
    "referat": "identifier",
    "dezernat": "identifier",
    "abteilung": "identifier",
    "produkt": "identifier",
    "muster": "identifier",
    "baustein": "identifier",
    "tabelle": "identifier",
    "abbildung": "identifier",
    "stadthaus": "identifier",
    "ausgabe": "identifier",
    "heft": "identifier",
    "titelgruppe": "budget_chapter",
    "entgeltgruppe": "identifier",
    "besoldungsgruppe": "identifier",
    "vergütungsgruppe": "identifier",
    "entgeltstufe": "identifier",
    "erfahrungsstufe": "identifier",
    "sachkonto": "identifier",
    "konto": "identifier",
    "kostenstelle": "identifier",
    "kostenträger": "identifier",
    "haushaltsstelle": "identifier",
    "anfrage": "file_number",
    "beschlussvorlage": "file_number",
    "mitteilungsvorlage": "file_number",
    "niederschrift": "file_number",
    "pressemitteilung": "file_number",
    "pressemeldung": "file_number",
    "beiträge": "page_chrome",
    "gelesen": "page_chrome",
    "besucher": "page_chrome",
    "online": "page_chrome",
    "mir": "page_chrome",
    "antwort": "list_enumeration",
}
"""A word right before a number that makes it a label, not a figure ("Fachdienst 51", "Baustein 1",
"Kleine Anfrage 1624", a pay grade "Entgeltgruppe 9", a forum's "Beiträge: 312", "Gefällt mir 5"),
with the reason recorded."""

ROOM_ENDINGS: tuple[str, ...] = ("saal", "raum", "räume", "zimmer", "gebäude", "etage", "geschoss")
"""A word ending in one of these right before a number names a room or a building ("im Sitzungssaal 2",
"Besprechungsraum 114", "Gebäude 3"): a label, not a figure."""

MEASUREMENT_UNITS: frozenset[str] = frozenset(
    {
        "kilometer",
        "kilometern",
        "km",
        "meter",
        "metern",
        "quadratmeter",
        "quadratmetern",
        "qm",
        "m²",
        "m2",
        "hektar",
        "kilogramm",
        "kg",
        "gramm",
        "tonnen",
        "liter",
        "grad",
        "zentimeter",
    }
)
"""Units of length, area, weight and heat after a number: a measurement ("15 Kilometer entfernt",
"200 Quadratmeter"), not a count of anything."""

DURATION_SUFFIXES: tuple[str, ...] = (
    "jährig",
    "jährige",
    "jährigen",
    "jähriger",
    "jähriges",
    "tägig",
    "tägige",
    "tägigen",
    "wöchig",
    "wöchige",
    "wöchigen",
    "monatig",
    "monatige",
    "stündig",
    "stündige",
    "stündigen",
)
"""Adjectives of age or length glued to a number by a hyphen: "die 45-jährige Leiterin" (an age),
"eine 3-tägige Schulung" (a duration): no figure."""

NAME_NOUNS: frozenset[str] = frozenset(
    {
        "initiative",
        "projekt",
        "programm",
        "aktion",
        "kampagne",
        "motto",
        "titel",
        "reihe",
        "broschüre",
        "ausstellung",
        "wettbewerb",
        "preis",
        "förderprogramm",
        "landesprogramm",
        "bundesprogramm",
        "strategie",
        "konzept",
    }
)
"""A noun before a short quoted name: a number inside the name is no figure ("die Initiative „100
Patenschaften“", "das Projekt „1000 Chancen“")."""

COUNTER_LABELS: tuple[str, ...] = (
    "Heute",
    "Gestern",
    "Gesamt",
    "Online",
    "Besucher",
    "Aufrufe",
    "Zugriffe",
    "Seitenaufrufe",
    "Hits",
)
"""Labels of a web page's visitor counter, each on a line of its own with its number ("Heute: 214"):
page chrome, not figures."""

CHROME_HEADINGS: tuple[str, ...] = (
    "Das könnte Sie auch interessieren",
    "Mehr zum Thema",
    "Weitere Meldungen",
    "Weitere Kurznachrichten",
    "Weitere Nachrichten",
    "Weitere Artikel",
    "Mehr Artikel",
    "Lesen Sie auch",
    "Auch interessant",
    "Ähnliche Artikel",
    "Verwandte Artikel",
    "Benutzer, die dieses Thema lesen",
)
"""Headings of a web page's teasers for other articles: the numbers in the block under them (to the
next blank line) belong to other pages or to the page's chrome."""

PAYWALL_HEADINGS: tuple[str, ...] = (
    "Lesen Sie weiter",
    "Lesen Sie jetzt weiter",
    "Jetzt weiterlesen",
    "Weiterlesen mit",
    "Weiterlesen für",
    "Sie haben das Ende der kostenfreien Artikel erreicht",
    "Dieser Artikel ist nur für Abonnenten",
    "Exklusiv für Abonnenten",
)
"""Lines that cut an article off at a paywall: what follows to the end of the page (offers such as
"4 Wochen für 0,99 € testen", teasers, footers) is the page's chrome, not the article."""


CHROME_LINE_WORDS: tuple[str, ...] = (
    "Cookie",
    "cookie",
    "©",
    "Abonnement",
    "gratis testen",
    "kostenlos testen",
)
"""A line holding one of these (a cookie banner, a copyright, a subscription offer: "jetzt 4 Wochen
gratis testen") is the page's chrome: its numbers are no figures."""

SUBSCRIPTION_WORD: str = "Abo"
"""A subscription offer's word ("Digital-Abo ab 9,90 € im Monat", "Abos"): its line is chrome too;
only as a word of its own or a compound's last part, never inside "Abordnung"."""

#: The German definite article in all its forms (sentence grammar the number reader and the
#: line mender share).
DEFINITE_ARTICLES = ("der", "die", "das", "den", "dem", "des")
