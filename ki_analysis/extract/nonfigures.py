"""Numbers that are no figures: phone numbers, postal codes, clock times, file numbers, ...

Each is found as a zone of the text (a pattern around the number) or from the word
right before or after it, and is named with a reason (the ``numbers`` table's ``reason``)."""

from __future__ import annotations

import bisect
import re

from ..corpus.numbers import NumberMention, prev_word
from ..vocab import (
    CHROME_HEADINGS,
    CHROME_LINE_WORDS,
    COUNTER_LABELS,
    DURATION_SUFFIXES,
    LABEL_NOUNS,
    MEASUREMENT_UNITS,
    NAME_NOUNS,
    PAYWALL_HEADINGS,
    ROOM_ENDINGS,
    SUBSCRIPTION_WORD,
)
from .grammar import NEXT_WORD_CTX

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+")


_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}")


_PHONE = re.compile(
    r"(?P<label>Telefon|Tel\.|Fon|Telefax|Fax|Mobil|Handy|Rufnummer|Hotline)[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*:?[ \t]*"
    r"\+?[\d(][\d ()/\-–.]{2,30}\d(?:[ ]bis[ ]-?\d{1,6})?"
)


_PHONE_BARE = re.compile(r"(?:\+49[ ]?|0(?<![\w,.]0))\d{2,5}[ /]\d{2,}(?:[ -]\d{1,6}){0,3}(?!\w)")


_VERSION = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+){2,}(?![\d])(?:[ ]*[-–][ ]*\d+)?")


_VERSION_NAMED = re.compile(r"(?:Version|Vers\.|v)[ ]?\d+(?:\.\d+)+")


_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


# "2.450.000 EUR": thousands dots, no version string
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


# German style groups figures from 10.000 up, so five bare digits before a place name are a postal code
_POSTAL = re.compile(r"\d(?<![\w.,]\d)\d{4}(?=[ ]+[A-ZÄÖÜ][a-zäöüß])")


_PARTY = re.compile(r"Bündnis[ \u00a0]?90")


_CLOCK = re.compile(
    r"\d(?<![\d.,:]\d)\d?(?:[.:]\d{2})?(?:(?:[ ]?(?:bis|-|–|und)[ ]?\d{1,2}(?:[.:]\d{2})?)?[ ]?Uhr(?!\w)|(?<=:\d\d)(?::\d\d)?(?![\d:]))"
)


_LABELLED_RANGE = re.compile(
    r"(?P<label>Seiten?|SEITE|Klassen?|Jahrgangsstufen?|Stufen?|Nummern|Anlagen|Ziffern)[ ]\d{1,4}(?:[ ]?(?:bis|von|-|–|/|und|oder|,)[ ]?\d{1,4})?(?!\d)"
)


_RANGE_LABEL_WORDS = ("Seite", "SEITE", "Klasse", "Jahrgangsstufe", "Stufe", "Nummern", "Anlagen", "Ziffern")
_LABEL_REASON = {
    "seite": "page_number",
    "seiten": "page_number",
    "klasse": "school_grade",
    "klassen": "school_grade",
    "jahrgangsstufe": "school_grade",
    "jahrgangsstufen": "school_grade",
    "stufe": "school_grade",
    "stufen": "school_grade",
    "nummern": "list_enumeration",  # "die Nummern 1 bis 4 der Richtlinie"
    "anlagen": "list_enumeration",  # "mit den Anlagen 1 bis 3"
    "ziffern": "list_enumeration",
}


_CAPS_CODE = re.compile(
    r"[A-ZÄÖÜ](?<![\w.][A-ZÄÖÜ])[A-ZÄÖÜ]{0,3}[ ]\d{1,3}(?![\d,.]\d|[ ]?(?:%|€|Euro|Prozent))"
)


_SLASHED = re.compile(r"\d(?<![\w.,/]\d)\d*(?:/\d+)+(?![\w/])")


_VOTES = re.compile(r"\d(?<![\w.,]\d)\d{0,2}[ ]?(?::|zu)[ ]?\d{1,3}[ ](?:Stimmen|Stimme)(?!\w)")


_LEADING_ZERO = re.compile(r"0(?<![\w.,]0)\d+(?![\d,])")


# German writes decimals with a comma: a dot before one or two digits is a code ("Raum B 2.07", "Nummer
# 5.4"), not a number; a date ("12.05.2016", "1.7.") or a version ("3.9.9") goes on with another dot
_DOTTED_CODE = re.compile(r"\d(?<![\w.,]\d)\d{0,2}(?:\.\d{1,2})+(?![\d.,])")


