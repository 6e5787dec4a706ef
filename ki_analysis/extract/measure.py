"""The measure of a figure: from the head noun of its phrase, a partitive or the phrase before it."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..corpus.numbers import NumberMention, is_fraction_noun
from ..vocab import (
    ADDED_CUES,
    BATCH_CUES,
    DISTRICT_NOUN,
    ESTABLISH_CUES,
    ESTABLISH_VERB_CUES,
    EXISTENCE_CUES,
    GENERIC_PERSON_NOUNS,
    KI_NOUNS,
    KI_STEMS,
    MISSING_CUES,
    MONEY_CUES,
    OFFICE_STEMS,
    OWN_CENTRE_CUES,
    PEOPLE_ENDINGS,
    PEOPLE_NOUNS,
    PEOPLE_PREFIXES,
    PROSPECTIVE_CUES,
    QUALIFIER_CUES,
    SCHOOL_SERVICE_CUES,
    SO_FAR_CUES,
    STAFF_STEMS,
    STATE_WORDS,
    SUBSET_OR_ACTIVITY_CUES,
    TEACHER_ENDINGS,
    TEACHER_POST_CUES,
    TEACHER_PREFIXES,
    TEAM_SIZE_SUFFIX,
    THING_ENDINGS,
    VOTE_CUES,
)
from .grammar import _FINITE, _PREPS, NEW_WORDS, Context, Tok, adj_like, clause_bounds, is_number_token

# a district noun, also in compounds that end in it ("Landkreise"), not "Kreistag"
_DISTRICT_WORD = re.compile(DISTRICT_NOUN)

_TIME_NOUNS = frozenset(
    {
        "jahr",
        "jahre",
        "jahren",
        "jahres",
        "monat",
        "monate",
        "monaten",
        "woche",
        "wochen",
        "tag",
        "tage",
        "tagen",
        "stunde",
        "stunden",
        "wochenstunden",
        "minuten",
        "jahrzehnt",
        "jahrzehnte",
        "jahrzehnten",
        "schuljahr",
        "schuljahre",
        "schuljahren",
        "halbjahr",
        "quartal",
        "werktag",
        "werktage",
        "werktagen",
        "arbeitstag",
        "arbeitstage",
        "arbeitstagen",
        "kalendertage",
        "kalendertagen",
        "kalenderwochen",
        "lebensjahr",
        "lebensjahre",
        "lebensjahren",
    }
)
"""Nouns of time after a number make it a duration ("fünf Werktage vorher", "drei Jahre")."""


_ALL_WORDS = frozenset({"alle", "allen", "aller", "sämtliche", "sämtlichen", "sämtlicher", "jeweils"})


_EXISTENCE = re.compile(EXISTENCE_CUES)
# a centre named in the words before an elliptic ordinal ("ein Integrationszentrum – als 48. im Land")
_KI_NOUN_BEFORE = re.compile(
    "(?:"
    + "|".join(f"{stem.capitalize()}um" for stem in KI_STEMS)
    + r"|(?<!\w)Zentrum|(?<!\w)KI)(?!\w)[^.;]{0,40}$"
)
_ADDED = re.compile(ADDED_CUES)
# a pronoun that takes up the centres of the sentence before: "Heute gibt es sie in 53 der 54 Kreise",
# "43 von 53 Kreisen haben bereits eines"
_KI_PRONOUN = re.compile(r"(?<!\w)(?:sie|eines|solche[ns]?)(?!\w)")
# a count of centres by their noun: "insgesamt 53 Zentren"
_CENTRES_AFTER = re.compile(r"[ ]+(?:[A-ZÄÖÜ]?[a-zäöüß]+[ ]+)?(?:\w*[Zz]entren|KIs?)(?!\w)")


_KI_STEMS_CAP = "|".join(stem.capitalize() for stem in KI_STEMS)  # "Integrationszentr"
KI_CUE = re.compile(_KI_STEMS_CAP + r"|(?<!\w)KI(?!\w)")


_PARTITIVE = frozenset({"von", "der", "aus", "unter"})


_PLURAL_KI = ("zentren", "kis", "einrichtungen", "standorte", "standorten")


_KI_CUE_LOOSE = re.compile(_KI_STEMS_CAP + r"|(?<!\w)KI(?!\w)|Zentr(?:um|en|ums)(?!\w)")


_MISSING = re.compile(MISSING_CUES)
_ESTABLISH = re.compile(ESTABLISH_CUES)
_ESTABLISH_VERB = re.compile(ESTABLISH_VERB_CUES)
_PROSPECTIVE = re.compile(PROSPECTIVE_CUES)
_BATCH = re.compile(BATCH_CUES)
_VOTE = re.compile(VOTE_CUES)
_SCHOOL_SERVICE = re.compile(SCHOOL_SERVICE_CUES)
_SO_FAR = re.compile(SO_FAR_CUES)
_OWN_CENTRE = re.compile(OWN_CENTRE_CUES)
_TEACHER_POST_CUE = re.compile(TEACHER_POST_CUES)
_TEAM_SIZE_AFTER = re.compile(r"-" + TEAM_SIZE_SUFFIX)
_OFFICE_ENDS = tuple(o + e for o in OFFICE_STEMS for e in ("", "n"))
_PEOPLE_STEM_END = tuple(p + e for p in PEOPLE_PREFIXES for e in ("", "e", "en", "er", "es", "n", "em"))


_BACK_REF = frozenset({"davon", "hiervon", "darunter"})


_REL_REF = frozenset({"denen", "ihnen", "diesen", "welchen"})


def _antecedent(
    ctx: Context, toks: list[Tok], starts: list[int], n: NumberMention
) -> tuple[str, str, str] | None:
    """A bare number that refers back: "196 Lehrerstellen zugeordnet, davon sind knapp 180 besetzt",
    "die Ehrenamtlichen, von denen sich etwa 40.000 engagieren": the figure of the sentence before
    it, else the noun of the clause before."""
    i = bisect.bisect_left(starts, n.span_start)
    j = i - 1
    ref = -1
    while j >= 0 and toks[j].text not in (",", ";", ":", "–", "(", ")", "."):
        if toks[j].low in _BACK_REF or (
            toks[j].low in _REL_REF and j > 0 and toks[j - 1].low in ("von", "unter")
        ):
            ref = j
        j -= 1
    if ref < 0 or j < 0:
        return None
    # "davon" takes up the figure before; a relative pronoun ("von denen") the noun it follows
    got = _referred(ctx, n, 0) if toks[ref].low in _BACK_REF else None
    if got is not None:
        return got[0], got[1], f"{got[0]}:antecedent_figure"
    for k in range(j - 1, max(-1, j - 12), -1):
        t = toks[k]
        if t.text in (";", ":", "(", ")", "."):
            break
        m = noun_measure(t.low) if t.is_cap else None
        if m:
            unit = "FTE" if m == "staff_positions" or (m == "teachers" and "stelle" in t.low) else "count"
            return m, unit, f"{m}:antecedent"
    return None


# measures a referring or elliptic number takes over from the figure it refers to (a part of the
# centres is no running total: ``other``)
_REFERRED = {
    "people_count": "people_count",
    "staff_positions": "staff_positions",
    "teachers": "teachers",
    "district_count": "district_count",
    "ki_count": "other",
    "other": "other",
    "funding_eur": "funding_eur",  # "20.000 Euro, für die Schulen weitere 5.000"
}
_COPULA = frozenset({"sind", "waren", "ist", "war", "seien", "wären"})
# words between "es" and its number: "waren es noch 152", "sind es fast 50", "waren es mehr als 600"
_ES_FILLERS = frozenset(
    {
        "noch",
        "nur",
        "bereits",
        "schon",
        "erst",
        "inzwischen",
        "mittlerweile",
        "jetzt",
        "mehr",
        "weniger",
        "als",
    }
) | frozenset(QUALIFIER_CUES)
_CLAUSE_END = frozenset({".", ",", ";", ":", "!", "?", ")", "–"})
# what stands before a day or a number of a name, not before an elliptic figure ("vom 5.", "die 93.")
_NOT_BEFORE_ELLIPSIS = _PREPS | {
    "seit",
    "ab",
    "bis",
    "zum",
    "zur",
    "vom",
    "über",
    "der",
    "die",
    "das",
    "den",
    "dem",
}


def _unit_of(measure: str, low: str) -> str:
    return "FTE" if measure == "staff_positions" or (measure == "teachers" and "stelle" in low) else "count"


def _referred(ctx: Context, n: NumberMention, sentences_back: int = 1) -> tuple[str, str] | None:
    """(measure, unit) of the figure a referring number continues: the fact right before it."""
    got = ctx.figure_before(n, sentences_back)
    if got is None or got[0] not in _REFERRED:
        return None
    m = _REFERRED[got[0]]
    return m, (got[1] if m == got[0] else "count")


def _predicate_noun(after: list[Tok], k: int) -> tuple[str, str] | None:
    """ "Zwei davon sind Lehrerinnen", "2 900 von ihnen sind Kinder", "zwei davon als abgeordnete
    Lehrkräfte": the noun after the copula or "als"."""
    if k < len(after) and (after[k].low in _COPULA or after[k].low == "als"):
        head, _ = head_noun(after[k + 1 :])
        m = noun_measure(head.low) if head is not None else None
        if head is not None and m:
            return m, _unit_of(m, head.low)
    return None


