"""Figures from German press releases: every numeral becomes a fact, a date or a named non-figure.

``extract(text, doc_date, doc_id)`` is a pure function of the text and its date. It

1. finds every numeral (:func:`ki_analysis.numbers.scan`) and every date
   (:func:`ki_analysis.dates.find_dates`);
2. marks numbers that are no figures: phone and fax numbers, postal codes, house
   numbers, clock times, page and file numbers, law sections, version strings,
   party names, URLs, e-mail addresses, list enumerations, ordinals that count
   nothing ("zum dritten Mal");
3. turns the rest into facts. The *measure* comes from the noun phrase after the
   number (its head noun, skipping adjectives), from a partitive ("47 von 53
   Kommunalen Integrationszentren", "53 der 54 Kreise") or from the noun phrase
   before it ("Die Zahl der Zentren stieg auf 50"); the *unit* from the currency,
   percent sign or noun; the *qualifier* from the words right before the number
   (only those: "fast flächendeckend, in 54 Kreisen" stays exact); *per_unit*
   from "jeweils", "je", "pro Zentrum", "jedes Zentrum"; the *period* from "zurzeit"/
   "heute" next to it, a date in its own clause, in the clause whose verb it leaves out,
   elsewhere in the sentence where no other figure claims it, in the sentence it
   continues ("Davon", "damit"), "jährlich", or else the document date; the
   *subject* from a programme name or a district in the sentence (gazetteer), else
   NRW; the *funder* from the nearest funding source in the number's own part of the
   sentence (a linking word after the figure, "aus", "waren", points forward).

Measures (vocabulary): ``ki_count`` (running total of centres), ``district_count``
(Kreise und kreisfreie Städte), ``funding_eur``, ``staff_positions`` (FTE),
``teachers``, ``people_count``, ``percent``, ``other``. Newly opened centres
("zwei neue Zentren") are ``other`` with rule ``ki_new``: they are not the total.

``rule`` names what fired, e.g. ``ki_count:head``, ``ki_count:partitive_part``,
``district_count:partitive_whole``, ``funding_eur:currency``, plus ``+annual``,
``+range_low``/``+range_high``, ``+now``, ``+period_inherited``, ``+period_gapped`` suffixes.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .dates import DateMention, find_dates
from .errors import InputError, KiError
from .numbers import NumberMention, format_de, parse_word, prev_word, scan
from .sentences import split_sentences

MEASURES = ("ki_count", "district_count", "funding_eur", "staff_positions", "teachers",
            "people_count", "percent", "other")
UNITS = ("EUR", "count", "FTE", "percent")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "almost")
FACT_COLUMNS = ["fact_id", "doc_id", "start", "end", "quote", "measure", "value", "unit", "qualifier",
                "per_unit", "period", "period_precision", "is_annual", "subject", "district_ags", "funder",
                "rule", "value_text", "value_start", "value_end", "sentence_start", "sentence_end"]
NUMBER_COLUMNS = ["doc_id", "start", "end", "text", "value", "form", "disposition", "reason", "fact_id"]
DATE_COLUMNS = ["doc_id", "start", "end", "text", "date", "date_end", "precision", "kind"]


@dataclass
class Extraction:
    facts: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- tokens

# a word keeps its dot only before a lower-case word or a digit ("ca. 250"), not at a sentence end
_TOKEN = re.compile(r"[\w§€%]+(?:[-.]\w+|,\d+)*(?:\.(?=[ ]?[a-zäöüß\d]))?|[^\w\s]")


class _Tok:
    """A word or punctuation mark of a sentence, with its lower-case form (without a final dot)."""

    __slots__ = ("start", "end", "text", "low", "is_cap")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.low = text.lower().rstrip(".")
        self.is_cap = text[:1].isupper()

    def __repr__(self) -> str:
        return f"_Tok({self.start}, {self.end}, {self.text!r})"


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    # markup such as "**Kommunale Integrationszentren**" is no word
    return [_Tok(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)
            if m.group(0) not in ("*", "_", "#")]


# --------------------------------------------------------------------------- no-figure zones

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}")
_PHONE = re.compile(
    r"(?P<label>Telefon|Tel\.|Fon|Telefax|Fax|Mobil|Handy|Rufnummer|Hotline)[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*:?[ \t]*"
    r"\+?[\d(][\d ()/\-–.]{2,30}\d"
)
_PHONE_BARE = re.compile(r"(?:\+49[ ]?|0(?<![\w,.]0))\d{2,5}[ /]\d{2,}(?:[ -]\d{1,6}){0,3}(?!\w)")
_VERSION = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+){2,}(?![\d])(?:[ ]*[-–][ ]*\d+)?")
_VERSION_NAMED = re.compile(r"(?:Version|Vers\.|v)[ ]?\d+(?:\.\d+)+")
_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
# German style groups figures from 10.000 up, so five bare digits before a place name are a postal code
_POSTAL = re.compile(r"\d(?<![\w.,]\d)\d{4}(?=[ ]+[A-ZÄÖÜ][a-zäöüß])")
_PARTY = re.compile(r"Bündnis[ \u00a0]?90")
_CLOCK = re.compile(
    r"\d(?<![\d.,:]\d)\d?(?:[.:]\d{2})?(?:(?:[ ]?(?:bis|-|–|und)[ ]?\d{1,2}(?:[.:]\d{2})?)?[ ]?Uhr(?!\w)|(?<=:\d\d)(?![\d:]))"
)
_LABELLED_RANGE = re.compile(
    r"(?P<label>Seiten?|SEITE|Klassen?|Jahrgangsstufen?|Stufen?)[ ]\d{1,4}(?:[ ]?(?:bis|von|-|–|/|und|oder|,)[ ]?\d{1,4})?(?!\d)")
_LABEL_REASON = {"seite": "page_number", "seiten": "page_number", "klasse": "school_grade", "klassen": "school_grade",
                 "jahrgangsstufe": "school_grade", "jahrgangsstufen": "school_grade", "stufe": "school_grade",
                 "stufen": "school_grade"}
_CAPS_CODE = re.compile(r"[A-ZÄÖÜ](?<![\w.][A-ZÄÖÜ])[A-ZÄÖÜ]{0,3}[ ]\d{1,3}(?![\d,.]\d|[ ]?(?:%|€|Euro|Prozent))")
_SLASHED = re.compile(r"\d(?<![\w.,/]\d)\d*(?:/\d+)+(?![\w/])")
_VOTES = re.compile(r"\d(?<![\w.,]\d)\d{0,2}[ ]?(?::|zu)[ ]?\d{1,3}[ ](?:Stimmen|Stimme)(?!\w)")
_LEADING_ZERO = re.compile(r"0(?<![\w.,]0)\d+(?![\d,])")
_ADDRESS_NO = re.compile(r"\d(?<![\w.,]\d)\d{0,3}[a-z]?(?=,?[ ]?(?:·[ ])?\d{5}[ ][A-ZÄÖÜ])")


_ANCHORED_ZONES = (  # tried at the start of each digit numeral only (linear, and fast)
    (_PHONE_BARE, "phone"), (_VERSION, "version"), (_POSTAL, "postal_code"), (_CLOCK, "clock_time"),
    (_SLASHED, "file_number"), (_VOTES, "vote_tally"), (_LEADING_ZERO, "identifier"), (_ADDRESS_NO, "house_number"),
)


def _zones(text: str, starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Spans that hold numbers which are no figures, with the reason.

    ``starts`` are the positions of the digit numerals (from :func:`scan`); patterns that begin
    with a digit are only tried there.
    """
    zones: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        zones.append((m.start(), m.end(), "url"))
    at = text.find("@")
    while at != -1:  # e-mail: look only around each "@", so a long word cannot make this quadratic
        lo = max(0, at - 64)
        m = _EMAIL.search(text, lo, min(len(text), at + 400))
        if m and m.start() <= at < m.end():
            zones.append((m.start(), m.end(), "email"))
        at = text.find("@", at + 1)
    for m in _PHONE.finditer(text):
        label = m.group("label").lower()
        zones.append((m.start(), m.end(), "fax" if "fax" in label else "phone"))
    for m in _VERSION_NAMED.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            zones.append((m.start(), m.end(), "version"))
    for m in _PARTY.finditer(text):
        zones.append((m.start(), m.end(), "party_name"))
    for m in _LABELLED_RANGE.finditer(text):
        zones.append((m.start(), m.end(), _LABEL_REASON[m.group("label").lower()]))
    for m in _CAPS_CODE.finditer(text):
        if m.group(0).split(" ")[0] not in ("KI", "NRW", "EU", "EUR", "ESF", "LaKI"):
            zones.append((m.start(), m.end(), "identifier"))  # "HF 3", "A 40": codes, not counts
    if starts is None:
        starts = [m.start() for m in _DIGIT_START.finditer(text)]
    covered = -1
    for pos in starts:
        if pos < covered:
            continue  # inside a zone found at an earlier numeral ("0211 855-3118")
        for pat, reason in _ANCHORED_ZONES:
            m = pat.match(text, pos)
            if m is None and reason == "phone" and pos > 0 and text[pos - 1] == "+":
                m = pat.match(text, pos - 1)  # "+49 211 ..."
            if m is None:
                continue
            if reason == "version" and _DATE_LIKE.fullmatch(m.group(0)):
                continue
            zones.append((m.start(), m.end(), reason))
            covered = max(covered, m.end())
    zones.sort()
    return zones