# a file code with a hyphen before dotted parts ("- 512-3.41.01 -", "Az. 40-1.2")
_HYPHEN_CODE = re.compile(r"\d(?<![\w.,]\d)\d*[-–]\d+(?:\.\d+)+(?![\d,])")


_ADDRESS_NO = re.compile(r"\d(?<![\w.,]\d)\d{0,3}[a-z]?(?=,?[ ]?(?:·[ ])?\d{5}[ ][A-ZÄÖÜ])")


# outline numbering at the start of a line: "1.1 Das Land", "5.4.1 Gefördert werden" (sub-sections)
_OUTLINE = r"[ \t]*\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=[ \t]+\S)"
# "1 Zuwendungszweck": a bare number opening a line, before a capitalised word (decided in zones)
_LINE_NUMBER = r"[ \t]*(\d{1,2})(?=[ \t]+[A-ZÄÖÜ])"


def _line_start_pattern(body: str, flags: int = 0) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``body`` at the start of the text, and after each line break: a search for the "\n" is fast, a
    search for ``(?m)^`` tries every position (speed; the same matches)."""
    return re.compile(f"(?:{body})", flags), re.compile(f"\n({body})", flags)


def _at_line_starts(pats: tuple[re.Pattern[str], re.Pattern[str]], text: str) -> list[re.Match[str]]:
    """The matches of a line-start pattern; group 1 (of the second pattern) spans the body."""
    first = pats[0].match(text)
    return ([first] if first else []) + list(pats[1].finditer(text))


# a web page's path ("Startseite > Presse > 2014"), a pager ("« 1 2 »"), a forum post's "#3"
_PATH_SEP = re.compile(r"[ ][>›»][ ]")
_PAGER = re.compile(r"«[ \d]+»")
_POST_NO = re.compile(r"#\d+(?!\w)")
# a code with letters and slashes ("KT/11/2013"), a number glued to a letter ("Halle 3B", "EG 9a")
_SLASHED_CODE = re.compile(r"/\d+(?:/\w+)+")  # extended back over its capitals or digits in _chrome_zones
_CODE_LETTERS = re.compile(r"(?<![\w/])[A-ZÄÖÜ\d]{1,6}$")
# a file label and its code joined by hyphens, dots or slashes ("Az.: 40-2", "Vorlage 12-3/4")
_CODE_LABELS = ("Az", "Aktenzeichen", "Gz", "Geschäftszeichen", "Drucksache", "Drs", "Vorlage")
_LABELLED_CODE = re.compile(r"(?<!\w)(?:" + "|".join(_CODE_LABELS) + r")\.?:?[ ]?\d+(?:[-./]\d+)+(?![\d,])")
# a visitor counter's line: "Heute: 214"
_COUNTER_LINE = _line_start_pattern(r"[ ]*(?:" + "|".join(COUNTER_LABELS) + r")[ ]?:[ ]?\d[\d.]*[ ]*$", re.M)
_GLUED_LETTER = re.compile(r"\d(?<![\w,.]\d)\d{0,3}[A-Za-z](?!\w)")
# numbers hyphen-joined after a capital code ("...-KI-DU-2022-117", "AZ-12-4"): parts of the code
_AFTER_CAPS_CODE = re.compile(r"\d(?<=[A-Z]-\d)\d*(?:[-/.]\d+)*(?![\w-])")
# a heading opens its line (up to three characters before it, "» Mehr zum Thema"): looked for from each
# line break, not at every character (speed)
_CHROME_HEADING = _line_start_pattern(
    r"[^\n]{0,3}?(?P<h>" + "|".join(re.escape(h) for h in CHROME_HEADINGS) + ")"
)
# a short mark of the paper's offer may stand before the heading ("NW+ · Weiterlesen für 1 €")
_PAYWALL = _line_start_pattern(r"[^\n]{0,8}?(?P<h>" + "|".join(re.escape(h) for h in PAYWALL_HEADINGS) + ")")


def _is_subscription(text: str, i: int) -> bool:
    """ "Abo" at ``i`` as a word or a compound's last part ("Digital-Abo", "Abos"), not "Abordnung"."""
    before = text[i - 1 : i] if i else ""
    end = i + len(SUBSCRIPTION_WORD)
    after = text[end : end + 1]
    if after == "s":
        after = text[end + 1 : end + 2]
    return not before.isalnum() and not after.isalnum()


