"""German numerals: find every numeric mention in a text, digits and words.

``scan(text)`` returns one :class:`NumberMention` per numeral, in text order:

* digits with a decimal comma and thousands dots or spaces ("9,83", "181.727",
  "57 000", "114.000,00"), with a scale word (Tausend, Mio., Millionen, Mrd.,
  Milliarden), a currency before or after (Euro, EUR, €) or a percent sign or word;
* number words, compounds and fractions ("zwölf", "einundzwanzig", "vier
  Milliarden", "eineinhalb", "dreieinhalb", "halbe", "Hälfte", "zwei Drittel",
  "Dutzend");
* ordinals in digits ("das 50. Kommunale ...") and in words ("zum dritten Mal");
* lists and ranges that share a unit ("10.000, 15.000 oder 20.000 Euro", "zwischen
  3 und 5 Millionen"): every member gets the unit and scale of the last one and
  the same ``group`` id;
* malformed numerals ("1 ,5", "1..000") and numerals too long to be a figure are
  kept with ``value=None`` and a ``problem``, never dropped and never raised.

Decisions (documented because they change what counts as a mention):

* The article forms *ein, eine, einen, einem, einer, eines* are the number one
  only when a scale word, a fraction noun, a currency or "Prozent" follows ("eine
  Million Euro", "ein Drittel") or an exactness word precedes ("nur eine",
  "genau ein", "mindestens ein"). Otherwise they are articles and are not mentions
  ("verfügen über ein Kommunales Integrationszentrum", "eine halbe Stelle": here
  only "halbe" is the number).
  The article is also the number one where a text counts with it: in an enumeration whose other
  members are numerals ("zwei Sozialarbeiterinnen, eine Verwaltungskraft und eine halbe Stelle"),
  in a list or range of numerals ("eine, anderthalb oder zwei Stellen", "eine bis zwei"), before
  "weitere"/"zusätzliche" ("eine weitere Stelle") or after "zusätzlich", "jeweils", "je" ("je eine
  Lehrkraft"), before "ganze"/"volle" ("eine ganze Stelle"), in the slash form "ein/e" and before a
  noun with "je"/"pro" ("eine Koordinierungsstelle je Kreis"). Such mentions have ``is_article``; the
  extractor keeps them only where they count posts, teachers, people, centres or districts.
* Vulgar fractions count: "½" is 0.5 and "5 ½" is 5.5; "zwölfköpfig" (a team of twelve) is 12.
* Vague plurals ("Dutzende", "Hunderte", "Tausende", "Millionen Menschen") and
  *beide* are not numerals.
* "Bündnis 90" and other numbers that are no figures are still mentions here;
  telling them apart is the job of :mod:`ki_analysis.extract`.

Every pattern is linear: no nested or overlapping quantifiers, and the word
parser is a dictionary lookup on a length-capped word.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from ..vocab import DEFINITE_ARTICLES, QUALIFIER_CUES, TEAM_SIZE_SUFFIX

#: Longest digit string read as a value; longer ones are recorded as unparsed.
MAX_DIGITS = 30
#: Longest word tried as a number word (the longest real ones have ~40 letters).
MAX_WORD = 60


@dataclass(slots=True, unsafe_hash=True)
class NumberMention:
    """One numeral in a text (a value: never changed after it is made).

    ``start``/``end`` cover the numeral with its scale word ("9,83 Mio."),
    ``span_start``/``span_end`` also its currency or percent sign ("9,83 Mio. €").
    ``value`` is in base units (scale applied): "9,83 Mio." -> 9830000.0.

    Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, which makes
    it five times slower to create, and a document has dozens of them.
    """

    start: int
    end: int
    span_start: int
    span_end: int
    text: str
    value: float | None
    form: str  # digits | word | ordinal
    unit: str | None = None  # EUR | percent | None
    scale: float = 1.0
    problem: str = ""  # malformed | too_long, when value is None
    group: int | None = None  # members of one list or range share it
    connector: str = ""  # word linking it to the previous group member: und, oder, bis, ...
    is_article: bool = False  # "eine" read as the number one (see the module doc)

    @property
    def is_parsed(self) -> bool:
        return self.value is not None


# --------------------------------------------------------------------------- digits

# Patterns start with a plain character class and check the character before inside
# ("\d(?<!\w\d)"): that keeps the regex engine's fast scan and makes a digit run start once.
_DIGITS = re.compile(
    r"\d(?<!\w\d)(?:\d{0,2}(?:(?:\.|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3}(?!\d))+|\d*)(?:,\d+)?"
)
_DIGITS_FULL = re.compile(r"(?:\d{1,3}(?:(?:\.|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3}(?!\d))+|\d+)(?:,\d+)?")
# What turns a numeral into a malformed one: a space before the decimal comma, doubled separators.
_MALFORMED_TAIL = re.compile(r"(?:[ \u00a0]+,|\.{2,}|,{2,}|,\.|\.,)\d+")
_SCALE = re.compile(
    r"[ \u00a0\u202f]*(?P<scale>Tausend|Tsd\.|Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?)(?![\w])"
)
_UNIT_AFTER = re.compile(r"[ \u00a0\u202f]*(?:(?P<eur>Euro|EUR|€)|(?P<pct>Prozent|%|v\.[ ]?H\.))(?![\w])")
_EUR_BEFORE = re.compile(r"(?:€|EUR|Euro)[ \u00a0\u202f]*$")
# "250.000,- €", "€ 4.500,--": a dash for zero cents belongs to an amount of money
_DASH_CENTS = re.compile(r",[-–]{1,2}(?![\w-])")
_SCALES = {
    "tausend": 1e3,
    "tsd.": 1e3,
    "million": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "mrd.": 1e9,
}
# An ordinal dot: "50. Kommunale", "zum 3. Mal"; decided in _is_digit_ordinal.
_DETERMINERS = frozenset(
    [
        *DEFINITE_ARTICLES,
        "zum",
        "zur",
        "am",
        "im",
        "vom",
        "beim",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "unser",
        "unsere",
        "unseren",
        "jeder",
        "jede",
        "jedes",
        "als",
    ]
)


def parse_number(s: str) -> float:
    """Parse a German numeral in digits ("181.727", "9,83", "57 000", "-1.234,5").

    An optional scale word is applied ("9,83 Mio." -> 9830000.0). Raises
    ``ValueError`` for anything that is not a well-formed German numeral.
    """
    t = s.strip()
    scale = 1.0
    m = re.search(r"[ \u00a0]*(Tausend|Tsd\.|Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?)$", t)
    if m:
        scale = _SCALES[m.group(1).lower()]
        t = t[: m.start()]
    sign = 1.0
    if t[:1] in ("-", "\u2212"):
        sign, t = -1.0, t[1:]
    full = _DIGITS_FULL.fullmatch(t)
    if not full:
        raise ValueError(f"not a German numeral: {s!r}")
    digits = t.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if len(digits.replace(",", "")) > MAX_DIGITS:
        raise ValueError(f"numeral too long: {len(digits)} digits")
    return sign * scaled(float(digits.replace(",", ".")), scale)


def scaled(value: float, scale: float) -> float:
    """``value * scale`` without binary noise: 16,4 Mio. is 16400000.0, not 16399999.999999998."""
    if scale == 1.0:
        return value
    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def _digits_value(raw: str) -> float:
    """Value of a string matched by ``_DIGITS`` (already known to be well-formed)."""
    return float(
        raw.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
    )


def format_de(x: float, decimals: int | None = None, *, thousands: str = ".") -> str:
    """Format ``x`` the German way: "1.234.567,89". ``decimals=None`` keeps what is needed."""
    if not math.isfinite(x):
        raise ValueError(f"cannot format {x!r}")
    if decimals is None:
        body = repr(float(x))
        if "e" in body or "E" in body:
            body = f"{x:.6f}".rstrip("0").rstrip(".")
    else:
        body = f"{x:.{decimals}f}"
    neg = body.startswith("-")
    body = body.lstrip("-")
    whole, _, frac = body.partition(".")
    if decimals is None and frac == "0":
        frac = ""
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = thousands.join(reversed(groups)) + ("," + frac if frac else "")
    return ("-" if neg else "") + out


# --------------------------------------------------------------------------- words

_UNITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_TEENS = {
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}


def _build_below_1000() -> dict[str, int]:
    below100: dict[str, int] = {"eins": 1}
    below100.update({k: v for k, v in _UNITS.items() if k != "ein"})
    below100.update(_TEENS)
    below100.update(_TENS)
    for tw, tv in _TENS.items():
        for uw, uv in _UNITS.items():
            below100[f"{uw}und{tw}"] = tv + uv
    out = dict(below100)
    for hw, hv in [("", 1), ("ein", 1)] + [(k, v) for k, v in _UNITS.items() if k != "ein"]:
        base = hv * 100
        out[f"{hw}hundert"] = base
        for w, v in below100.items():
            out[f"{hw}hundert{w}"] = base + v
            out[f"{hw}hundertund{w}"] = base + v
    return out


_BELOW_1000 = _build_below_1000()
_ORD_IRREGULAR = {
    "erst": 1,
    "zweit": 2,
    "dritt": 3,
    "viert": 4,
    "fünft": 5,
    "sechst": 6,
    "siebt": 7,
    "siebent": 7,
    "acht": 8,
    "neunt": 9,
    "zehnt": 10,
    "elft": 11,
    "zwölft": 12,
}
_INFLECTION = ("en", "er", "es", "em", "e")
_TEAM_SIZE = re.compile(r"(\w+?)" + TEAM_SIZE_SUFFIX + r"(?:e|en|er|es|em)?")
_FRACTION_NOUNS = {
    "hälfte": 0.5,
    "drittel": 1 / 3,
    "viertel": 0.25,
    "fünftel": 0.2,
    "zehntel": 0.1,
    "dritteln": 1 / 3,
    "vierteln": 0.25,
    "fünfteln": 0.2,
    "zehnteln": 0.1,
}
_ARTICLES = frozenset(["ein", "eine", "einen", "einem", "einer", "eines"])


def is_fraction_noun(text: str) -> bool:
    """Is the numeral a fraction noun ("die Hälfte", "zwei Drittel"), which states a share?"""
    return text.rsplit(" ", 1)[-1].lower() in _FRACTION_NOUNS


def _cardinal(w: str) -> int | None:
    """Value of a cardinal number word (lower-case, no inflection), up to 999 999."""
    if w in _BELOW_1000:
        return _BELOW_1000[w]
    if "tausend" in w:
        left, _, right = w.partition("tausend")
        lv = 1 if left in ("", "ein") else _BELOW_1000.get(left)
        rv = 0 if right == "" else _BELOW_1000.get(right[3:] if right.startswith("und") else right)
        if lv is None or rv is None:
            return None
        return lv * 1000 + rv
    return None


def parse_word(word: str) -> tuple[float, str] | None:
    """Parse one number word: ``(value, form)`` with form ``word`` or ``ordinal``, else None.

    "einundzwanzig" -> (21, word); "dreieinhalb" -> (3.5, word); "halbe" -> (0.5, word);
    "dritten" -> (3, ordinal); "Dutzend" -> (12, word); "Einrichtung" -> None.
    """
    w = word.lower()
    if len(w) > MAX_WORD or w in _ARTICLES:
        return None
    if w == "dutzend":
        return 12.0, "word"
    if w in _FRACTION_NOUNS:
        return _FRACTION_NOUNS[w], "word"
    if w in ("anderthalb", "eineinhalb"):
        return 1.5, "word"
    if w in ("halb", "halbe", "halben", "halber", "halbes", "halbem"):
        return 0.5, "word"
    for half in ("einhalb", "enhalb"):  # "zweieinhalb", and the common misspelling "zweienhalb"
        if w.endswith(half):
            v = _cardinal(w[: -len(half)])
            return (v + 0.5, "word") if v is not None else None
    km = _TEAM_SIZE.fullmatch(w)
    if km:  # "zwölfköpfig": a team of twelve
        v = _cardinal(km.group(1))
        return (float(v), "word") if v is not None else None
    v = _cardinal(w)
    if v is not None:
        return float(v), "word"
    # ordinals: stem + t (1-19) or st (20+) + inflection
    for suf in _INFLECTION:
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[: -len(suf)]
            if stem in _ORD_IRREGULAR:
                return float(_ORD_IRREGULAR[stem]), "ordinal"
            if stem.endswith("st"):
                v = _cardinal(stem[:-2])
                if v is not None and v >= 20:
                    return float(v), "ordinal"
            if stem.endswith("t"):
                v = _cardinal(stem[:-1])
                if v is not None and 13 <= v <= 19:
                    return float(v), "ordinal"
    return None


# A word that may be a number word (first letter, then a number-word start); parse_word decides.
# Loose on purpose: one character class first keeps the scan fast.
_WORD_CANDIDATE = re.compile(
    r"[EeZzDdVvFfSsAaNnHhTt](?<![\w-].)(?:in|wei|rei|ier|ünf|ech[sz]|ieb|cht|eun|ehn|lf|wölf|wanzig|reißig|undert|ausend|"
    r"alb|nderthalb|älfte|rittel|iertel|ünftel|ehntel|utzend|rst|weit|ritt)[a-zäöüß]*(?![\w-])"
)
_NEXT_WORD = re.compile(r"[ \u00a0\u202f]+([\w€%]+\.?)")
_ONE_AFTER = frozenset(
    [
        "tausend",
        "million",
        "millionen",
        "mio",
        "mio.",
        "milliarde",
        "milliarden",
        "mrd",
        "mrd.",
        "euro",
        "eur",
        "€",
        "prozent",
        "drittel",
        "viertel",
        "fünftel",
        "zehntel",
        "hälfte",
    ]
)
_ONE_AFTER_BARE = frozenset(w.rstrip(".") for w in _ONE_AFTER)
# exactness words and the bounds of the vocabulary ("mindestens", "höchstens", "maximal")
_ONE_BEFORE = frozenset(["nur", "lediglich", "genau", "exakt"]) | frozenset(
    w for w, q in QUALIFIER_CUES.items() if q in ("at_least", "at_most") and len(w) > 6
)
_ONE_PREP = frozenset(["in", "mit", "an", "bei", "für", "von", "aus", "auf"])
_ARTICLE_NOUN_NOT = frozenset(["teil", "teils", "paar"])
_ORD_NEEDS_DET = frozenset({8.0})  # "achten" is also the verb "to respect"
_FRACTION_LEFT = _ARTICLES | frozenset(
    [
        *DEFINITE_ARTICLES,
        "zur",
        "etwa",
        "rund",
        "knapp",
        "fast",
        "gut",
        "über",
        "mehr",
        "als",
        "nahezu",
    ]
)


def prev_word(text: str, pos: int, *, punct: str = "", limit: int = 40) -> tuple[int, str]:
    """The word ending before ``pos`` (after spaces and any of ``punct``): ``(start, word)``; linear, bounded."""
    i = pos
    lo = max(0, pos - limit)
    while i > lo and (text[i - 1] in " \u00a0\u202f" or text[i - 1] in punct):
        i -= 1
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] in "_§"):
        j -= 1
    return j, text[j:i]


# --------------------------------------------------------------------------- scan


def scan(text: str) -> list[NumberMention]:
    """Every numeric mention in ``text``, in order of ``start`` (see the module doc)."""
    found: list[NumberMention] = []
    for m in _DIGITS.finditer(text):
        found.append(_digit_mention(text, m))
    for m in _WORD_CANDIDATE.finditer(text):
        mention = _word_mention(text, m)
        if mention is not None:
            found.append(mention)
    for m in _BARE_SCALE.finditer(text):
        # "die zugesagte Milliarde Euro": a singular scale word is one of its kind
        found.append(_with_units(text, m.start(), m.start(), 1.0, "word"))
    for m in _LONE_FRACTION.finditer(text):
        found.append(_with_units(text, m.start(), m.end(), _VULGAR[m.group(0)], "word"))  # "½ Stelle"
    found.sort(key=lambda n: (n.start, n.end))
    found = _drop_overlaps(found)
    found = _counting_articles(text, found)
    return _share_units(text, found)


def _drop_overlaps(found: list[NumberMention]) -> list[NumberMention]:
    out: list[NumberMention] = []
    for n in found:
        if out and n.start < out[-1].end:
            continue  # e.g. the digits after a malformed "1 ,5" were already swallowed
        out.append(n)
    return out


def _digit_mention(text: str, m: re.Match[str]) -> NumberMention:
    start, end = m.start(), m.end()
    raw = m.group(0)
    tail = _MALFORMED_TAIL.match(text, end)
    if tail:
        end = tail.end()
        return NumberMention(start, end, start, end, text[start:end], None, "digits", problem="malformed")
    if len(raw.replace(".", "").replace(",", "").replace(" ", "")) > MAX_DIGITS:
        return NumberMention(start, end, start, end, raw, None, "digits", problem="too_long")
    value = _digits_value(raw)
    form = "digits"
    fm = _FRACTION_AFTER.match(text, end) if "," not in raw else None
    if fm:  # "5 ½ Stellen"
        return _with_units(text, start, fm.end(), value + _VULGAR[fm.group(1)], form)
    if _is_digit_ordinal(text, start, end):
        return NumberMention(start, end + 1, start, end + 1, text[start : end + 1], value, "ordinal")
    return _with_units(text, start, end, value, form)


def _is_digit_ordinal(text: str, start: int, end: int) -> bool:
    """ "50. Kommunale", "zum 3. Mal": a short integer, a dot, a word that does not open a sentence."""
    if end - start > 3 or text[end : end + 1] != "." or "," in text[start:end]:
        return False
    if text[end + 1 : end + 2] not in (" ", "\u00a0"):
        return False
    nxt = _NEXT_WORD.match(text, end + 1)
    if not nxt:
        return False
    word = nxt.group(1)
    if prev_word(text, start)[1].lower() in _DETERMINERS:
        return True
    # a headline without an article: "Kreis Olpe eröffnet 48. Kommunales Integrationszentrum"
    return word[:1].islower() or _CENTRE_AFTER_ORDINAL.match(text, end + 1) is not None


# the centre an ordinal counts, right after it ("48. Kommunales Integrationszentrum", "12. Zentrum"): no
# sentence opens with these words
_CENTRE_AFTER_ORDINAL = re.compile(
    r"[ \u00a0](?:[A-ZÄÖÜ][a-zäöüß]+(?:e|es|en)[ \u00a0])?(?:\w*[Ii]ntegrationszentrum|Zentrum|KI)(?!\w)"
)


def _with_units(text: str, start: int, end: int, value: float | None, form: str) -> NumberMention:
    """Attach a scale word and a currency / percent sign around the numeral at ``start:end``."""
    scale = 1.0
    sm = _SCALE.match(text, end)
    if sm:
        scale = _SCALES[sm.group("scale").lower()]
        end = sm.end()
    span_start, span_end, unit = start, end, None
    dm = _DASH_CENTS.match(text, end) if scale == 1.0 else None
    if dm and (_UNIT_AFTER.match(text, dm.end()) or _EUR_BEFORE.search(text, max(0, start - 8), start)):
        end = span_end = dm.end()
    um = _UNIT_AFTER.match(text, end)
    if um:
        unit = "EUR" if um.group("eur") else "percent"
        span_end = um.end()
    else:
        bm = _EUR_BEFORE.search(text, max(0, start - 8), start)
        if bm:
            unit, span_start = "EUR", bm.start()
    val = scaled(value, scale) if value is not None else None
    return NumberMention(start, end, span_start, span_end, text[start:end], val, form, unit, scale)


def _word_mention(text: str, m: re.Match[str]) -> NumberMention | None:
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
        return None  # inside a word
    word = m.group(0)
    low = word.lower()
    start, end = m.start(), m.end()
    nxt = _NEXT_WORD.match(text, end)
    nxt_word = nxt.group(1).lower() if nxt else ""
    before = prev_word(text, start)[1].lower()
    if low in _ARTICLES:
        if nxt_word in _ARTICLE_NOUN_NOT:
            return None  # "nur mit einem Teil der Stelle": a part, not one of something
        if nxt_word.rstrip(".") not in _ONE_AFTER_BARE and before not in _ONE_BEFORE:
            pstart, _ = prev_word(text, start)
            if before not in _ONE_PREP or prev_word(text, pstart)[1].lower() not in _ONE_BEFORE:
                return None  # "nur in einem Kreis" counts, "in einem Kreis" does not
        value, form = 1.0, "word"
    else:
        parsed = parse_word(word)
        if parsed is None:
            return None
        value, form = parsed
        if form == "ordinal" and value in _ORD_NEEDS_DET and before not in _DETERMINERS:
            return None
        if low in _FRACTION_NOUNS or low == "dutzend":
            # "im Viertel" is a quarter of a town: a fraction needs an article or a numeral before it
            if before not in _FRACTION_LEFT and parse_word(before) is None:
                return None
    # "zwei Drittel", "ein Viertel": one mention with the fraction's value
    if form == "word" and nxt and nxt_word in _FRACTION_NOUNS and low not in _FRACTION_NOUNS:
        value = value * _FRACTION_NOUNS[nxt_word]
        end = nxt.end()
    elif form == "word" and nxt and nxt_word == "dutzend" and low != "dutzend":
        # "ein halbes Dutzend", "zwei Dutzend": the numeral counts dozens
        value = value * 12
        end = nxt.end()
    if form == "ordinal":
        return NumberMention(start, end, start, end, text[start:end], value, "ordinal")
    return _with_units(text, start, end, value, "word")


_BARE_SCALE = re.compile(r"Milli(?<![\w-]Milli)(?:on|arde)(?![\w-])")
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_FRACTION_AFTER = re.compile(r"[ \u00a0\u202f]?([½¼¾])")
_LONE_FRACTION = re.compile(r"[½¼¾](?<![\d][ \u00a0\u202f][½¼¾])(?<!\d[½¼¾])")

# --------------------------------------------------------------------------- counting articles

_ARTICLE = re.compile(r"[Ee](?<![\w/-][Ee])in(?:e[mnrs]?)?(?P<slash>/-?(?:e|r|n|en|er|em|es))?(?![\w-])")
# what follows an article that counts: a list of numerals, "weitere", or (after a noun) "je"/"pro"
_ARTICLE_LIST = re.compile(r"\s*(?:,|bis|oder|und|bzw\.)\s*")
_ARTICLE_MORE = re.compile(r"[ \u00a0]+(?:weitere[nmrs]?|zusätzliche[nmrs]?)(?!\w)")
_ARTICLE_MORE_BEFORE = re.compile(r"(?<!\w)zusätzlich[ \u00a0]$")
_ARTICLE_EACH = re.compile(r"(?<!\w)(?:jeweils|je)[ \u00a0]$")
_ARTICLE_POST = re.compile(
    r"[ \u00a0]+(?:[a-zäöüß]+[ \u00a0]+)?[A-ZÄÖÜ]\w*(?:[Ss]telle|[Ll]ehr|[Kk]raft|kräfte)"
)
_ARTICLE_ADJ_POST = re.compile(
    r"[ \u00a0]+[a-zäöüß]+e[nmrs]?[ \u00a0]+(?:[A-ZÄÖÜ]\w*s|[A-ZÄÖÜ]\w*[a-zäöüß]-?)?[Ss]telle(?!\w)"
)
_ARTICLE_RATE = re.compile(r"[ \u00a0]+[A-ZÄÖÜ][\w/-]*[ \u00a0]+(?:je|pro)[ \u00a0]+[A-ZÄÖÜ]")
_ARTICLE_NOT = frozenset(
    {"von", "der", "den", "dem", "des", "aus", "unter", "halbe", "halben", "halber", "halbes", "teil", "paar"}
)
# a member of an enumeration: a short noun phrase between list joiners
_CONJUNCT_END = re.compile(
    r"[^,;:()\[\].!?\n]{1,70}?(?=[ \u00a0]*(?:,|[ \u00a0](?:und|oder|sowie|bzw\.)[ \u00a0]))"
)
_JOINER_BEFORE = re.compile(r"(?:,|\s(?:und|oder|sowie|bzw\.))\s*$")
_JOINER_AFTER = re.compile(r"\s*(?:,|(?:und|oder|sowie|bzw\.)(?!\w))\s*")


def _counting_articles(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Add the articles that count (see the module doc) as mentions of the number one."""
    start_set = {n.start for n in found if n.value is not None and n.form != "ordinal"}
    ends = {n.end for n in found if n.value is not None and n.form != "ordinal"}
    found_starts = [n.start for n in found]
    added: list[NumberMention] = []
    for m in _ARTICLE.finditer(text):
        s, e = m.start(), m.end()
        i = bisect_right(found_starts, s) - 1
        if i >= 0 and found[i].end > s:
            continue  # already part of a numeral ("eine Million")
        nxt = _NEXT_WORD.match(text, e)
        nxt_word = nxt.group(1).lower().rstrip(".") if nxt else ""
        if nxt_word in _ARTICLE_NOT:
            continue  # "einer von 31 Kreisen", "eine halbe Stelle" (the fraction is the number)
        counts = bool(m.group("slash"))
        if not counts:
            lm = _ARTICLE_LIST.match(text, e)
            counts = bool(lm and lm.end() in start_set and lm.end() > e)  # "eine, anderthalb oder zwei"
        mm = _ARTICLE_MORE.match(text, e)
        if mm:  # "eine weitere Stelle" counts; in "eine weitere halbe Stelle" the fraction is the number
            after_more = _NEXT_WORD.match(text, mm.end())
            counts = not (after_more and after_more.start(1) in start_set)
        counts = counts or bool(_ARTICLE_RATE.match(text, e))
        # "erhält zusätzlich eine Stelle", "je eine Lehrkraft"
        if not counts and _ARTICLE_MORE_BEFORE.search(text, max(0, s - 14), s):
            counts = True
        if not counts and _ARTICLE_EACH.search(text, max(0, s - 10), s):
            counts = bool(_ARTICLE_POST.match(text, e))  # "je eine Lehrkraft", not "jeweils einen Paten"
        if not counts:
            counts = _in_enumeration(text, s, e, start_set, ends)
        if not counts and _ARTICLE_ADJ_POST.match(text, e):
            counts = True  # "eine befristete Stelle geschaffen", "eine ganze Stelle": a post, described
        if counts:
            added.append(NumberMention(s, e, s, e, text[s:e], 1.0, "word", is_article=True))
    if not added:
        return found
    return sorted(found + added, key=lambda n: (n.start, n.end))