_DIGIT_START = re.compile(r"\d(?<!\w\d)")


def _zone_of(zones: list[tuple[int, int, str]], starts: list[int], s: int, e: int) -> str | None:
    i = bisect.bisect_right(starts, s) - 1
    # zones may nest ("Telefax 0211 855-3127" holds a bare phone number): the widest one names it
    found = None
    for j in range(i, max(-1, i - 4), -1):
        zs, ze, reason = zones[j]
        if zs <= s and e <= ze:
            found = reason
    return found


# Words right before / after a number that make it a non-figure.
_PREV_REASON = {
    "§": "law_section", "§§": "law_section", "art": "law_section", "artikel": "law_section",
    "abs": "law_section", "absatz": "law_section", "paragraf": "law_section", "paragraph": "law_section",
    "ziffer": "law_section", "satz": "law_section",
    "seite": "page_number", "seiten": "page_number", "s": "page_number",
    "az": "file_number", "aktenzeichen": "file_number", "drucksache": "file_number", "drs": "file_number",
    "vorlage": "file_number", "nr": "file_number", "nummer": "file_number", "geschäftszeichen": "file_number",
    "bündnis": "party_name", "punkt": "list_enumeration",
    "tel": "phone", "telefon": "phone", "fax": "fax", "telefax": "fax", "plz": "postal_code",
    "wahlperiode": "file_number", "raum": "room_number", "zimmer": "room_number", "einzelplan": "budget_chapter",
    "kapitel": "budget_chapter", "titel": "budget_chapter", "klasse": "school_grade", "klassen": "school_grade",
    "jahrgangsstufe": "school_grade", "stufe": "school_grade", "kommentare": "page_chrome",
    "kommentar": "page_chrome", "version": "version", "gleis": "house_number", "linie": "identifier",
    "buslinie": "identifier", "hausnummer": "house_number", "postfach": "postal_code", "isbn": "identifier",
    "agenda": "programme_name", "strategie": "programme_name", "vision": "programme_name",
}
_STREET_SUFFIX = ("straße", "strasse", "str", "weg", "platz", "allee", "ring", "gasse", "ufer", "damm",
                  "wall", "markt", "chaussee", "pfad", "steig", "stieg")
_NEXT_REASON = {"kommentare": "page_chrome", "kommentar": "page_chrome", "aufrufe": "page_chrome",
                "likes": "page_chrome", "shares": "page_chrome", "antworten": "page_chrome", "mb": "file_size",
                "kb": "file_size", "gb": "file_size", "seiten": "page_number", "min": "duration",
                "std": "duration"}


# --------------------------------------------------------------------------- vocabularies

_KI_WORDS = ("integrationszentr",)
_KI_EXACT = frozenset({"ki", "kis", "zentren", "zentrum", "zentrums", "einrichtungen", "einrichtung"})
_DISTRICT_HEADS = ("kreis", "landkreis", "gebietskörperschaft")
_STAFF = ("stelle", "vollzeitäquivalent", "vzä", "vollzeitstelle", "personalstelle", "planstelle")
_TEACHER = ("lehrkr", "lehrer", "lehrerinnen", "lehrerstelle", "lehrkräftestelle")
_PEOPLE = ("mensch", "person", "mitarbeit", "beschäftigt", "fachkräft", "fachkraft", "ehrenamtlich",
           "freiwillig", "flüchtling", "geflüchtet", "asylbewerb", "asylsuchend", "zuwander", "zugewandert",
           "neuzugewandert", "migrant", "kinder", "jugendlich", "schüler", "seiteneinsteiger", "teilnehm",
           "sprachpat", "paten", "patinnen", "dolmetscher", "helfer", "einwohner", "bürger", "frauen",
           "männer", "familien", "studierend", "auszubildend", "eltern", "erzieher", "lots", "berater",
           "expert", "gäste", "besucher", "kolleg", "ratsmitglied", "landtagsabgeordnet", "ehrenamt", "akteur",
           "aussiedler", "spätaussiedler", "schutzsuchend", "bewohner", "leute", "menschen")
# compounds end in the counted people: "Integrationslotsen", "Flüchtlingskinder", "Stadtteilmütter"
_PEOPLE_ENDINGS = ("innen", "ierende", "ierenden", "kinder", "kindern", "lotsen", "helfer", "helfern", "paten",
                   "mütter", "väter", "eltern", "schüler", "schülern", "mittler", "mittlern", "dolmetscher",
                   "berater", "begleiter", "mentoren", "trainer", "teilnehmer", "teilnehmende", "teilnehmenden",
                   "bewohner", "einwohner", "bürger", "frauen", "männer", "menschen", "personen", "jugendliche",
                   "jugendlichen", "flüchtlinge", "flüchtlingen", "geflüchtete", "geflüchteten", "zuwanderer",
                   "migranten", "studierende", "studierenden", "mitarbeiter", "mitarbeitern", "mitarbeitende",
                   "mitarbeitenden", "fachkräfte", "ehrenamtliche", "ehrenamtlichen", "freiwillige",
                   "freiwilligen", "beschäftigte", "beschäftigten", "asylsuchende", "asylsuchenden")
_TIME_NOUNS = frozenset({"jahr", "jahre", "jahren", "jahres", "monat", "monate", "monaten", "woche", "wochen",
                         "tag", "tage", "tagen", "stunde", "stunden", "minuten", "jahrzehnt", "jahrzehnte",
                         "jahrzehnten", "schuljahr", "schuljahre", "schuljahren", "halbjahr", "quartal"})
_ADJ_SUFFIX = ("ale", "alen", "aler", "ische", "ischen", "ischer", "liche", "lichen", "licher", "ige", "igen",
               "iger", "ene", "enen", "ener", "te", "ten", "ter", "weite", "weiten", "neue", "neuen", "neuer",
               "ere", "eren", "erer", "ive", "iven", "iver", "ste", "sten", "are", "aren")
_NEW_WORDS = frozenset({"neue", "neuen", "neuer", "neu", "weitere", "weiteren", "weiterer", "zusätzliche",
                        "zusätzlichen", "zusätzlich", "neugegründete", "neugegründeten", "neu eröffnete"})
_ALL_WORDS = frozenset({"alle", "allen", "aller", "sämtliche", "sämtlichen", "sämtlicher", "jeweils"})
_EXIST_VERBS = ("aufgebaut", "errichtet", "eingerichtet", "gegründet", "gibt", "gab", "verfüg", "arbeiten",
                "arbeitet", "bestehen", "besteht", "existier", "vorhanden", "geschaffen", "haben", "hat ",
                "unterhalten", "eröffnet", "tätig", "aktiv", "flächendeckend")
_KI_CUE = re.compile(r"Integrationszentr|(?<!\w)KI(?!\w)")
_PARTITIVE = frozenset({"von", "der", "aus", "unter"})

# qualifiers: single words and two-word phrases right before the number
_Q1 = {"rund": "approx", "etwa": "approx", "ca": "approx", "circa": "approx", "zirka": "approx",
       "ungefähr": "approx", "gut": "approx", "annähernd": "almost", "über": "at_least",
       "mindestens": "at_least", "wenigstens": "at_least", "ab": "at_least", "maximal": "at_most",
       "höchstens": "at_most", "max": "at_most", "fast": "almost", "knapp": "almost", "nahezu": "almost",
       "beinahe": "almost", "bis": "at_most", "unter": "at_most", "gerundet": "approx",
       "schätzungsweise": "approx", "rd": "approx"}
_Q2 = {("mehr", "als"): "at_least", ("bis", "zu"): "at_most", ("weniger", "als"): "at_most",
       ("weit", "über"): "at_least", ("knapp", "über"): "at_least", ("gut", "über"): "at_least",
       ("nicht", "mehr"): "at_most", ("über", "die"): "at_least", ("bis", "auf"): "at_most"}
_Q_RANK = {"exact": 0, "approx": 1, "almost": 2, "at_least": 3, "at_most": 4}
_FILLERS = frozenset({"jeweils", "insgesamt", "zusammen", "bereits", "schon", "noch", "nur", "lediglich",
                      "sogar", "gerade", "derzeit", "zurzeit", "aktuell", "mittlerweile", "inzwischen",
                      "weitere", "zusätzlich", "ergänzend", "allein", "alleine", "genau", "exakt", "je",
                      "und", "damit", "also", "heute", "nun", "jetzt", "summa", "gesamt", "allen", "alle",
                      "die", "der", "den", "das", "des", "dem", "als", "pro", "zu", "auf"})