def _elliptic(after: list[Tok]) -> bool:
    """Does no noun follow the number in its clause ("bekommen zwei.", "mehr als zwanzig.", "drei
    weitere folgen", "knapp sechs je Zentrum")?"""
    k = 2 if len(after) >= 2 and after[0].low in ("je", "pro") and after[1].is_cap else 0
    if len(after) >= 2 and after[0].low in NEW_WORDS and after[1].low in _FINITE:
        return True  # "36 Zentren arbeiten, sieben weitere haben eine Zusage": the subject, its noun left out
    for i in range(k, len(after)):
        t = after[i]
        if t.text == "." and i + 1 < len(after):
            return False  # a dot inside the sentence: "(2. Etage"
        if t.text in _CLAUSE_END:
            return True
        if t.low in _PREPS and t.text[:1].islower():
            return True  # "Fünf Stellen sind mit Sozialarbeitern, zwei mit Verwaltungskräften besetzt"
        if t.is_cap or not t.text[:1].isalpha():
            return False
    return True


def _es_before(before: list[Tok]) -> bool:
    """ "es" before the number, with up to three filler words between ("waren es noch rund 600")."""
    k = len(before) - 1
    while k >= 0 and len(before) - k <= 3 and before[k].low in _ES_FILLERS:
        k -= 1
    return k >= 0 and k < len(before) - 1 and before[k].low == "es"


def _noun_of_previous_sentence(ctx: Context, n: NumberMention) -> tuple[str, str] | None:
    """The last noun with a measure in the sentence before the number's ("... die Lotsinnen. 186 sind es")."""
    si = ctx.sentence_of(n.span_start)
    if si < 1:
        return None
    for t in reversed(ctx.tokens(si - 1)):
        m = noun_measure(t.low) if t.is_cap else None
        if m:
            return m, _unit_of(m, t.low)
    return None


@lru_cache(maxsize=4096)
def noun_measure(low: str) -> str | None:
    """Measure a head noun stands for (before any context).

    The last part of a German compound decides what it counts: "Fachlehrer" counts teachers,
    "Lehrerstellen" teachers' posts, "Verwaltungsstellen" posts, "Sozialarbeiterinnen" people,
    while "Lehrerfortbildungen", "Elterncafés" and "Migrantenorganisationen" count none of these.
    """
    low = low.split("/", 1)[0]  # "Sozialarbeiter/in", "Dolmetscher/innen"
    if any(w in low for w in KI_STEMS) or low in KI_NOUNS or low.startswith("standort"):
        return "ki_count"
    if low.endswith(_OFFICE_ENDS):
        return None  # "fünf Beratungsstellen": offices, not posts
    posts = low.endswith(("stelle", "stellen")) or any(w in low for w in STAFF_STEMS[1:])
    if low.endswith(TEACHER_ENDINGS) or (low.startswith(TEACHER_PREFIXES) and (posts or len(low) <= 12)):
        return "teachers"
    if (
        any(w in low for w in STAFF_STEMS)
        and not low.startswith(("stellung", "stellv"))
        or low.startswith("stellen")
    ):
        return "staff_positions"
    if _DISTRICT_WORD.match(low) or "kreisfreie" in low:
        return "district_count"
    if low.endswith(THING_ENDINGS):
        return None  # "Kindertageseinrichtungen", "Elterngruppen": the last part of a compound is counted
    if low in PEOPLE_NOUNS or low.endswith(PEOPLE_ENDINGS) or low.endswith(_PEOPLE_STEM_END):
        return "people_count"
    if low.endswith("in") and len(low) > 6:
        # a feminine singular counts what its base counts: "Sozialarbeiterin", "Pädagogin"
        base = low[:-2]
        if (
            base.endswith(PEOPLE_ENDINGS)
            or base.endswith(_PEOPLE_STEM_END)
            or (base + "e").endswith(PEOPLE_ENDINGS)
        ):
            return "people_count"
    return None