_LAW_LIST = re.compile(r"§§[ \u00a0]*\d+[a-z]?(?:[ \u00a0]*(?:,|und|bis|–|-)[ \u00a0]*\d+[a-z]?)+")

_OUTLINE_PATS = _line_start_pattern(_OUTLINE)
_LINE_NUMBER_PATS = (re.compile(_LINE_NUMBER), re.compile(r"\n" + _LINE_NUMBER))


def _span(m: re.Match[str], first: bool) -> tuple[int, int]:
    return m.span(0) if first else m.span(1)


def _outline_zones(text: str) -> list[tuple[int, int, str]]:
    """Section numbers: dotted ones always, bare ones when the lines count on (1, 2, 3 or 2, 3 of an
    excerpt)."""
    zones = [
        (*_span(m, m.start() == 0 and text[:1] != "\n"), "list_enumeration")
        for m in _at_line_starts(_OUTLINE_PATS, text)
    ]
    bare = [(int(m.group(1)), m.start(1), m.end(1)) for m in _at_line_starts(_LINE_NUMBER_PATS, text)]
    values = {v for v, _, _ in bare}
    for v, s, e in bare:
        if v - 1 in values or v + 1 in values:  # "2 Wer wir sind" ... "3 Integration durch Bildung"
            zones.append((s, e, "list_enumeration"))
    return zones


_NO_AT_LINE_END = re.compile(r" (\d{1,3})$")
_NO_AT_LINE_START = re.compile(r"(\d{1,3}) ")


def _running_head_zones(text: str) -> list[tuple[int, int, str]]:
    """Page numbers of a PDF's running heads: a line that repeats with only the number at its end or
    start changed ("Jahresbericht 2017 | Kreis Musterland 5" ... "... 6")."""
    seen: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    for line in text.split("\n"):  # only lines that end or start with a digit are looked at (speed)
        if line and (line[-1].isdigit() or line[0].isdigit()):
            m = _NO_AT_LINE_END.search(line)
            if m and m.start() >= 12:
                seen.setdefault(line[: m.start()], []).append((pos + m.start(1), pos + m.end(1)))
            m = _NO_AT_LINE_START.match(line)
            if m and len(line) - m.end() >= 12:
                seen.setdefault(line[m.end() :], []).append((pos + m.start(1), pos + m.end(1)))
        pos += len(line) + 1
    return [(a, b, "page_number") for found in seen.values() if len(found) > 1 for a, b in found]


def _chrome_zones(text: str) -> list[tuple[int, int, str]]:
    """Teasers of other pages, paywalls and page paths: from a heading to the end of its block."""
    zones = []
    for m in _at_line_starts(_CHROME_HEADING, text):
        end = text.find("\n\n", m.end("h"))
        zones.append((m.start("h"), len(text) if end < 0 else end, "page_chrome"))
    for m in _at_line_starts(_PAYWALL, text):
        zones.append((m.start("h"), len(text), "page_chrome"))  # the article ends at its paywall
        break
    done = -1
    for m in _PATH_SEP.finditer(text):  # a line with two or more " > " is a page's path
        if m.start() < done:
            continue
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.end())
        hi = len(text) if hi < 0 else hi
        done = hi
        if len(_PATH_SEP.findall(text, lo, hi)) >= 2:
            zones.append((lo, hi, "page_chrome"))
    for pat, reason, words in (
        (_PAGER, "page_chrome", ("«",)),
        (_POST_NO, "identifier", ("#",)),
        (_LABELLED_CODE, "file_number", _CODE_LABELS),
    ):
        if words is None or any(w in text for w in words):  # a word every match holds (speed)
            zones.extend((m.start(), m.end(), reason) for m in pat.finditer(text))
    if any(w in text for w in COUNTER_LABELS):
        for m in _at_line_starts(_COUNTER_LINE, text):
            zones.append((*_span(m, m.start() == 0 and text[:1] != "\n"), "page_chrome"))
    zones.extend(_running_head_zones(text))
    for word in (*CHROME_LINE_WORDS, SUBSCRIPTION_WORD):  # str.find: most texts hold none of them
        i = text.find(word)
        while i >= 0:
            lo = text.rfind("\n", 0, i) + 1
            hi = text.find("\n", i)
            hi = len(text) if hi < 0 else hi
            if word != SUBSCRIPTION_WORD or _is_subscription(text, i):
                zones.append((lo, hi, "page_chrome"))
            i = text.find(word, i + len(word))
    if "§§" in text:  # "§§ 23, 44 LHO": every number of the list
        zones.extend((m.start(), m.end(), "law_section") for m in _LAW_LIST.finditer(text))
    for m in _SLASHED_CODE.finditer(text):
        lm = _CODE_LETTERS.search(text, max(0, m.start() - 7), m.start())
        if lm:
            zones.append((lm.start(), m.end(), "identifier"))
    return zones