def _numeral_led(text: str, pos: int, starts: set[int]) -> bool:
    """Does the conjunct at ``pos`` start with a numeral ("zwei ...", "eine halbe ...")?"""
    if pos in starts:
        return True
    am = _ARTICLE.match(text, pos)
    if am:
        nxt = _NEXT_WORD.match(text, am.end())
        return bool(nxt and nxt.start(1) in starts)
    return False


def _in_enumeration(text: str, s: int, e: int, starts: set[int], ends: set[int]) -> bool:
    """Is the article at ``s:e`` a member of an enumeration whose neighbour starts with a numeral?"""
    # the member after: the article's noun phrase, a joiner, a numeral-led conjunct
    cm = _CONJUNCT_END.match(text, e)
    if cm:
        jm = _JOINER_AFTER.match(text, cm.end())
        if jm and _numeral_led(text, jm.end(), starts):
            return True
    # the member before: a numeral, its noun phrase (a few words), a joiner right before the article
    jb = _JOINER_BEFORE.search(text, max(0, s - 12), s)
    if not jb:
        return False
    lo = max(0, jb.start() - 70)
    stretch = text[lo : jb.start()]
    cut = max(stretch.rfind(c) for c in ",;:()[].!?\n")
    first = lo + cut + 1 if cut >= 0 else lo
    for k in range(first, jb.start()):
        if k in starts and (k == 0 or not text[k - 1].isalnum()):
            # the numeral must lead its noun phrase: nothing but words up to the joiner, the last a noun
            # ("zwei Lehrerinnen und eine Sozialarbeiterin"; not "mit 38 zu 12 Stimmen beschlossen, ein ...")
            words = text[k : jb.start()].split()
            return 2 <= len(words) <= 7 and words[-1][:1].isupper()
    return False