def compound_head(low: str) -> str:
    """The last part of a compound that decides its measure: "erzieherstellen" -> "stellen"."""
    for stem in STAFF_STEMS:
        i = low.find(stem)
        if i > 0:
            return low[i:]
    for end in sorted(TEACHER_ENDINGS + PEOPLE_ENDINGS, key=len, reverse=True):
        if low.endswith(end) and len(end) < len(low):
            return end
    return ""


# words between a partitive's "der"/"von" and the whole: "der insgesamt 8", "der knapp 220.000", "von
# mindestens 50" (rounding and lower bounds of the vocabulary)
_PARTITIVE_FILLERS = frozenset({"insgesamt", "zusammen"}) | frozenset(
    w for w, q in QUALIFIER_CUES.items() if q in ("approx", "almost") or (q == "at_least" and len(w) > 6)
)


def _partitive_whole_at(after: list[Tok]) -> int:
    """Index in ``after`` of the (last token of the) whole's number of a partitive that follows the
    part ("von 53", "der insgesamt 8 ½", "der knapp 220.000"); 0 when there is none."""
    if len(after) < 2 or after[0].low not in _PARTITIVE:
        return 0
    k = 1
    while k < len(after) - 1 and after[k].low in _PARTITIVE_FILLERS:
        k += 1
    if not is_number_token(after[k]):
        return 0
    return k + 1 if k + 1 < len(after) and after[k + 1].text in ("½", "¼", "¾") else k  # "8 ½"


def _partitive_part_before(before: list[Tok]) -> bool:
    """Is the number the whole of a partitive whose part stands before it ("47 von 53", "die 48. von
    insgesamt 53")?"""
    k = len(before) - 1
    while k >= 0 and before[k].low in _PARTITIVE_FILLERS:
        k -= 1
    return k >= 1 and before[k].low in _PARTITIVE and is_number_token(before[k - 1])


def _fronted_partitive(toks: list[Tok], n: NumberMention) -> tuple[Tok | None, list[Tok]]:
    """ "Von den zwölf Lehrerstellen ... sind nur neun besetzt": the noun of the fronted whole."""
    for i in range(len(toks) - 3):
        if toks[i].start >= n.span_start:
            break
        if (
            toks[i].low in ("von", "unter", "aus")
            and toks[i + 1].low in ("den", "der", "diesen")
            and is_number_token(toks[i + 2])
            and toks[i + 2].end < n.span_start
        ):
            return head_noun(toks[i + 3 : i + 11])
    return None, []


def measure_of(
    ctx: Context,
    n: NumberMention,
    before: list[Tok],
    after: list[Tok],
    toks: list[Tok],
    starts: list[int],
    sentence: str,
) -> tuple[str | None, str, str]:
    """(measure, unit, rule), or (None, "", reason) when the number is no figure."""
    measure, unit, rule = _measure(ctx, n, before, after, toks, starts, sentence)
    if measure is None:
        return measure, unit, rule
    if measure in ("other", "ki_count", "district_count") and _YEAR_LIKE.fullmatch(n.text) and n.unit is None:
        # "Jahresbericht 2018 Seite 3", "© 2016 Ministerium", "Vorlage .../2015": a four-digit number
        # between 1900 and 2099 without a thousands separator is a year or part of a code, never a
        # count of things (counts that large are written "2.015"), nor of the state's 53 districts or
        # their centres ("© 2023 Kreis Unna")
        return None, "", "year"
    if n.is_article and measure not in _ARTICLE_MEASURES:
        return None, "", "article"  # "eine weitere Abordnung": the article counts no figure here
    if n.value is not None and n.value != int(n.value):
        # a fractional headcount is a number of posts: "eine halbe Verwaltungskraft", "dreieinhalb Fachkräfte"
        if measure == "people_count":
            return "staff_positions", "FTE", rule + "+fraction_posts"
        if measure == "teachers" and unit == "count":
            return "teachers", "FTE", rule + "+fraction_posts"
    return measure, unit, rule


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


_ARTICLE_MEASURES = frozenset({"staff_positions", "teachers", "people_count", "district_count", "ki_count"})