_ANCHORED_ZONES = (  # tried at the start of each digit numeral only (linear, and fast)
    (_PHONE_BARE, "phone"),
    (_VERSION, "version"),
    (_POSTAL, "postal_code"),
    (_CLOCK, "clock_time"),
    (_SLASHED, "file_number"),
    (_VOTES, "vote_tally"),
    (_LEADING_ZERO, "identifier"),
    (_ADDRESS_NO, "house_number"),
    (_GLUED_LETTER, "identifier"),
    (_AFTER_CAPS_CODE, "identifier"),
)


_ANY_ANCHORED = re.compile("|".join(f"(?:{pat.pattern})" for pat, _ in _ANCHORED_ZONES))


def nonfigure_zones(text: str, starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Spans that hold numbers which are no figures, with the reason.

    ``starts`` are the positions of the digit numerals (from :func:`scan`); patterns that begin
    with a digit are only tried there.
    """
    zones: list[tuple[int, int, str]] = []
    if "www." in text or "://" in text:
        for m in _URL.finditer(text):
            zones.append((m.start(), m.end(), "url"))
    at = text.find("@")
    while at != -1:  # e-mail: look only around each "@", so a long word cannot make this quadratic
        lo = max(0, at - 64)
        em = _EMAIL.search(text, lo, min(len(text), at + 400))
        if em and em.start() <= at < em.end():
            zones.append((em.start(), em.end(), "email"))
        at = text.find("@", at + 1)
    for m in _PHONE.finditer(text):
        label = m.group("label").lower()
        zones.append((m.start(), m.end(), "fax" if "fax" in label else "phone"))
    for m in _VERSION_NAMED.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            zones.append((m.start(), m.end(), "version"))
    if "Bündnis" in text:
        for m in _PARTY.finditer(text):
            zones.append((m.start(), m.end(), "party_name"))
    if any(w in text for w in _RANGE_LABEL_WORDS):
        for m in _LABELLED_RANGE.finditer(text):
            zones.append((m.start(), m.end(), _LABEL_REASON[m.group("label").lower()]))
    zones.extend(_outline_zones(text))
    zones.extend(_chrome_zones(text))
    for m in _CAPS_CODE.finditer(text):
        if m.group(0).split(" ")[0] not in ("KI", "NRW", "EU", "EUR", "ESF", "LaKI"):
            zones.append((m.start(), m.end(), "identifier"))  # "HF 3", "A 40": codes, not counts
    if starts is None:
        starts = [m.start() for m in _DIGIT_START.finditer(text)]
    covered = -1
    for pos in starts:
        if pos < covered:
            continue  # inside a zone found at an earlier numeral ("0211 855-3118")
        if _ANY_ANCHORED.match(text, pos) is None and not (pos > 0 and text[pos - 1] == "+"):
            continue  # none of them matches here (one try instead of eight)
        for pat, reason in _ANCHORED_ZONES:
            am = pat.match(text, pos)
            if am is None and reason == "phone" and pos > 0 and text[pos - 1] == "+":
                am = pat.match(text, pos - 1)  # "+49 211 ..."
            if am is None:
                continue
            if reason == "version" and (
                _DATE_LIKE.fullmatch(am.group(0)) or _THOUSANDS.fullmatch(am.group(0))
            ):
                continue
            zones.append((am.start(), am.end(), reason))
            covered = max(covered, am.end())
    zones.sort()
    return zones


_DIGIT_START = re.compile(r"\d(?<!\w\d)")


def zone_of(zones: list[tuple[int, int, str]], starts: list[int], s: int, e: int) -> str | None:
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
    "§": "law_section",
    "§§": "law_section",
    "art": "law_section",
    "artikel": "law_section",
    "abs": "law_section",
    "absatz": "law_section",
    "paragraf": "law_section",
    "paragraph": "law_section",
    "ziffer": "law_section",
    "satz": "law_section",
    "seite": "page_number",
    "seiten": "page_number",
    "s": "page_number",
    "az": "file_number",
    "aktenzeichen": "file_number",
    "drucksache": "file_number",
    "drs": "file_number",
    "vorlage": "file_number",
    "nr": "file_number",
    "nummer": "file_number",
    "geschäftszeichen": "file_number",
    "bündnis": "party_name",
    "punkt": "list_enumeration",
    "tel": "phone",
    "telefon": "phone",
    "fax": "fax",
    "telefax": "fax",
    "plz": "postal_code",
    "wahlperiode": "file_number",
    "raum": "room_number",
    "zimmer": "room_number",
    "einzelplan": "budget_chapter",
    "kapitel": "budget_chapter",
    "titel": "budget_chapter",
    "klasse": "school_grade",
    "klassen": "school_grade",
    "jahrgangsstufe": "school_grade",
    "stufe": "school_grade",
    "kommentare": "page_chrome",
    "kommentar": "page_chrome",
    "version": "version",
    "gleis": "house_number",
    "linie": "identifier",
    "buslinie": "identifier",
    "hausnummer": "house_number",
    "postfach": "postal_code",
    "isbn": "identifier",
    "tagesordnungspunkt": "list_enumeration",
    "top": "list_enumeration",
    "anlage": "list_enumeration",
    "folge": "identifier",
    "episode": "identifier",
    "agenda": "programme_name",
    "strategie": "programme_name",
    "vision": "programme_name",
}


_STREET_SUFFIX = (
    "straße",
    "strasse",
    "str",
    "weg",
    "platz",
    "allee",
    "ring",
    "gasse",
    "ufer",
    "damm",
    "wall",
    "markt",
    "chaussee",
    "pfad",
    "steig",
    "stieg",
)


_NEXT_REASON = {
    "kommentare": "page_chrome",
    "kommentar": "page_chrome",
    "aufrufe": "page_chrome",
    "likes": "page_chrome",
    "shares": "page_chrome",
    "gefällt": "page_chrome",
    "antworten": "page_chrome",
    "mb": "file_size",
    "kb": "file_size",
    "gb": "file_size",
    "seiten": "page_number",
    "min": "duration",
    "std": "duration",
}


_LINE_START_ENUM = re.compile(r"(?:^|\n)[ \t]*$")


_CLOCK_AFTER = re.compile(r"[ \u00a0]*(?:Uhr|h)(?!\w)|[:.]\d{2}[ \u00a0]*Uhr")


_MINUTES_AFTER = re.compile(r":\d{2}(?!\d)")


_NEXT_NOUN = re.compile(r"[ ]+([A-ZÄÖÜ][\w/-]*)")


def _counts_next_noun(text: str, n: NumberMention) -> bool:
    from .measure import noun_measure  # measure imports grammar, which this module shares

    m = _NEXT_NOUN.match(text, n.span_end)
    return bool(m and noun_measure(m.group(1).lower()))


def context_reason(text: str, n: NumberMention) -> str | None:
    """Non-figures recognised from the word before or after the number."""
    if n.form == "digits" and n.text[:1] == "0" and n.text[1:2].isdigit():
        return "identifier"  # "Kapitel 07 050", "0211": a leading zero makes a code
    pstart, prev_raw = prev_word(text, n.start, punct=".:")
    prev = prev_raw.lower()
    if prev not in _PREV_REASON and prev.endswith("s") and prev[:-1] in _PREV_REASON:
        prev = prev[:-1]  # genitive: "des Kapitels 07", "des Titels 633"
    if (prev in _PREV_REASON or prev in LABEL_NOUNS) and _counts_next_noun(text, n):
        return None  # "laut Vorlage 140 Kinder": the number counts the noun after it
    if prev in _PREV_REASON:
        return _PREV_REASON[prev]
    if prev == "id" or prev.endswith("-id"):
        return "identifier"  # "Stellen-ID 1098765"
    if prev in LABEL_NOUNS and n.form == "digits" and not text[n.span_end : n.span_end + 1].isalpha():
        return LABEL_NOUNS[prev]  # "Fachdienst 51", "Baustein 1", "Kleine Anfrage 1624"
    if (
        prev.endswith(_STREET_SUFFIX)
        and prev_raw[:1].isupper()
        and n.form == "digits"
        and n.value is not None
        and n.value < 2000
        and n.unit is None
    ):
        return "house_number"
    if text[n.span_end : n.span_end + 1] == "-":
        glued = _GLUED_WORD.match(text, n.span_end + 1)
        if glued and glued.group(0).lower().endswith(DURATION_SUFFIXES):
            return "age" if "jährig" in glued.group(0).lower() else "duration"  # "die 45-jährige Leiterin"
    nm = NEXT_WORD_CTX.match(text, n.span_end)
    if nm:
        nxt = nm.group(1).lower()
        if nxt in _NEXT_REASON:
            return _NEXT_REASON[nxt]
        if nxt in MEASUREMENT_UNITS:
            return "measurement"  # "15 Kilometer entfernt", "200 Quadratmeter"
    if text[n.start - 1 : n.start] in ("„", "“", '"') and _quoted_name(text, n.start - 1):
        return "programme_name"  # "die Initiative „100 Patenschaften“"
    after = text[n.end : n.end + 12]
    if _CLOCK_AFTER.match(after) or (n.form == "digits" and _MINUTES_AFTER.match(after)):
        return "clock_time"
    if (
        n.form == "digits"
        and text[n.end : n.end + 2] in (". ", ") ", ".\t")
        or (n.form == "ordinal" and n.text.endswith("."))
    ):
        if (
            _LINE_START_ENUM.search(text, max(0, n.start - 20), n.start)
            and n.value is not None
            and n.value < 100
        ):
            return "list_enumeration"
    if (
        n.form == "digits"
        and text[n.end : n.end + 2] == ") "
        and _LINE_START_ENUM.search(text, max(0, n.start - 20), n.start)
    ):
        return "list_enumeration"
    return None


_GLUED_WORD = re.compile(r"[a-zäöüß]+")
_QUOTE_CLOSE = re.compile(r"[^„“\"\n]{1,60}[“\"]")


def _quoted_name(text: str, q: int) -> bool:
    """Is the quote that opens at ``q`` a short name after a noun that names it ("das Projekt „...“")?"""
    if not _QUOTE_CLOSE.match(text, q + 1):
        return False
    _, before = prev_word(text, q)
    return before.lower() in NAME_NOUNS


_CODE_CHARS = frozenset("0123456789.-–")
_ROOM_BEFORE = re.compile("(?:" + "|".join(ROOM_ENDINGS) + r")[.:]?[ ]$")


_ROOM_LAST = frozenset(e[-1] for e in ROOM_ENDINGS)


def might_be_code(text: str, n: NumberMention) -> bool:
    """A cheap look whether :func:`code_reason` can name ``n`` (beside a dot or hyphen, or after a word
    whose last letter ends a room word), so that most numbers skip it (speed; the same result)."""
    if n.form != "digits":
        return False
    if text[n.end : n.end + 1] in _MARKS or text[n.start - 1 : n.start] in _MARKS:
        return True
    i = n.start
    lo = max(0, n.start - 40)
    while i > lo and text[i - 1] in " \u00a0\u202f.:":
        i -= 1
    return i > 0 and text[i - 1] in _ROOM_LAST


_MARKS = frozenset(".-–")


def code_reason(text: str, n: NumberMention) -> str | None:
    """A room number ("im Sitzungssaal 2"), a number inside a dotted code ("Raum B 2.07") or a hyphen
    code with dotted parts ("512-3.41.01"), when nothing more specific (a clock time, an outline number,
    a version, a date: "im Förderzeitraum 1. Januar 2023") has named it."""
    if n.form != "digits":
        return None
    if _ROOM_BEFORE.search(text, max(0, n.start - 12), n.start):  # a cheap look first (speed)
        _, prev_raw = prev_word(text, n.start, punct=".:")
        if (
            prev_raw[:1].isupper()
            and prev_raw.lower().endswith(ROOM_ENDINGS)
            and not _counts_next_noun(text, n)
        ):
            return "room_number"  # "im Sitzungssaal 2", "Besprechungsraum 114"
    if text[n.end : n.end + 1] not in (".", "-", "–") and text[n.start - 1 : n.start] not in (".", "-", "–"):
        return None
    lo = n.start
    while lo > 0 and n.start - lo < 12 and text[lo - 1] in _CODE_CHARS:
        lo -= 1
    while lo < n.start and not text[lo].isdigit():
        lo += 1
    for pat, reason in ((_HYPHEN_CODE, "file_number"), (_DOTTED_CODE, "identifier")):
        m = pat.match(text, lo)
        if m and m.end() >= n.end:
            if (
                reason == "identifier"
                and text[lo - 1 : lo] in ("", "\n")
                and text[m.end() : m.end() + 1] in ("", "\n")
            ):
                return "list_enumeration"  # an outline number on a line of its own ("1.1", then the text)
            return reason
    return None