# A list or range: numerals joined only by these.
_JOIN = re.compile(r"[ \u00a0]*(?:,|und|oder|bis|bzw\.|sowie|-|–|auf)[ \u00a0]*$")
# "von 1,1 auf 1,4 Mio. Euro", "um 4 auf 12 Stellen": a change shares the unit of its target
_FROM_BEFORE = re.compile(r"(?<!\w)(?:von|um)[ \u00a0](?:(?:bisher|zuvor|derzeit|aktuell)[ \u00a0])?$")


def _share_units(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Give the members of "10.000, 15.000 oder 20.000 Euro" the unit and scale of the last one."""
    out = list(found)
    i = 0
    gid = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and out[j + 1].form != "ordinal"
            and out[j].form != "ordinal"
            and not out[j + 1].is_article  # an article leads a list ("eine, anderthalb oder zwei")
        ):
            gap = text[out[j].span_end : out[j + 1].span_start]
            if len(gap) > 12 or not _JOIN.fullmatch(gap) or out[j].unit and out[j].unit != out[j + 1].unit:
                break
            if out[j].value is None or out[j + 1].value is None:
                break
            if gap.strip() == "auf" and (
                j > i or not _FROM_BEFORE.search(text, max(0, out[j].span_start - 16), out[j].span_start)
            ):
                break
            j += 1
        if j > i:
            last = out[j]
            for k in range(i, j + 1):
                n = out[k]
                gap = text[out[k - 1].span_end : n.span_start].strip() if k > i else ""
                scale = n.scale
                value = n.value
                if n.scale == 1.0 and last.scale != 1.0 and k < j:
                    scale = last.scale
                    value = scaled(n.value, last.scale) if n.value is not None else None
                out[k] = NumberMention(
                    n.start,
                    n.end,
                    n.span_start,
                    n.span_end,
                    n.text,
                    value,
                    n.form,
                    n.unit or last.unit,
                    scale,
                    n.problem,
                    gid,
                    gap,
                    n.is_article,
                )
            gid += 1
        i = j + 1
    return out