def _measure(
    ctx: Context,
    n: NumberMention,
    before: list[Tok],
    after: list[Tok],
    toks: list[Tok],
    starts: list[int],
    sentence: str,
) -> tuple[str | None, str, str]:
    if n.unit == "EUR":
        return "funding_eur", "EUR", "funding_eur:currency"
    if n.unit == "percent":
        return "percent", "percent", "percent:sign"
    if n.form == "word" and is_fraction_noun(n.text):
        return (
            "percent",
            "percent",
            "percent:fraction",
        )  # "die Hälfte unserer Leute", "zwei Drittel der Mittel"
    if TEAM_SIZE_SUFFIX in n.text.lower() or _TEAM_SIZE_AFTER.match(ctx.text, n.end):
        return "people_count", "count", "people_count:team_size"  # "ein zwölfköpfiges Team"
    prev_low = [t.low for t in before[-3:]]
    role = ""
    # "47 von 53 Kommunalen Integrationszentren", "3,5 der insgesamt 8 ½ Stellen": the part and the whole
    whole_at = _partitive_whole_at(after)
    part_before = _partitive_part_before(before)
    if whole_at:
        head, adjs = head_noun(after[whole_at + 1 :])
        role = "part"
    elif part_before:
        head, adjs = head_noun(after)  # the 53 of "47 von 53 ..."
        role = "whole"
    elif len(after) >= 2 and after[0].low == "auf" and is_number_token(after[1]):
        head, adjs = head_noun(after[2:])  # the 8 of "von 8 auf 12 Stellen"
    else:
        head, adjs = head_noun(after)
    fronted_whole = False
    if (
        role == ""
        and len(before) >= 2
        and before[-2].low in ("von", "unter")
        and before[-1].low in ("den", "diesen", "allen")
    ):
        role = "whole"  # "Von den 53 Kreisen ... haben 49 ein KI": the base of a fronted partitive
        fronted_whole = True
    if n.form == "ordinal":
        if head is not None and head.low.endswith(_PLURAL_KI):
            return None, "", "ordinal_no_figure"  # "die ersten Zentren": a rank of several, no running total
        if head is not None and noun_measure(head.low) == "ki_count":
            return "ki_count", "count", "ki_count:ordinal"
        if (
            head is not None
            and n.text[:1].isdigit()
            and head.low.startswith(("kommune", "kreis", "stadt", "standort", "gebietskörperschaft"))
            and (_KI_CUE_LOOSE if ctx.has_ki_context else KI_CUE).search(sentence)
        ):
            return "ki_count", "count", "ki_count:ordinal_place"  # "als 12. Kommune ... ein KI"
        if (
            head is None
            and n.text[:1].isdigit()
            and before
            and before[-1].low == "als"
            and _KI_NOUN_BEFORE.search(ctx.text, max(0, n.span_start - 80), n.span_start)
        ):
            return (
                "ki_count",
                "count",
                "ki_count:ordinal_elliptic",
            )  # "hat jetzt ein Zentrum – als 48. im Land"
        return None, "", "ordinal_no_figure"
    if head is not None and head.low in _TIME_NOUNS:
        return None, "", "duration"
    if head is not None and head.low in ("mal", "male"):
        return None, "", "frequency"
    if head is not None and head.low.startswith("prozentpunkt"):
        return "percent", "percent", "percent:points"  # "um 3 Prozentpunkte": a change of a share
    if head is not None and head.low.endswith(_VOTE_WORDS):
        return None, "", "vote_tally"  # "bei zwei Enthaltungen", "drei Gegenstimmen"
    hm = noun_measure(head.low) if head is not None else None
    if hm is None and head is not None and not head.low.endswith(THING_ENDINGS):
        # "400 Case Managerinnen": two nouns in a row, the second is the head (not "34 Schulen Kinder
        # aufgenommen": a noun of things is a head of its own, the next noun an object)
        k = next((j for j, t in enumerate(after) if t is head), -1)
        if 0 <= k < len(after) - 1 and after[k + 1].is_cap and after[k + 1].start - head.end == 1:
            m2 = noun_measure(after[k + 1].low)
            if m2 in ("people_count", "staff_positions", "teachers"):
                head, hm = after[k + 1], m2
    if (
        hm is None
        and head is not None
        and role in ("part", "whole")
        and head.low in ("kommunen", "kommune")
        and _KI_CUE_LOOSE.search(sentence)
    ):
        hm = "district_count"  # "53 von 54 Kommunen mit eigenem Zentrum": the units that can have a centre
    if n.form == "word" and n.value is not None and n.value < 1 and hm is None:
        return "percent", "percent", "percent:fraction"  # "ein Viertel davon"
    if head is None and after:
        # "zwei davon", "9 davon nur befristet", "2 900 von ihnen sind Kinder": the noun after the copula,
        # else the figure before (a part of something counted before)
        k = 1 if after[0].low in _BACK_REF else 0
        if not k and len(after) >= 2 and after[0].low in ("von", "unter") and after[1].low in _REL_REF:
            k = 2
        if k:
            got = _predicate_noun(after, k) or _referred(ctx, n, 0 if k == 1 else 1)
            if got is not None:
                return _prospective_or(ctx, toks, starts, n, got, "back_reference")
            if k == 1:
                return "other", "count", "other:davon"
    after_is_np = bool(after) and after[0].text[:1].isalpha() and (after[0].is_cap or adj_like(after[0]))
    if head is None:
        fh, fadjs = _fronted_partitive(toks, n)
        if fh is not None and noun_measure(fh.low):
            head, adjs, hm, role = fh, fadjs, noun_measure(fh.low), "fronted"
    if (
        head is None
        and len(before) >= 2
        and {before[-1].low, before[-2].low} in ({"wir", "sind"}, {"wir", "waren"}, {"ihr", "seid"})
        and _elliptic(after)
    ):
        return "people_count", "count", "people_count:we_are"  # "Mit der Leitung sind wir elf"
    if head is None and ctx.prev_fact and before and before[-1].low == "es":
        m, u = ctx.prev_fact  # "1.426 Asylsuchende ..., im Jahr davor waren es 611"
        return m, u, f"{m}:anaphora_es"
    if head is None and (
        _es_before(before) or (len(after) >= 2 and after[0].low in _COPULA and after[1].low == "es")
    ):
        # "im Vorjahr waren es noch 152", "186 sind es zurzeit": the figure or noun before
        got = ctx.figure_before(n) or _noun_of_previous_sentence(ctx, n) or ctx.prev_fact
        if got is not None:
            return got[0], got[1], f"{got[0]}:anaphora_es"
    if head is None:
        got3 = _antecedent(ctx, toks, starts, n)
        if got3:
            return _prospective_or(ctx, toks, starts, n, got3[:2], got3[2].split(":", 1)[1])
    if (
        head is None
        and len(after) >= 2
        and after[0].low in ("mehr", "weniger")
        and after[1].low == "als"
        and ctx.prev_fact
    ):
        m, u = ctx.prev_fact  # "rund 1.100 Seiteneinsteiger ..., etwa 400 mehr als im Vorjahr"
        return m, u, f"{m}:change_of_previous"
    if (
        head is None
        and before
        and (
            before[-1].text[:1].isalpha()
            or before[-1].text in (",", ";")
            # "auf 1.480 gestiegen (2020: 1.210)": the value of a year for comparison
            or (
                before[-1].text == ":"
                and len(before) >= 3
                and _YEAR_LIKE.fullmatch(before[-2].text) is not None
                and before[-3].text == "("
            )
        )
        and before[-1].low not in _NOT_BEFORE_ELLIPSIS
        and _elliptic(after)
    ):
        # "Jedes Zentrum erhält eine Lehrerstelle; große Zentren bekommen zwei.", "drei weitere folgen":
        # a number without a noun continues the figure before it in its sentence
        got = _referred(ctx, n, 0)
        if got is not None:
            m, u = got
            if m == "other" and ctx.prev_fact and ctx.prev_fact[0] == "ki_count":
                new_here = any(a.low in NEW_WORDS for a in adjs) or any(p in NEW_WORDS for p in prev_low)
                return (
                    ("other", "count", "ki_new") if new_here else ("ki_count", "count", "ki_count:elliptic")
                )
            return m, u, f"{m}:elliptic"
    if head is None and not after_is_np:
        # "Die Zahl der Seiteneinsteiger an den Schulen im Kreis ist um 340 auf 1 128 gestiegen":
        # what is counted is the noun after "Zahl der", not the place ("im Kreis")
        zh = _number_of(toks, starts, n)
        if zh is not None:
            hm, head, role = noun_measure(zh.low), zh, "before"
    if head is None and not after_is_np:
        # the noun phrase before, in the same clause: "Die Zahl der Zentren stieg auf 50"
        prev_toks = before[-8:]
        for k in range(len(prev_toks) - 1, -1, -1):
            t = prev_toks[k]
            if t.text in (",", ";", ":", "–"):
                break
            found = noun_measure(t.low) if t.is_cap else None
            if found and not _after_place_preposition(prev_toks, k):
                if found == "people_count" and _age_of(before, after, n):
                    return None, "", "age"  # "Die Hälfte unserer Leute ist über 65": an attribute
                hm, head, role = found, t, "before"
                break
    new = any(a.low in NEW_WORDS for a in adjs) or any(p in NEW_WORDS for p in prev_low)
    # the clause's text, only where a rule below reads it (a noun with a measure, or "Städte")
    needs_clause = hm is not None or (head is not None and head.low in ("städte", "städten"))
    clause = _clause_text(ctx, toks, starts, n) if needs_clause else ""
    missing = hm in ("ki_count", "district_count") and bool(_MISSING.search(clause))
    if hm in ("ki_count", "staff_positions", "teachers"):
        assert head is not None  # these measures come from a head noun
    if hm == "ki_count" and head is not None:
        if n.scale != 1.0:
            return "other", "count", "other:scaled"
        if new or (role in ("", "before") and _ADDED.search(clause)):
            return "other", "count", "ki_new"
        if role in ("", "before") and ctx.has_ki_context and _PROSPECTIVE.search(clause):
            return "other", "count", "ki_new:prospective"  # "14 Zentren wurden bewilligt": centres to come
        if head.low in KI_NOUNS and head.low not in ("ki", "kis") and not ctx.has_ki_context:
            return "other", "count", "other:head"
        if missing or (role != "part" and any(a.low.startswith("möglich") for a in adjs)):
            # "54 möglichen Zentren": the districts that could have one; "53 von 54 möglichen Zentren sind
            # eingerichtet": the part that exists is the running total
            return "district_count", "count", "district_count:possible_or_missing"
        if head.low.startswith("standort") and not (
            KI_CUE.search(sentence) or KI_CUE.search(_previous_sentence(ctx, n))
        ):
            return "other", "count", "other:head"  # "Das Programm läuft an 85 Standorten"
        exists = bool(_EXISTENCE.search(clause))
        if role == "part" and not exists:
            return "other", "count", "other:ki_subset"  # "In 15 von 49 Zentren sind Stellen unbesetzt"
        if role == "whole" and exists and not (fronted_whole and not _other_figure_in(ctx, n, sentence)):
            # "47 von 53 Kommunalen Integrationszentren sind errichtet": the 53 that could be; but "Von
            # den 53 Zentren im Land ist unseres eines der größten" (no number for the part) is the
            # running total, and so is the whole of a subset ("in 15 von 49 Zentren fehlt Personal")
            return "district_count", "count", "district_count:partitive_whole"
        if role in ("", "before") and _regional_part(after, head):
            return "other", "count", "other:ki_of_a_region"  # "drei Zentren aus dem Münsterland"
        return "ki_count", "count", "ki_count:" + _ROLE_NAME.get(role, role or "head")
    if head is not None and head.low in ("städte", "städten"):
        if not any("kreisfrei" in a.low for a in adjs):
            return "other", "count", "other:municipalities"
        if hm is None:  # "Neun kreisfreie Städte", "eine von 22 kreisfreien Städten"
            hm = "district_count"
    if hm == "district_count":
        ki_cue = _KI_CUE_LOOSE if ctx.has_ki_context else KI_CUE
        ki_here = bool(ki_cue.search(sentence)) or (
            bool(_KI_PRONOUN.search(sentence)) and bool(ki_cue.search(_previous_sentence(ctx, n)))
        )
        locative = bool(prev_low) and prev_low[-1] in ("in", "im")
        if missing:
            return "district_count", "count", "district_count:missing"
        if ctx.has_ki_context and _PROSPECTIVE.search(clause):
            if new or locative or (_BATCH.search(clause) and not _SO_FAR.search(clause)):
                # "elf weitere Kreise erhielten die Zusage", "In zwei Kreisen ist ein Zentrum beantragt",
                # "Zwölf Kreise erhielten im Juli die Förderzusage" (a batch of approvals)
                return "other", "count", "ki_new:prospective"
            # "bislang haben 23 Kreise einen Antrag gestellt": the districts that applied so far
            return "district_count", "count", "district_count:applicants"
        if role in ("part", "fronted") and ki_here and not _OWN_CENTRE.search(clause):
            # "in 48 der 53 Kreise arbeiten KI", "53 der 54 Kreise verfügen über ein KI"; not
            # "mindestens acht Kreise haben ihr KI aufgestockt" (an activity of districts)
            return "ki_count", "count", "ki_count:districts_with_ki"
        # "in 47 Kreisen ... ein Netz von KI aufgebaut": a network built in N districts, statewide;
        # "KI gibt es in 51 Kreisen" is a plain location: the noun decides (districts)
        # the clause and what follows it up to a semicolon: "in 52 Kreisen, arbeiten heute KI"
        rest = _clause_text(ctx, toks, starts, n, to_semicolon=True)
        if (
            role in ("", "before")
            and (_KI_CUE_LOOSE if ctx.has_ki_context else KI_CUE).search(rest)
            and not any(p in _ALL_WORDS for p in prev_low)
            and _ESTABLISH.search(rest)
            and not _OWN_CENTRE.search(rest)
            and not new
            and not _SUBSET_OR_ACTIVITY.search(sentence)
            and not _centres_counted_beside(ctx, n)
            and (not locative or _ESTABLISH_VERB.search(rest) or _continues_centre_count(ctx, n))
        ):
            # "in 52 Kreisen arbeiten KI", "38 Kreise haben ein Zentrum"; not a plain location of one
            # centre each ("nun gibt es in 46 Kreisen ein KI": the noun decides) unless it continues a
            # series of centre counts ("47 Zentren ..., Ende 2015 waren es 49. Heute gibt es in 53
            # Kreisen ein Zentrum"), and not when the sentence counts the centres by their noun
            # ("in 52 Kreisen arbeiten KI, insgesamt 53 Zentren")
            return "ki_count", "count", "ki_count:districts_with_ki"
        return "district_count", "count", "district_count:" + _ROLE_NAME.get(role, role or "head")
    if hm == "staff_positions" and head is not None:
        # "200 Lehrerstellen ... die übrigen 94 Stellen": a bare "Stellen" after teacher posts
        if (
            head.low.startswith("stelle")
            and "insgesamt" not in prev_low
            and not _WITH_TEACHERS.match(ctx.text, head.end)
            and _teacher_posts_before(ctx, n)
        ):
            return "teachers", "FTE", "teachers:elliptic_stellen"
        if _teachers_posts(before, after, head, clause) or _posts_of_teachers_before(ctx, n, before):
            return "teachers", "FTE", "teachers:posts_of_teachers"
        return "staff_positions", "FTE", "staff_positions:" + _ROLE_NAME.get(role, role or "head")
    if hm == "teachers" and head is not None:
        unit = "FTE" if "stelle" in head.low else "count"
        return "teachers", unit, "teachers:" + _ROLE_NAME.get(role, role or "head")
    if hm == "people_count":
        if _VOTE.search(clause):
            return None, "", "vote_tally"  # "zwei Mitglieder enthielten sich"
        if head is not None and head.low in GENERIC_PERSON_NOUNS and _seconding_in(clause, head):
            return "teachers", "count", "teachers:seconded_persons"  # "vier Kolleginnen sind abgeordnet"
        if (
            head is not None
            and (head.low in GENERIC_PERSON_NOUNS or head.low.startswith("pädagog"))
            and _SCHOOL_SERVICE.search(clause)
        ):
            return "teachers", "count", "teachers:school_service"  # "zwei Kolleginnen aus dem Schuldienst"
        return "people_count", "count", "people_count:" + _ROLE_NAME.get(role, role or "head")
    if n.scale != 1.0 and hm is None and _MONEY_CONTEXT.search(sentence):
        return "funding_eur", "EUR", "funding_eur:scale_in_money_context"  # "Die Förderung beträgt 2,5 Mio."
    if head is not None and head.is_cap:
        return "other", "count", "other:head"
    if n.scale != 1.0:
        return "other", "count", "other:scaled"
    return None, "", "unexplained"