_NOT_QUAL_BEFORE_UEBER = re.compile(r"^(?:verfüg\w*|spricht|sprechen|berichtet\w*|informiert\w*|freut\w*|reden|"
                                    r"redet|diskutier\w*|hinaus)$")

# funders: the nearest one in the number's own part of the sentence
_FUNDERS = re.compile(
    r"(?P<muni>kommunale[nr]?[ ]Haushalte?n?|kommunalen[ ]Mitteln?|Eigenmittel[n]?[ ]der[ ]Kommunen|Kommunen[ ]selbst"
    r"|(?<!\w)(?:[Dd]ie|[Dd]en)[ ]Kommunen(?!\w)|(?<!\w)[Dd]er[ ]Kreis(?:tag)?(?![\w-])|(?<!\w)[Dd]ie[ ]Stadt(?![\w-])"
    r"|eigenen[ ]Haushalt\w*|eigenen[ ]Mitteln|Kreishaushalt\w*|städtischen[ ]Haushalt\w*|Eigenanteil\w*)"
    r"|(?P<found>Stiftungs-[ ]und[ ]Drittmittel[n]?|Stiftungsmittel[n]?|Drittmittel[n]?|Stiftung(?:en)?(?=[ ,.]))"
    r"|(?P<eu>Europäische[n]?[ ]Union|(?<!\w)EU(?!\w)|EU-Mittel[n]?|Europäische[n]?[ ]Sozialfonds|(?<!\w)ESF(?!\w)|(?<!\w)AMIF(?!\w))"
    r"|(?P<bund>Bundesmittel[n]?|Bundesregierung|Bundesministerium|(?<!\w)Bund(?:es)?(?!\w)|(?<!\w)BAMF(?!\w))"
    r"|(?P<mins>(?:NRW-)?(?P<minpre>Integrations|Schul|Familien|Arbeits|Sozial|Kinder|Flüchtlings|Innen|Finanz|Wissenschafts|Bau|Heimat|Kommunal)ministerium|Ministerium[ ]für[ ](?P<minfor>[A-ZÄÖÜ][\w-]*(?:(?:,[ ]|[ ]und[ ])[A-ZÄÖÜ][\w-]*){0,5}))"
    r"|(?P<land>Landesmittel[n]?|Landesregierung|(?<!\w)(?:[Dd]as|vom|[Dd]es|dem)[ ]Land(?:es)?(?!\w)|Landesförderung|Landeszuschu(?:ss|ß))"
)


def _funder_name(m: re.Match[str]) -> str:
    if m.group("muni"):
        return "kommunale Haushalte"
    if m.group("found"):
        return "Stiftungs- und Drittmittel"
    if m.group("eu"):
        return "EU"
    if m.group("bund"):
        return "Bund"
    if m.group("mins"):
        pre = (m.group("minpre") or "").lower()
        rest = (m.group("minfor") or "")
        if pre == "integrations" or "Integration" in rest or "Flüchtlinge" in rest:
            return "Land (Integrationsministerium)"
        if pre == "schul" or "Schule" in rest or "Bildung" in rest:
            return "Land (Schulministerium)"
        if pre:
            return f"Land ({pre.capitalize()}ministerium)"
        return "Land (Ministerium für " + rest.split(" und ")[0].split(",")[0].strip() + ")"
    return "Land"


_PROGRAMME = re.compile(
    r"(?P<name>KOMM-AN(?:[ ]NRW)?|KOMM-IN(?:[ ]NRW)?|NRWeltoffen|Einwanderung[ ]gestalten(?:[ ]NRW)?"
    r"|Gemeinsam[ ]klappt[’']?s|Durchstarten[ ]in[ ]Ausbildung[ ]und[ ]Arbeit|Griffbereit|Rucksack(?:[ ]KiTa|[ ]Schule)?"
    r"|Integrationschancen[ ]für[ ]Kinder)(?!\w)"
    r"|(?:Landes|Förder|Bundes)?[Pp]rogramms?[ ]„(?P<quoted>[^“”\"\n]{2,80})[“”\"]"
)
_PROGRAMME_HINTS = ("KOMM-", "NRWeltoffen", "Einwanderung", "klappt", "Durchstarten", "Griffbereit", "Rucksack",
                    "Integrationschancen", "rogramm")
_ANNUAL = re.compile(r"(?<!\w)(?:jährlich\w*|alljährlich\w*|pro[ ]Jahr|im[ ]Jahr(?![ ](?:\d|davor|zuvor|darauf|danach|vorher))|jedes[ ]Jahr|"
                     r"jeweils[ ]im[ ]Jahr|Jahresbudget\w*|Jahresmittel\w*|per[ ]anno|p\.[ ]?a\.)", re.I)
_ANAPHORA = re.compile(r"(?:Davon|Hiervon|Darunter|Dabei|Damit|Dazu|Hinzu[ ]kommen|Außerdem|Zudem|Diese[rs]?|Hierbei|Davon[ ]entf\w+)(?!\w)")
_PER_AFTER = re.compile(r"^[ ]*(?:pro|je)[ ]+(?P<noun>[A-ZÄÖÜ][\w-]*)|^[ ]*(?:für[ ]jede[nsr]?|in[ ]jede[mnr]?)[ ]+(?P<noun2>[A-ZÄÖÜ]?[\w-]+)")
_JEDES = re.compile(r"(?<!\w)(?:jede[snmr]?|je)[ ](?:\w+[ ])?(?P<noun>[A-ZÄÖÜ][\w-]*)")


# --------------------------------------------------------------------------- extraction

def extract(text: str, doc_date: dt.date | str | None = None, doc_id: str = "doc", *,
            sentences: list[tuple[int, int]] | None = None, gazetteer: Any = None,
            date_precision: str | None = None) -> Extraction:
    """Facts, number dispositions and dates of one document (pure; see the module doc).

    ``doc_date`` may be a date or an ISO string of a day, month or year ("2013-12", "2017");
    a partial date sets ``date_precision`` (else "day") and resolves to its first day.
    """
    doc_date, date_precision = _doc_date(doc_date, date_precision)
    if sentences is None:
        sentences = split_sentences(text)
    sentences = list(sentences) or ([(0, len(text))] if text.strip() else [])
    mentions = scan(text)
    sentences = _join_at_ordinals(sentences, mentions)
    sent_starts = [s for s, _ in sentences]  # after the join: indices must match ``sentences``
    date_mentions = find_dates(text, doc_date)
    zones = _zones(text, [n.start for n in mentions if n.form != "word"])
    zone_starts = [z[0] for z in zones]
    date_starts = [d.start for d in date_mentions]
    has_ki_context = bool(_KI_CUE.search(text))
    ctx = _Context(text, doc_date, date_precision, sentences, date_mentions, gazetteer, has_ki_context,
                   date_starts=date_starts,
                   figures=[n for n in mentions if n.value is not None and n.form != "ordinal"
                            and (n.unit or not _date_of(date_mentions, date_starts, n))])

    out = Extraction()
    for d in date_mentions:
        out.dates.append({"doc_id": doc_id, "start": d.start, "end": d.end, "text": d.text, "date": d.date or "",
                          "date_end": d.date_end, "precision": d.precision, "kind": d.kind})
    by_group: dict[int, list[NumberMention]] = {}
    for n in mentions:
        if n.group is not None:
            by_group.setdefault(n.group, []).append(n)

    for n in mentions:
        row = {"doc_id": doc_id, "start": n.start, "end": n.end, "text": n.text,
               "value": n.value, "form": n.form, "disposition": "", "reason": "", "fact_id": ""}
        out.numbers.append(row)
        if n.value is None:
            row["disposition"], row["reason"] = "ignored", f"unparsed_{n.problem}"
            continue
        reason = _zone_of(zones, zone_starts, n.start, n.end)
        if reason == "file_number" and _date_of(date_mentions, date_starts, n) is not None:
            reason = None  # "2016/17" is a school year, not a file number
        if reason is None:
            reason = _context_reason(text, n)
        if reason is not None:
            row["disposition"], row["reason"] = "ignored", reason
            continue
        dm = _date_of(date_mentions, date_starts, n)
        if dm is not None:
            row["disposition"], row["reason"] = "date", dm.kind
            continue
        si = bisect.bisect_right(sent_starts, n.start) - 1
        if si < 0 or n.start >= sentences[si][1]:
            si = max(0, si)
        members = by_group.get(n.group, [n]) if n.group is not None else [n]
        fact, why = _fact(ctx, n, si, members)
        if fact is None:
            row["disposition"], row["reason"] = ("ignored", why) if why != "unexplained" else ("unexplained", "")
            continue
        fact["doc_id"] = doc_id
        fact["fact_id"] = f"{doc_id}:{fact['start']}-{fact['end']}:{fact['measure']}"
        row["disposition"], row["reason"], row["fact_id"] = "fact", fact["rule"], fact["fact_id"]
        ctx.prev_fact = (fact["measure"], fact["unit"])
        out.facts.append({c: fact[c] for c in FACT_COLUMNS})
    return out