_AGE_BOUNDS = frozenset({"über", "unter", "fast", "knapp", "etwa", "rund", "schon", "erst", "noch"})


def _age_of(before: list[Tok], after: list[Tok], n: NumberMention) -> bool:
    """Is a bare number after "ist"/"sind" (and a bound) at its clause's end an age of the people before?"""
    k = len(before) - 1
    while k >= 0 and before[k].low in _AGE_BOUNDS:
        k -= 1
    return (
        k >= 0
        and before[k].low in _COPULA
        and n.value is not None
        and n.value < 120
        and (not after or after[0].text in _CLAUSE_END or after[0].low == "jahre")
    )


def _prospective_or(
    ctx: Context, toks: list[Tok], starts: list[int], n: NumberMention, got: tuple[str, str], how: str
) -> tuple[str, str, str]:
    """A referring number's (measure, unit, rule); districts that applied for or were promised a centre
    ("Drei von ihnen haben angekündigt, ihren Antrag zu stellen") are new centres to come."""
    m, u = got
    if (
        m == "district_count"
        and ctx.has_ki_context
        and _PROSPECTIVE.search(_clause_text(ctx, toks, starts, n))
    ):
        return "other", "count", "ki_new:prospective"
    return m, u, f"{m}:{how}"


def _previous_sentence(ctx: Context, n: NumberMention) -> str:
    si = ctx.sentence_of(n.span_start)
    if si < 1:
        return ""
    s, e = ctx.sentences[si - 1]
    return ctx.text[s:e]


def _centres_counted_beside(ctx: Context, n: NumberMention) -> bool:
    """Does another figure of the sentence count centres by their noun ("insgesamt 53 Zentren")?"""
    si = ctx.sentence_of(n.span_start)
    s, e = ctx.sentences[si] if si >= 0 else (n.span_start, n.span_end)
    return any(x is not n and _CENTRES_AFTER.match(ctx.text, x.span_end) for x in ctx.figures_in(s, e))


def _continues_centre_count(ctx: Context, n: NumberMention) -> bool:
    """Is the fact right before the number, in its sentence or the one before, a count of centres?"""
    got = ctx.figure_before(n, 1)
    return got is not None and got[0] == "ki_count"


def _clause_text(
    ctx: Context, toks: list[Tok], starts: list[int], n: NumberMention, to_semicolon: bool = False
) -> str:
    """The text of the clause around the number (commas, semicolons, dashes, colons, brackets);
    with ``to_semicolon`` from the clause's start to the next semicolon or the sentence end."""
    ib = bisect.bisect_left(starts, n.span_start)
    c_lo, c_hi = clause_bounds(toks, ib, bisect.bisect_left(starts, n.span_end))
    if to_semicolon:
        c_hi = next((k for k in range(max(c_hi, ib), len(toks)) if toks[k].text == ";"), len(toks))
    if c_hi <= c_lo:
        return ctx.text[n.span_start : n.span_end]
    return ctx.text[toks[c_lo].start : toks[c_hi - 1].end]