def _doc_date(value: dt.date | str | None, precision: str | None) -> tuple[dt.date | None, str]:
    if value is None or value == "":
        return None, precision or "day"
    if isinstance(value, dt.datetime):
        return value.date(), precision or "day"
    if isinstance(value, dt.date):
        return value, precision or "day"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value).strip())
    if not m:
        raise KiError(f"document date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        raise KiError(f"document date {value!r} does not exist") from None
    guessed = "day" if m.group(3) else "month" if m.group(2) else "year"
    return date, precision or guessed


def _join_at_ordinals(sentences: list[tuple[int, int]], mentions: list[NumberMention]) -> list[tuple[int, int]]:
    """Undo sentence ends the splitter put after an ordinal ("Als 12. Kommune ..."): the scanner
    has read "12." as an ordinal, so the sentence goes on."""
    ends = {n.end for n in mentions if n.form == "ordinal" and n.text.endswith(".")}
    if not ends or not any(e in ends for _, e in sentences):
        return sentences
    out: list[tuple[int, int]] = []
    join = False
    for s, e in sentences:
        if join and out:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        join = e in ends
    return out


def _date_of(dates: list[DateMention], starts: list[int], n: NumberMention) -> DateMention | None:
    i = bisect.bisect_right(starts, n.start) - 1
    if i >= 0 and dates[i].start <= n.start < dates[i].end:
        return dates[i]
    return None


_NEXT_WORD_CTX = re.compile(r"[ \u00a0]*(\w+)")
_LINE_START_ENUM = re.compile(r"(?:^|\n)[ \t]*$")


_CLOCK_AFTER = re.compile(r"[ \u00a0]*(?:Uhr|h)(?!\w)|[:.]\d{2}[ \u00a0]*Uhr")
_MINUTES_AFTER = re.compile(r":\d{2}(?!\d)")
_JEWEILS_AFTER = re.compile(r"[ ]*jeweils(?!\w)")
_INSGESAMT = re.compile(r"insgesamt(?!\w)")


def _context_reason(text: str, n: NumberMention) -> str | None:
    """Non-figures recognised from the word before or after the number."""
    pstart, prev_raw = prev_word(text, n.start, punct=".:")
    prev = prev_raw.lower()
    if prev in _PREV_REASON:
        return _PREV_REASON[prev]
    if prev.endswith(_STREET_SUFFIX) and prev_raw[:1].isupper() and n.form == "digits" \
            and n.value is not None and n.value < 2000 and n.unit is None:
        return "house_number"
    nm = _NEXT_WORD_CTX.match(text, n.span_end)
    if nm and nm.group(1).lower() in _NEXT_REASON:
        return _NEXT_REASON[nm.group(1).lower()]
    after = text[n.end:n.end + 12]
    if _CLOCK_AFTER.match(after) or (n.form == "digits" and _MINUTES_AFTER.match(after)):
        return "clock_time"
    if n.form == "digits" and text[n.end:n.end + 2] in (". ", ") ", ".\t") or \
            (n.form == "ordinal" and n.text.endswith(".")):
        if _LINE_START_ENUM.search(text, max(0, n.start - 20), n.start) and n.value is not None and n.value < 100:
            return "list_enumeration"
    if n.form == "digits" and text[n.end:n.end + 2] == ") " and \
            _LINE_START_ENUM.search(text, max(0, n.start - 20), n.start):
        return "list_enumeration"
    return None


@dataclass
class _Context:
    text: str
    doc_date: dt.date | None
    date_precision: str
    sentences: list[tuple[int, int]]
    dates: list[DateMention]
    gazetteer: Any
    has_ki_context: bool
    date_starts: list[int] = field(default_factory=list)
    prev_fact: tuple[str, str] | None = None
    figures: list[NumberMention] = field(default_factory=list)
    _fig_starts: list[int] = field(default_factory=list)
    _tokens: dict[int, list[_Tok]] = field(default_factory=dict)
    _tok_starts: dict[int, list[int]] = field(default_factory=dict)
    _periods: dict[int, tuple[str, str, str] | None] = field(default_factory=dict)
    _districts: dict[int, list] = field(default_factory=dict)
    _programmes: dict[int, list] = field(default_factory=dict)
    _separators: dict[int, list[int]] = field(default_factory=dict)
    _inherit: dict[tuple[int, bool], bool] = field(default_factory=dict)

    def figures_in(self, lo: int, hi: int) -> list[NumberMention]:
        if not self._fig_starts and self.figures:
            self._fig_starts = [f.span_start for f in self.figures]
        i, j = bisect.bisect_left(self._fig_starts, lo), bisect.bisect_left(self._fig_starts, hi)
        return self.figures[i:j]

    def token_starts(self, si: int) -> list[int]:
        if si not in self._tok_starts:
            self._tok_starts[si] = [t.start for t in self.tokens(si)]
        return self._tok_starts[si]

    def tokens(self, si: int) -> list[_Tok]:
        if si not in self._tokens:
            s, e = self.sentences[si]
            self._tokens[si] = _tokens(self.text, s, e)
        return self._tokens[si]


def _fact(ctx: _Context, n: NumberMention, si: int, members: list[NumberMention]) -> tuple[dict | None, str]:
    text = ctx.text
    s_start, s_end = ctx.sentences[si]
    toks = ctx.tokens(si)
    starts = ctx.token_starts(si)
    i_before = bisect.bisect_left(starts, n.span_start)  # tokens[:i_before] are before the number
    i_after = bisect.bisect_left(starts, n.span_end)
    before = toks[max(0, i_before - 10):i_before]
    after = toks[i_after:i_after + 12]
    last = members[-1]
    if last is not n:  # list members take the noun phrase of the last one
        j = bisect.bisect_left(starts, last.span_end)
        after = toks[j:j + 12]
    sentence = text[s_start:s_end]

    measure, unit, rule = _measure(ctx, n, before, after, toks, starts, sentence)
    if measure is None:
        return None, rule
    value = float(n.value)
    if measure == "percent" and n.unit != "percent" and value < 1 and n.form == "word":
        value = round(value * 100, 6)  # "die Hälfte" -> 50 %
    qualifier = _qualifier(before)
    if len(members) > 1:
        rng = _range_role(text, n, members)
        if rng:
            qualifier = "at_least" if rng == "low" else "at_most"
            rule += f"+range_{rng}"

    region = (s_start, s_end)
    neighbours = [x for x in ctx.figures_in(s_start, s_end) if x is not n
                  and (n.group is None or x.group != n.group)]
    lo, hi = _own_stretch(members[-1] if len(members) > 1 else n, neighbours, s_start, s_end)
    lo = min(lo, n.span_start)
    per_unit = _per_unit(text, n, before, after, s_start, s_end, qualifier, len(members) > 1 and "+range" in rule,
                         [x.span_start for x in neighbours])
    ci_lo, ci_hi = _clause_bounds(toks, i_before, i_after)
    clause = (toks[ci_lo].start if ci_lo < len(toks) else s_start, toks[ci_hi - 1].end if ci_hi > 0 else s_end)
    gapped_from = None
    if ci_lo > 1 and toks[ci_lo - 1].text in (",", ";") and not _has_verb(toks[ci_lo:ci_hi]):
        # "investiert jährlich 9,83 Mio. €; das Schulministerium weitere Mittel für über 100 Lehrkräfte"
        plo, _ = _clause_bounds(toks, ci_lo - 1, ci_lo - 1)
        if plo < ci_lo - 1:
            gapped_from = (toks[plo].start, toks[ci_lo - 2].end)
    is_annual = bool(_ANNUAL.search(text, lo, hi)) or bool(gapped_from and _ANNUAL.search(text, *gapped_from))
    period, precision, prule = _period(ctx, n, si, is_annual, measure, before, clause, gapped_from)
    if prule:
        rule += prule
    if is_annual:
        rule += "+annual"
    subject, ags = _subject(ctx, n, si, measure, sentence)
    funder = (_funder(text, n, region, neighbours)
              if measure in ("funding_eur", "staff_positions", "teachers") else "")
    start, end = n.span_start, n.span_end
    return {
        "start": start, "end": end, "quote": sentence, "measure": measure, "value": value, "unit": unit,
        "qualifier": qualifier, "per_unit": per_unit, "period": period, "period_precision": precision,
        "is_annual": is_annual, "subject": subject, "district_ags": ags, "funder": funder, "rule": rule,
        "value_text": text[start:end], "value_start": n.start, "value_end": n.end,
        "sentence_start": s_start, "sentence_end": s_end,
    }, ""


_PREPS = frozenset("vom von aus im in für mit an am zum zur bei beim".split())
_KI_CUE_LOOSE = re.compile(r"Integrationszentr|(?<!\w)KI(?!\w)|Zentr(?:um|en|ums)(?!\w)")
_MISSING = re.compile(r"(?<!\w)(?:fehl(?:en|t|ten|te)|noch[ ]ohne|ohne[ ]eigenes|nicht[ ]über)(?!\w)")


def _adj_like(t: _Tok) -> bool:
    return t.low.endswith(_ADJ_SUFFIX) or t.low in _NEW_WORDS


def _head(after: list[_Tok]) -> tuple[_Tok | None, list[_Tok]]:
    """Head noun of the noun phrase right after a number, and the adjectives before it.

    A capitalised word is an adjective only when another capitalised word follows it
    ("Kommunale Integrationszentren"); a short phrase may stand between number and noun
    ("zwei vom Land abgeordnete Lehrkräfte").
    """
    adjs: list[_Tok] = []
    toks = after[:8]
    for i, t in enumerate(toks):
        if t.text in ("-", "–") and not adjs:
            continue
        if not t.text[:1].isalpha():
            return None, adjs
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.is_cap:
            if nxt is not None and nxt.is_cap and nxt.text[:1].isalpha() and _adj_like(t) \
                    and not _noun_measure(t.low):
                adjs.append(t)
                continue
            return t, adjs
        if _adj_like(t) or (t.low in ("und", "bzw", "oder") and adjs):
            adjs.append(t)
            continue
        if t.low in _PREPS:
            for j in range(i + 1, min(len(toks), i + 5)):
                u = toks[j]
                if not u.text[:1].isalpha():
                    break
                if u.is_cap and _noun_measure(u.low) and not toks[j - 1].is_cap and _adj_like(toks[j - 1]):
                    return u, adjs + [toks[j - 1]]
        return None, adjs
    return None, adjs


def _noun_measure(low: str) -> str | None:
    """Measure a head noun stands for (before any context)."""
    if any(w in low for w in _KI_WORDS) or low in _KI_EXACT or low.startswith("standort"):
        return "ki_count"
    if low.startswith(_TEACHER):
        return "teachers"
    if any(w in low for w in _STAFF) and not low.startswith(("stellung", "stellv")) or low.startswith("stellen"):
        return "staff_positions"
    if low.startswith(_DISTRICT_HEADS) or "kreisfreie" in low:
        return "district_count"
    if low.startswith(_PEOPLE) or low.endswith(_PEOPLE_ENDINGS):
        return "people_count"
    return None


def _fronted_partitive(toks: list[_Tok], n: NumberMention) -> tuple[_Tok | None, list[_Tok]]:
    """ "Von den zwölf Lehrerstellen ... sind nur neun besetzt": the noun of the fronted whole."""
    for i in range(len(toks) - 3):
        if toks[i].start >= n.span_start:
            break
        if toks[i].low in ("von", "unter", "aus") and toks[i + 1].low in ("den", "der", "diesen") \
                and _is_number_token(toks[i + 2]) and toks[i + 2].end < n.span_start:
            return _head(toks[i + 3:i + 11])
    return None, []


_FINITE = frozenset("""sind ist war waren wird werden wurde wurden hat haben hatte hatten kommen kamen stammen
    stammten stehen standen gehen fließen flossen erhalten bekommen arbeiten leben liegen lagen gibt gab kann können
    soll sollen will wollen muss müssen engagieren entfallen entfielen tragen zahlen fördern investieren besuchen
    lernen warten bieten beraten bleiben blieben""".split())
_NOT_VERB_T = frozenset("""nicht seit bereits jetzt erst zuletzt insgesamt weit gut mit meist zunächst selbst sonst fast
    fest oft recht zurzeit derzeit samt statt anstatt breit bereit bisweilen mindestens höchstens etwa rund knapp
    genannt erwähnt""".split())


def _has_verb(toks: list[_Tok]) -> bool:
    """Does a clause hold a finite verb (roughly: a known one, or a lower-case word ending in -t)?"""
    for t in toks:
        w = t.low
        if not t.text[:1].islower() or not w.isalpha():
            continue
        if w in _FINITE or (len(w) > 3 and w.endswith("t") and w not in _NOT_VERB_T
                            and not w.endswith(("weit", "zeit", "heit", "keit", "schaft"))):
            return True
    return False


def _clause_bounds(toks: list[_Tok], i_before: int, i_after: int) -> tuple[int, int]:
    """Token index range of the clause around a number (commas, semicolons, dashes, colons)."""
    lo = i_before
    while lo > 0 and toks[lo - 1].text not in (",", ";", "–", ":", "(", ")"):
        lo -= 1
    hi = i_after
    while hi < len(toks) and toks[hi].text not in (",", ";", "–", ":", "(", ")"):
        hi += 1
    return lo, hi


def _measure(ctx: _Context, n: NumberMention, before: list[_Tok], after: list[_Tok], toks: list[_Tok],
             starts: list[int], sentence: str) -> tuple[str | None, str, str]:
    """(measure, unit, rule), or (None, "", reason) when the number is no figure."""
    if n.unit == "EUR":
        return "funding_eur", "EUR", "funding_eur:currency"
    if n.unit == "percent":
        return "percent", "percent", "percent:sign"
    prev_low = [t.low for t in before[-3:]]
    role = ""
    if len(after) >= 2 and after[0].low in _PARTITIVE and _is_number_token(after[1]):
        head, adjs = _head(after[2:])  # "47 von 53 Kommunalen Integrationszentren"
        role = "part"
    elif len(before) >= 2 and before[-1].low in _PARTITIVE and _is_number_token(before[-2]):
        head, adjs = _head(after)  # the 53 of "47 von 53 ..."
        role = "whole"
    else:
        head, adjs = _head(after)
    if n.form == "ordinal":
        if head is not None and _noun_measure(head.low) == "ki_count":
            return "ki_count", "count", "ki_count:ordinal"
        if head is not None and head.low.startswith(("kommune", "kreis", "stadt", "standort")) \
                and _KI_CUE.search(sentence):
            return "ki_count", "count", "ki_count:ordinal_place"  # "als 12. Kommune ... ein KI"
        return None, "", "ordinal_no_figure"
    if head is not None and head.low in _TIME_NOUNS:
        return None, "", "duration"
    if head is not None and head.low in ("mal", "male"):
        return None, "", "frequency"
    hm = _noun_measure(head.low) if head is not None else None
    if n.form == "word" and n.value is not None and n.value < 1 and hm is None:
        return "percent", "percent", "percent:fraction"  # "die Hälfte (der Mittel)", "ein Viertel davon"
    if head is None and after and after[0].low in ("davon", "hiervon", "darunter"):
        return "other", "count", "other:davon"  # "zwei davon": a part of something counted before
    after_is_np = bool(after) and after[0].text[:1].isalpha() and (after[0].is_cap or _adj_like(after[0]))
    if head is None:
        fh, fadjs = _fronted_partitive(toks, n)
        if fh is not None and _noun_measure(fh.low):
            head, adjs, hm, role = fh, fadjs, _noun_measure(fh.low), "fronted"
    if head is None and before and before[-1].low == "es" and ctx.prev_fact:
        m, u = ctx.prev_fact  # "1.426 Asylsuchende ..., im Jahr davor waren es 611"
        return m, u, f"{m}:anaphora_es"
    if head is None and not after_is_np:
        # the noun phrase before, in the same clause: "Die Zahl der Zentren stieg auf 50"
        for t in reversed(before[-8:]):
            if t.text in (",", ";", ":", "–"):
                break
            m = _noun_measure(t.low) if t.is_cap else None
            if m:
                hm, head, role = m, t, "before"
                break
    new = any(a.low in _NEW_WORDS for a in adjs) or any(p in _NEW_WORDS for p in prev_low)
    missing = bool(_MISSING.search(sentence))
    if hm == "ki_count":
        if n.scale != 1.0:
            return "other", "count", "other:scaled"
        if new:
            return "other", "count", "ki_new"
        if head.low in _KI_EXACT and head.low not in ("ki", "kis") and not ctx.has_ki_context:
            return "other", "count", "other:head"
        if missing or any(a.low.startswith("möglich") for a in adjs):
            return "district_count", "count", "district_count:possible_or_missing"
        if role == "whole":
            return "district_count", "count", "district_count:partitive_whole"
        return "ki_count", "count", "ki_count:" + _ROLE_NAME.get(role, role or "head")
    if head is not None and head.low in ("städte", "städten") and not any("kreisfrei" in a.low for a in adjs):
        return "other", "count", "other:municipalities"
    if hm == "district_count":
        ki_here = bool((_KI_CUE_LOOSE if ctx.has_ki_context else _KI_CUE).search(sentence))
        if missing:
            return "district_count", "count", "district_count:missing"
        if role == "part" and ki_here:
            return "ki_count", "count", "ki_count:districts_with_ki"
        # "in 47 Kreisen ... ein Netz von KI aufgebaut": districts that have a centre, statewide;
        # not when the sentence is about a part of the state or about cooperation
        if role in ("", "before") and ki_here and not any(p in _ALL_WORDS for p in prev_low) \
                and any(v in sentence for v in _EXIST_VERBS) and not new \
                and not _SUBSET_OR_ACTIVITY.search(sentence):
            return "ki_count", "count", "ki_count:districts_with_ki"
        return "district_count", "count", "district_count:" + _ROLE_NAME.get(role, role or "head")
    if hm == "staff_positions":
        # "200 Lehrerstellen ... die übrigen 94 Stellen": a bare "Stellen" after teacher posts
        if head.low.startswith("stelle") and _TEACHER_POSTS.search(ctx.text, max(0, n.span_start - 400),
                                                                   n.span_start):
            return "teachers", "FTE", "teachers:elliptic_stellen"
        return "staff_positions", "FTE", "staff_positions:" + _ROLE_NAME.get(role, role or "head")
    if hm == "teachers":
        unit = "FTE" if "stelle" in head.low else "count"
        return "teachers", unit, "teachers:" + _ROLE_NAME.get(role, role or "head")
    if hm == "people_count":
        return "people_count", "count", "people_count:" + _ROLE_NAME.get(role, role or "head")
    if n.scale != 1.0 and hm is None and _MONEY_CONTEXT.search(sentence):
        return "funding_eur", "EUR", "funding_eur:scale_in_money_context"  # "Die Förderung beträgt 2,5 Mio."
    if head is not None and head.is_cap:
        return "other", "count", "other:head"
    if n.scale != 1.0:
        return "other", "count", "other:scaled"
    return None, "", "unexplained"


_SUBSET_OR_ACTIVITY = re.compile(r"Regierungsbezirk|Bezirksregierung|(?<!\w)zusammen(?!\w)|beteilig|nehmen[ ]teil|teilnehm")
_MONEY_CONTEXT = re.compile(r"Euro|EUR|€|Mittel|[Ff]örder|Haushalt|Budget|Etat|[Ff]inanz|[Kk]osten|Zuschu|investier")
_TEACHER_POSTS = re.compile(r"Lehrerstellen|Lehrkräftestellen|Lehrerstelle")


_ROLE_NAME = {"whole": "partitive_whole", "part": "partitive_part", "before": "np_before"}


def _is_number_token(t: _Tok) -> bool:
    s = t.text.rstrip(".")
    if s[:1].isdigit():
        return True
    p = parse_word(s)
    return p is not None and p[1] == "word"


def _qualifier(before: list[_Tok]) -> str:
    """Qualifier from the words directly before the number; stops at the first other word."""
    best = "exact"
    i = len(before) - 1
    while i >= 0:
        w = before[i].low
        if i >= 1 and (before[i - 1].low, w) in _Q2:
            q = _Q2[(before[i - 1].low, w)]
            best = q if _Q_RANK[q] > _Q_RANK[best] else best
            i -= 2
            continue
        if w in _Q1:
            if w == "über" and i >= 1 and _NOT_QUAL_BEFORE_UEBER.match(before[i - 1].low):
                break
            if w == "bis" and i >= 1 and before[i - 1].text[:1].isdigit():
                break  # "3 bis 5": a range, handled by the group
            q = _Q1[w]
            best = q if _Q_RANK[q] > _Q_RANK[best] else best
            i -= 1
            continue
        if w in _FILLERS:
            i -= 1
            continue
        break
    return best


def _range_role(text: str, n: NumberMention, members: list[NumberMention]) -> str:
    """'low'/'high' for the ends of "zwischen 3 und 5", "3 bis 5", "von 3 bis 5"; '' in a plain list."""
    if len(members) != 2:
        return ""
    joint = members[1].connector.lower()
    if joint in ("bis", "-", "–"):
        is_range = True
    elif joint == "und":
        lead = text[max(0, members[0].span_start - 12):members[0].span_start].lower()
        is_range = lead.rstrip().endswith("zwischen")
    else:
        is_range = False
    if not is_range:
        return ""
    return "low" if n is members[0] else "high"


_EACH_BEFORE = re.compile(
    r"(?<!\w)(?:[Ff]ür[ ]jede[nsrm]?|[Jj]ede[nsrm]?|[Pp]ro|[Jj]e)[ ](?:(?:der|des)[ ][^ ,.;]{1,20}[ ])?"
    r"(?:[a-zäöüß]+[ ])?(?P<noun>[A-ZÄÖÜ][\w-]*)")
_PERIOD_NOUNS = frozenset({"jahr", "jahres", "jahre", "schuljahr", "haushaltsjahr", "kalenderjahr", "monat", "monats",
                           "quartal", "halbjahr"})
_YEARS_BEFORE = re.compile(r"(?:Jahren|Jahre)[ ](?:19|20)\d\d|(?:19|20)\d\d[ ]?(?:bis|-|–)[ ]?(?:19|20)\d\d|jährlich")
_EACH_OF_THEM = re.compile(r"(?<!\w)[Jj]ede[nsrm]?[ ](?:von[ ](?:ihnen|den[ ]\w+|diesen)|einzelne[nsr]?)(?!\w)")
_AVERAGE = re.compile(r"(?<!\w)(?:[Ii]m[ ]Durchschnitt|[Dd]urchschnittlich|[Ii]m[ ]Schnitt)(?!\w)")
_GRANT_RATE = re.compile(r"(?<!\w)(?:Projekte?n?|Vorhaben|Maßnahmen?|Anträge|Antrag|Initiativen?|Vereine?n?)(?!\w)")


def _per_unit(text: str, n: NumberMention, before: list[_Tok], after: list[_Tok], s_start: int, s_end: int,
              qualifier: str, is_range: bool, others: list[int]) -> bool:
    """Per centre / district / project: "jeweils", "je Kommune", "für jedes Zentrum", "im Durchschnitt"."""
    for t in before[-4:]:
        if t.low == "jeweils":
            # "in den Jahren 2019 bis 2021 jeweils 5 Mio. Euro": each year, not each unit
            return not _YEARS_BEFORE.search(text, max(s_start, n.span_start - 120), n.span_start)
        if t.low in ("je", "pro"):
            nm = _NEXT_WORD_CTX.match(text, t.end)
            nxt = nm.group(1).lower() if nm else ""
            # "je nach Einwohnerzahl" distributes nothing; "pro Jahr" is a period
            if nxt != "nach" and nxt not in _PERIOD_NOUNS:
                return True
    # after the figure or its noun: "40 Euro pro Teilnehmer", "3,5 Stellen pro Zentrum" (not "pro Jahr")
    ends = [n.span_end]
    for t in after[:4]:
        if t.text[:1].isupper():
            ends.append(t.end)
            break
    for head_end in ends:
        m = _PER_AFTER.match(text[head_end:min(s_end, head_end + 40)])
        if m:
            noun = (m.group("noun") or m.group("noun2") or "").lower()
            if noun and noun not in _PERIOD_NOUNS:
                return True
    head_end = ends[-1]
    if _JEWEILS_AFTER.match(text, head_end, min(s_end, head_end + 30)):
        return True
    # earlier in the sentence: "Das Land fördert jedes Zentrum mit ...", "Jedes der 53 Zentren erhält zwei ..."
    lo = max(s_start, n.span_start - 160)
    semi = text.rfind(";", lo, n.span_start)
    lo = semi + 1 if semi != -1 else lo
    if _INSGESAMT.search(text, lo, n.span_start):
        return False  # "insgesamt 216 Stellen": a total
    for m in _EACH_BEFORE.finditer(text, lo, n.span_start):
        if m.group("noun").lower() in _PERIOD_NOUNS or text[m.end():m.end() + 1].isdigit():
            continue
        if m.group(0).lower().startswith("je nach"):
            continue
        if any(m.end() <= x < n.span_start for x in others):
            continue  # another figure stands between: "jedes Zentrum" belongs to that one
        return True
    if _EACH_OF_THEM.search(text, lo, n.span_start) and not any(
            m.end() <= x < n.span_start for x in others for m in [_EACH_OF_THEM.search(text, lo, n.span_start)]):
        return True  # "Ab 2018 erhält jedes von ihnen eine weitere halbe Stelle"
    if _AVERAGE.search(text, lo, n.span_start):
        return True
    # grants per project: "Projekte mit Beträgen zwischen 2.500 und 12.500 Euro", "Vorhaben mit bis zu 45.000 €"
    if n.unit == "EUR" and (is_range or qualifier == "at_most") and \
            _GRANT_RATE.search(text, max(s_start, n.span_start - 80), n.span_start):
        return True
    return False


_LINK_AFTER = re.compile(r"[ ]*(?:[A-ZÄÖÜ][\w-]*[ ]+)?(?:waren|sind|ist|war|kamen|kommen|kommt|kam|stammen|stammten|"
                         r"stammt|entfielen|entfallen|aus|vom|von[ ]der|von[ ]den|durch|als)(?!\w)")


def _own_stretch(n: NumberMention, neighbours: list[NumberMention], s: int, e: int) -> tuple[int, int]:
    """From the end of the previous figure (or ``s``) to the start of the next one (or ``e``)."""
    lo, hi = s, e
    for x in neighbours:
        if x.span_end <= n.span_start:
            lo = max(lo, x.span_end)
        elif x.span_start >= n.span_end:
            hi = min(hi, x.span_start)
            break
    return lo, hi


_FUNDER_HINTS = ("ommunal", "tiftung", "rittmittel", "EU", "Europ", "ESF", "AMIF", "Bund", "BAMF", "inisterium", "Land",
                 "Kommunen", "Kreis", "Stadt", "eigenen", "Eigenanteil", "ushalt")


@lru_cache(maxsize=256)
def _funder_candidates_cached(sentence: str) -> tuple[tuple[int, int, str], ...]:
    if not any(h in sentence for h in _FUNDER_HINTS):
        return ()
    return tuple((m.start(), m.end(), _funder_name(m)) for m in _FUNDERS.finditer(sentence))


def _funder_candidates(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Funding sources named in ``text[s:e]`` with absolute offsets (cached per sentence)."""
    return [(a + s, b + s, name) for a, b, name in _funder_candidates_cached(text[s:e])]


def _funder(text: str, n: NumberMention, region: tuple[int, int], neighbours: list[NumberMention]) -> str:
    """Funding source for a figure: in its own stretch between the neighbouring figures.

    "19,6 Mio. Euro aus den kommunalen Haushalten, 14,5 Mio. Euro waren Landesmittel": a linking
    word after the figure ("aus", "waren", "vom") points forward; otherwise the nearest source
    before the figure ("Das Integrationsministerium investiert 9,83 Mio. €") wins.
    """
    s, e = region
    cands = _funder_candidates(text, s, e)
    if not cands:
        return ""
    lo, hi = _own_stretch(n, neighbours, s, e)
    own = [c for c in cands if c[0] >= lo and c[1] <= hi]
    after = [c for c in own if c[0] >= n.span_end]
    if after and _LINK_AFTER.match(text, n.span_end):
        return after[0][2]
    before = [c for c in own if c[1] <= n.span_start] or [c for c in cands if c[1] <= n.span_start]
    if before:
        return before[-1][2]
    return after[0][2] if after else ""


def _fmt_period(date: str, precision: str) -> str:
    if not date:
        return ""
    if precision == "day":
        return date
    if precision == "month":
        return date[:7]
    return date[:4]


_COMPARISON = re.compile(r"(?:gegenüber|Gegenüber|im[ ]Vergleich[ ]zu[rm]?|verglichen[ ]mit|als)[ ](?:dem[ ]|im[ ])?(?:Jahr[ ])?$")
_STAND = re.compile(r"(?:Stand|Stichtag|stichtag)\W{0,3}(?:am[ ]|zum[ ]|vom[ ])?$")
_INHERIT_WORDS = re.compile(r"(?<!\w)(?:damit|davon|hiervon|darunter|somit|dabei|hierbei|von[ ]ihnen|unter[ ]ihnen|"
                            r"das[ ]sind|dies[ ]sind|das[ ]waren|das[ ]entspricht|dies[ ]entspricht)(?!\w)", re.I)
_STOCKS = frozenset({"ki_count", "district_count", "staff_positions", "teachers"})


_NOW = frozenset({"heute", "zurzeit", "derzeit", "aktuell", "mittlerweile", "inzwischen", "momentan",
                  "gegenwärtig", "jetzt", "nunmehr"})


def _doc_period(ctx: _Context) -> tuple[str, str, str]:
    if ctx.doc_date is None:
        return "", "", ""
    prec = ctx.date_precision if ctx.date_precision in ("day", "month", "year") else "day"
    return _fmt_period(ctx.doc_date.isoformat(), prec), prec, ""


def _usable_dates(ctx: _Context, lo: int, hi: int, measure: str) -> list[DateMention]:
    """Dates in ``[lo, hi)`` that can give a figure its period.

    Not: decades; comparison bases ("gegenüber 2014", "mehr als vor einem Jahr"); day dates of
    events ("zum 1. Oktober") unless they are a reference date ("Stand: 31. März 2016"); "seit"
    dates of stock measures (a count "seit 2014" is still as of the document date).
    """
    i = bisect.bisect_left(ctx.date_starts, lo)
    out = []
    while i < len(ctx.dates) and ctx.dates[i].start < hi:
        d = ctx.dates[i]
        i += 1
        if not d.date or d.precision == "decade":
            continue
        if d.kind == "since" and measure in _STOCKS:
            continue
        if _COMPARISON.search(ctx.text, max(0, d.start - 30), d.start):
            continue
        out.append(d)
    return out


def _as_period(ctx: _Context, d: DateMention) -> tuple[str, str, str]:
    if d.kind == "since":  # a cumulative amount "seit 2012": from then to the document date
        end_year = ctx.doc_date.year if ctx.doc_date else None
        start = _fmt_period(d.date, "year")
        return (f"{start}/{end_year:04d}" if end_year and str(end_year) != start else start), "year", ""
    if d.kind in ("period", "range") or (d.kind == "duration" and d.text.lower().startswith(("für", "über"))):
        a, b = _fmt_period(d.date, d.precision), _fmt_period(d.date_end, d.precision)
        return (a if a == b or not b else f"{a}/{b}"), d.precision, ""
    if d.kind == "duration" or (ctx.doc_date and d.kind == "relative" and d.precision == "day"
                                and d.date == ctx.doc_date.isoformat()):
        return _doc_period(ctx)  # "innerhalb von eineinhalb Jahren", "heute": as of the document date
    return _fmt_period(d.date, d.precision), d.precision, ""


def _explicit_period(ctx: _Context, si: int, measure: str, pos: int | None = None,
                     clause: tuple[int, int] | None = None) -> tuple[str, str, str] | None:
    """Period stated in ``clause`` (default: the whole sentence): the nearest date before ``pos``, else after."""
    s, e = clause or ctx.sentences[si]
    usable = _usable_dates(ctx, s, e, measure)
    if not usable:
        return None
    if pos is not None:
        prior = [d for d in usable if d.end <= pos]
        if prior:
            d = prior[-1]
        else:
            # a date after the figure counts unless another figure stands between ("3,4 Mio. (2015: 3,1 Mio.)")
            later = [d for d in usable if not any(pos < f.span_start < d.start for f in ctx.figures_in(s, e))
                     and "(" not in ctx.text[pos:d.start] and ctx.text[d.end:d.end + 1] != ":"]
            if not later:
                return None
            d = later[0]
    else:
        d = usable[0]
    return _as_period(ctx, d)


_SEPARATOR = re.compile(r",\s|;|:\s|\s[–-]\s|[()]")


def _segment(ctx: _Context, si: int, pos: int) -> tuple[int, int]:
    """The stretch of sentence ``si`` between the separators (", ", ";", ": ", " – ", brackets) around ``pos``."""
    s, e = ctx.sentences[si]
    if si not in ctx._separators:
        ctx._separators[si] = [m.start() for m in _SEPARATOR.finditer(ctx.text, s, e)]
    seps = ctx._separators[si]
    i = bisect.bisect_right(seps, pos)
    return (seps[i - 1] + 1 if i > 0 else s), (seps[i] if i < len(seps) else e)


def _ownerless_period(ctx: _Context, si: int, n: NumberMention, measure: str) -> tuple[str, str, str] | None:
    """A date elsewhere in the sentence whose own stretch holds no other figure
    ("Von den 2,4 Mio. Euro, die dem Zentrum in diesem Jahr zur Verfügung stehen, kommen 480.000 Euro ...")."""
    s, e = ctx.sentences[si]
    cands = []
    for d in _usable_dates(ctx, s, e, measure):
        lo, hi = _segment(ctx, si, d.start)
        if lo <= n.span_start < hi:
            continue  # the figure's own stretch was already looked at
        if (ctx.text[d.end:d.end + 1] == ":" or ctx.text[lo - 1:lo] == "(") and n.span_start < d.start:
            continue  # "3,4 Mio. (2015: 3,1 Mio.)": the label is for what follows it
        if any(f is not n and (n.group is None or f.group != n.group) for f in ctx.figures_in(lo, hi)):
            continue
        cands.append(d)
    if not cands:
        return None
    return _as_period(ctx, min(cands, key=lambda d: abs(d.start - n.span_start)))


_BREAKDOWN = re.compile(r"(?<!\w)(?:[Dd]avon|[Ww]eitere[nr]?|Teil|Rest|Anteil|stamm\w*|kommen|kamen|trägt|tragen|"
                        r"steuer\w*|entf\w*|übernimmt|übernehmen|finanziert|zusätzlich\w*)(?!\w)")


def _inherits(ctx: _Context, si: int, measure: str) -> bool:
    """Does sentence ``si`` continue the time reference of the one before it? (cached per sentence)"""
    key = (si, measure == "funding_eur")
    if key not in ctx._inherit:
        ctx._inherit[key] = _inherits_uncached(ctx, si, measure)
    return ctx._inherit[key]


def _inherits_uncached(ctx: _Context, si: int, measure: str) -> bool:
    s, e = ctx.sentences[si]
    if _ANAPHORA.match(ctx.text, s) or _INHERIT_WORDS.search(ctx.text, s, e):
        return True
    if any(_COMPARISON.search(ctx.text, max(0, d.start - 30), d.start)
           for d in ctx.dates[bisect.bisect_left(ctx.date_starts, s):bisect.bisect_left(ctx.date_starts, e)]):
        return True  # "Gegenüber 2014 ist die Summe um 4,2 Mio. € gestiegen": about the year before
    if measure == "funding_eur" and si > 0 and _BREAKDOWN.search(ctx.text, s, e):
        ps, pe = ctx.sentences[si - 1]  # a breakdown of the amounts of the sentence before
        return any(f.unit == "EUR" for f in ctx.figures_in(ps, pe))
    return False


def _period(ctx: _Context, n: NumberMention, si: int, is_annual: bool, measure: str,
            before: list[_Tok] | None = None, clause: tuple[int, int] | None = None,
            gapped_from: tuple[int, int] | None = None) -> tuple[str, str, str]:
    """The period of a figure, in this order: "zurzeit"/"heute" next to it; a date in its own clause;
    in the clause whose verb it leaves out; elsewhere in the sentence where no other figure claims it;
    in the sentence it continues ("Davon", "damit"); "jährlich"; the document date."""
    if before and any(t.low in _NOW for t in before[-6:]):
        got = _doc_period(ctx)
        return got[0], got[1], "+now" if got[0] else ""
    got = _explicit_period(ctx, si, measure, n.span_start, clause)
    if got:
        return got
    if gapped_from:
        got = _explicit_period(ctx, si, measure, None, gapped_from)
        if got:
            return got[0], got[1], "+period_gapped"
    got = _ownerless_period(ctx, si, n, measure)
    if got:
        return got
    j = si
    for _ in range(6):  # follow a chain of continuing sentences back, a few at most
        if j <= 0 or not _inherits(ctx, j, measure):
            break
        j -= 1
        prev = _explicit_period(ctx, j, measure)
        if prev:
            return prev[0], prev[1], "+period_inherited"
    if ctx.doc_date is None:
        return "", "", ""
    if is_annual:
        return f"{ctx.doc_date.year:04d}", "year", ""
    return _doc_period(ctx)


def _subject(ctx: _Context, n: NumberMention, si: int, measure: str, sentence: str) -> tuple[str, str]:
    s, e = ctx.sentences[si]
    if si not in ctx._programmes:
        ctx._programmes[si] = ([(m.start(), (m.group("name") or m.group("quoted")).strip())
                                for m in _PROGRAMME.finditer(ctx.text, s, e)]
                               if any(h in sentence for h in _PROGRAMME_HINTS) else [])
    name = ""
    for start, found in ctx._programmes[si]:
        name = found
        if start > n.span_start:
            break
    if name and measure not in ("ki_count", "district_count"):
        return name, ""
    if measure in ("ki_count", "district_count") or ctx.gazetteer is None:
        return "NRW", ""
    if si not in ctx._districts:
        try:
            ctx._districts[si] = list(ctx.gazetteer.find(sentence))
        except Exception:  # a broken gazetteer must not lose the figure
            ctx._districts[si] = []
    found = ctx._districts[si]
    ags = sorted({d.ags for d in found})
    if len(ags) == 1:
        name = getattr(found[0], "name", "") or found[0].surface
        return name, ags[0]
    return "NRW", ""


# --------------------------------------------------------------------------- corpus and CLI

def extract_corpus(documents: Iterable[Any], gazetteer: Any = None) -> dict[str, Any]:
    """Facts, numbers and dates of all documents as DataFrames, in (doc_id, start) order."""
    import pandas as pd

    if gazetteer is None:
        gazetteer = _default_gazetteer()
    facts: list[dict] = []
    numbers: list[dict] = []
    dates: list[dict] = []
    for doc in sorted(documents, key=lambda d: d.doc_id):
        sents = list(getattr(doc, "sentences", None) or []) or None
        ex = extract(doc.text, getattr(doc, "date", None), doc.doc_id, sentences=sents, gazetteer=gazetteer,
                     date_precision=getattr(doc, "date_precision", "day") or "day")
        facts += ex.facts
        numbers += ex.numbers
        dates += ex.dates
    f = pd.DataFrame(facts, columns=FACT_COLUMNS)
    nu = pd.DataFrame(numbers, columns=NUMBER_COLUMNS)
    da = pd.DataFrame(dates, columns=DATE_COLUMNS)
    f = f.astype({"start": "int64", "end": "int64", "value": "float64", "per_unit": "bool", "is_annual": "bool",
                  "value_start": "int64", "value_end": "int64", "sentence_start": "int64",
                  "sentence_end": "int64"})
    nu = nu.astype({"start": "int64", "end": "int64", "value": "float64"})
    da = da.astype({"start": "int64", "end": "int64"})
    f = f.sort_values(["doc_id", "start", "end", "measure"], kind="stable").reset_index(drop=True)
    nu = nu.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    da = da.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    return {"facts": f, "numbers": nu, "dates": da}


def _default_gazetteer() -> Any:
    try:
        from .gazetteer import default_gazetteer
        return default_gazetteer()
    except (ImportError, KiError, OSError):
        return None


def read_text_file(path: str | Path) -> tuple[str, list[str]]:
    """Read a plain-text file: UTF-8, else cp1252 with a warning. Clear errors for bad files."""
    p = Path(path)
    warnings: list[str] = []
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a text file")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(p, f"cannot be read ({err.strerror or err})") from None
    if b"\x00" in data[:8192]:
        raise InputError(p, "looks binary (NUL bytes); expected a plain-text press release")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{p}: not valid UTF-8; read as cp1252")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


_DOC_DATE = re.compile(r"(?<![\w.])(\d{1,2})\.[ ]?(\d{1,2}|Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
                       r"Oktober|November|Dezember)\.?[ ]?((?:19|20)\d{2})(?!\d)")


def guess_doc_date(text: str) -> dt.date | None:
    """The first full date in the first 1500 characters (the dateline), if any."""
    for d in find_dates(text[:1500], None):
        if d.precision == "day" and d.date and d.kind in ("date", "range"):
            return dt.date.fromisoformat(d.date)
    return None


def _parse_date_arg(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise KiError(f"--date {s!r}: expected YYYY-MM-DD") from None


def _normalise(raw: str) -> str:
    try:
        from .corpus import normalise
    except ImportError:
        return raw
    got = normalise(raw)
    return got[0] if isinstance(got, tuple) else got


def main(args: Any) -> int:
    """``ki extract FILE... [--date YYYY-MM-DD] [--json]``."""
    date = _parse_date_arg(args.date) if getattr(args, "date", None) else None
    gaz = _default_gazetteer()
    rows: list[dict] = []
    for f in args.files:
        raw, warnings = read_text_file(f)
        for w in warnings:
            print(f"ki extract: warning: {w}", file=sys.stderr)
        text = _normalise(raw)
        doc_date = date or guess_doc_date(text)
        if doc_date is None:
            print(f"ki extract: warning: {f}: no date given or found; periods stay empty", file=sys.stderr)
        doc_id = Path(f).stem
        ex = extract(text, doc_date, doc_id, gazetteer=gaz)
        for fact in ex.facts:
            rows.append({"file": str(f), **fact})
    if getattr(args, "json", False):
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, sort_keys=False))
    else:
        _print_table(rows)
    return 0


def _print_table(rows: list[dict]) -> None:
    cols = [("doc_id", 24), ("measure", 15), ("value", 14), ("unit", 7), ("qualifier", 9), ("per_unit", 5),
            ("period", 10), ("subject", 14), ("funder", 30)]
    print("  ".join(name.ljust(w) for name, w in cols) + "  quote")
    for r in rows:
        vals = []
        for name, w in cols:
            v = r[name]
            if name == "value":
                v = format_de(v)
            elif name == "per_unit":
                v = "ja" if v else ""
            vals.append(str(v)[:w].ljust(w))
        q = r["quote"].replace("\n", " ")
        print("  ".join(vals) + "  " + (q[:90] + "…" if len(q) > 90 else q))
    print(f"{len(rows)} figures")