def _other_figure_in(ctx: Context, n: NumberMention, sentence: str) -> bool:
    """Is there another figure in the sentence of ``n`` (the part of a fronted partitive)?"""
    lo = ctx.text.find(sentence, max(0, n.span_start - len(sentence)))
    hi = lo + len(sentence) if lo >= 0 else n.span_end
    return any(f is not n and f.span_start != n.span_start for f in ctx.figures_in(max(lo, 0), hi))


_COUNT_NOUNS = frozenset({"zahl", "anzahl", "gesamtzahl"})
_OF = frozenset({"der", "an", "von", "aller"})


def _number_of(toks: list[Tok], starts: list[int], n: NumberMention) -> Tok | None:
    """The counted noun of "Die Zahl der X ... stieg auf N" before the number, in its sentence."""
    i = bisect.bisect_left(starts, n.span_start)
    for k in range(i - 2, -1, -1):
        t = toks[k]
        if t.text in (";", ":") or t.text in ("(", ")"):
            return None
        if t.low in _COUNT_NOUNS and toks[k + 1].low in _OF:
            head, _ = head_noun(toks[k + 2 : i])
            return head  # "die Zahl der Fälle ... auf 1.212": also a noun without a measure (other)
    return None


_PLACE_PREPS = frozenset({"im", "in", "an", "am", "bei", "beim", "aus", "nach", "vom"})


def _after_place_preposition(toks: list[Tok], k: int) -> bool:
    """Is ``toks[k]`` the noun of a place phrase ("an den Schulen im Kreis")? Then it is no subject."""
    j = k - 1
    while j >= 0 and (toks[j].low in ("den", "dem", "der", "die", "des") or adj_like(toks[j])):
        j -= 1
    return j >= 0 and toks[j].low in _PLACE_PREPS


def _regional_part(after: list[Tok], head: Tok) -> bool:
    """Centres of one region ("drei Zentren aus dem Münsterland", "die sieben Zentren im
    Regierungsbezirk") are no running total; "im Land", "in NRW" are the whole state."""
    try:
        i = next(k for k, t in enumerate(after) if t is head)
    except StopIteration:
        return False
    rest = after[i + 1 : i + 6]
    # a place has an article: "aus dem Münsterland", "im Regierungsbezirk" (not "in Betrieb", "in NRW")
    if len(rest) < 2 or not (
        rest[0].low == "im" or (rest[0].low in ("aus", "in") and rest[1].low in ("dem", "der"))
    ):
        return False
    for t in rest[1:]:
        if t.low in ("dem", "der", "den", "des"):
            continue
        if not t.is_cap:
            return False
        low = t.low
        if low in STATE_WORDS or "nordrhein" in low or noun_measure(low) == "district_count":
            return False
        return low not in ("kreisen", "kommunen", "städten")
    return False


def _teachers_posts(before: list[Tok], after: list[Tok], head: Tok, clause: str) -> bool:
    """Posts that belong to teachers: "vier Lehrkräfte (drei Vollzeitstellen)", "fünf Lehrkräfte mit
    zusammen 3,5 Stellen", "2,5 Stellen für Lehrerinnen und Lehrer", "eine Abordnung von 2,5 Stellen"."""
    k = len(before) - 1
    while k >= 0 and before[k].low in _POST_FILLERS:
        k -= 1
    if k >= 1 and before[k].text in ("(", "mit", "auf") and noun_measure(before[k - 1].low) == "teachers":
        return True
    try:
        i = next(j for j, t in enumerate(after) if t is head)
    except StopIteration:
        i = -1
    if i >= 0 and i + 1 < len(after) and after[i + 1].low == "für":
        nxt, _ = head_noun(after[i + 2 : i + 6])
        if nxt is not None and noun_measure(nxt.low) == "teachers":
            return True
    return _seconding_in(clause, head)


def _seconding_in(clause: str, head: Tok | None) -> bool:
    """Does the clause of a figure second it to a centre ("abgeordnet", "ordnet ... ab")? Not a cue that
    opens another conjunct after it: "Es bezahlt 3,5 Fachkraftstellen und ordnet zwei Lehrer ab"."""
    after = clause.find(head.text) if head is not None else -1
    for m in _TEACHER_POST_CUE.finditer(clause):
        if 0 <= after < m.start() and _AND_BEFORE.search(clause, 0, m.start()):
            continue
        return True
    return False


_AND_BEFORE = re.compile(r"(?<!\w)und[ ]+$")


# a total that holds the teachers' posts: "mit 6 Stellen einschließlich der Lehrkräfte"
_WITH_TEACHERS = re.compile(
    r"[ ]+(?:einschließlich|einschl\.|inklusive|inkl\.|samt)[ ]+(?:der[ ]+|aller[ ]+)?Lehr"
)
# a kind of post named by a compound ("Lehrerstellen", "Verwaltungsstelle"), not the bare "Stellen"
_POSTS_COMPOUND = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]*?[a-zäöüß-](?:stellen|stelle)(?!\w)")
_PART_OF_ALL_POSTS = re.compile(r"(?<![\w-])Stellen?(?!\w)[^.;]{0,40}?(?:davon|darunter)[ ][^ ]+[ ]$")
_TEACHER_WORD = re.compile(r"(?<!\w)(?:" + "|".join(p.capitalize() for p in TEACHER_PREFIXES) + r")\w*")


def _teacher_posts_before(ctx: Context, n: NumberMention) -> bool:
    """Is a bare "Stellen" teachers' posts? The kind of post named last before it decides: in its
    sentence, in the sentence before, and further back over sentences about teachers that name no
    posts ("94 Lehrerstellen ... Die Lehrerinnen werden abgeordnet ... Jedes Zentrum erhält bis zu
    zwei Stellen"); "eine halbe Verwaltungsstelle ..., sodass das Zentrum mit 6 Stellen" is no such."""
    si = ctx.sentence_of(n.span_start)
    hi = n.span_start
    for k in range(si, max(-1, si - 4), -1):
        lo = ctx.sentences[k][0] if k >= 0 else 0
        last = None
        for m in _POSTS_COMPOUND.finditer(ctx.text, lo, hi):
            last = m
        if last is not None:
            # "24,5 Stellen, davon 6 Lehrerstellen. Hinzu kommen 3 Stellen": teachers' posts as a part of
            # all posts leave the posts that follow generic
            return _TEACHER_POSTS.match(last.group()) is not None and not _PART_OF_ALL_POSTS.search(
                ctx.text, lo, last.start()
            )
        if k < si and not _TEACHER_WORD.search(ctx.text, lo, hi):
            return False  # a sentence about something else: the posts are no longer the teachers'
        hi = lo
    return False


_POST_LINKS = frozenset(
    {"jede", "jeder", "jeweils", "je", "zusammen", "teilen", "teilten", "besetzen", "besetzten"}
)


def _posts_of_teachers_before(ctx: Context, n: NumberMention, before: list[Tok]) -> bool:
    """Posts shared out over the teachers counted right before them in the sentence: "vier Kolleginnen
    sind abgeordnet, jede mit halber Stelle", "zwei Lehrerinnen, zusammen also eine ganze Stelle", "Die drei
    Lehrkräfte teilen sich 2,5 Stellen"."""
    k = len(before) - 1
    while k >= 0 and before[k].text not in (",", ";", "(", ":"):
        if before[k].low in _POST_LINKS:
            got = ctx.figure_before(n, 0)
            return got is not None and got[0] == "teachers"
        k -= 1
    return False


_POST_FILLERS = frozenset(
    {"zusammen", "insgesamt", "je", "jeweils", "rund", "knapp", "etwa", "gut", "nur", "ca"}
)


_SUBSET_OR_ACTIVITY = re.compile(SUBSET_OR_ACTIVITY_CUES)
_MONEY_CONTEXT = re.compile(MONEY_CUES)


_VOTE_WORDS = ("enthaltung", "enthaltungen", "gegenstimme", "gegenstimmen", "stimmen", "stimme")


_TEACHER_POSTS = re.compile("|".join(p.capitalize() for p in TEACHER_PREFIXES if "stelle" in p))


_ROLE_NAME = {"whole": "partitive_whole", "part": "partitive_part", "before": "np_before"}


_NOT_ATTRIBUTE = frozenset(
    {"oder", "aber", "sowie", "jedoch", "sondern", "wie", "wenn", "denn", "dann", "der", "die", "je", "pro"}
)


def _inflected_before_noun(t: Tok, nxt: Tok | None) -> bool:
    """A lower-case inflected word right before a noun is an attribute of it: "Neun kreisfreie Städte",
    "53 solcher Zentren", "drei beim Kreis beschäftigte Fachkräfte" (not a verb: "13 haben Zentren")."""
    return (
        nxt is not None
        and nxt.is_cap
        and nxt.text[:1].isalpha()
        and t.low.isalpha()
        and t.low.endswith(("e", "en", "er", "es", "em"))
        and t.low not in _FINITE
        and t.low not in _NOT_ATTRIBUTE
        and t.low not in _PREPS
    )


_ELISION_CONJ = frozenset({"und", "oder", "bzw", "sowie"})


def _elision_at(toks: list[Tok], i: int) -> bool:
    """ "Lehrer- und Erzieherstellen", "Fachkraft- und Verwaltungsstellen" at ``toks[i]``."""
    return (
        i + 3 < len(toks)
        and toks[i + 1].text == "-"
        and toks[i + 1].start == toks[i].end
        and toks[i + 2].low in _ELISION_CONJ
        and toks[i + 3].is_cap
        and toks[i + 3].text[:1].isalpha()
    )


def elided_second(
    ctx: Context,
    n: NumberMention,
    before: list[Tok],
    after: list[Tok],
    toks: list[Tok],
    starts: list[int],
    sentence: str,
    measure: str,
    unit: str,
) -> tuple[str, str, str] | None:
    """The second figure of a hyphen-elided compound ("je drei Lehrer- und Erzieherstellen": teachers'
    posts and posts), when its measure or unit differs from the first one's; else None."""
    for i in range(min(len(after), 6)):
        if not after[i].text[:1].isalpha():
            return None
        if after[i].is_cap:
            if not _elision_at(after, i):
                return None
            m2, u2, r2 = measure_of(ctx, n, before, after[i + 3 :], toks, starts, sentence)
            if m2 is None or (m2, u2) == (measure, unit):
                return None
            return m2, u2, r2 + "+elided"
    return None


def head_noun(after: list[Tok]) -> tuple[Tok | None, list[Tok]]:
    """Head noun of the noun phrase right after a number, and the adjectives before it.

    A capitalised word is an adjective only when another capitalised word follows it
    ("Kommunale Integrationszentren"); a short phrase may stand between number and noun
    ("zwei vom Land abgeordnete Lehrkräfte").
    """
    adjs: list[Tok] = []
    toks = after[:8]
    for i, t in enumerate(toks):
        if t.text in ("-", "–") and not adjs:
            continue
        if not t.text[:1].isalpha():
            return None, adjs
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.is_cap:
            if _elision_at(toks, i):
                # "Lehrer- und Erzieherstellen": the first noun ends in the second's last part
                second = toks[i + 3]
                tail = compound_head(second.low)
                return (Tok(t.start, t.end, t.text + tail) if tail else t), adjs
            if (
                nxt is not None
                and nxt.is_cap
                and nxt.text[:1].isalpha()
                and adj_like(t)
                and not noun_measure(t.low)
                and t.low not in _TIME_NOUNS  # "3 Minuten" before a name on the next line
            ):
                adjs.append(t)
                continue
            return t, adjs
        if adj_like(t) or (t.low in ("und", "bzw", "oder") and adjs) or _inflected_before_noun(t, nxt):
            adjs.append(t)
            continue
        if t.low in _PREPS:
            for j in range(i + 1, min(len(toks), i + 5)):
                u = toks[j]
                if not u.text[:1].isalpha():
                    break
                if u.is_cap and noun_measure(u.low) and not toks[j - 1].is_cap and adj_like(toks[j - 1]):
                    return u, adjs + [toks[j - 1]]
        return None, adjs
    return None, adjs
