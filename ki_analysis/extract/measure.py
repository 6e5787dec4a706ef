"""The measure of a figure: from the head noun of its phrase, a partitive or the phrase before it."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..vocab import (
    DISTRICT_NOUN,
    KI_NOUNS,
    KI_STEMS,
    PEOPLE_ENDINGS,
    PEOPLE_PREFIXES,
    STAFF_STEMS,
    TEACHER_PREFIXES,
    THING_ENDINGS,
)
from .grammar import _PREPS, NEW_WORDS, Context, Tok, adj_like, clause_bounds, is_number_token
from .numbers import NumberMention

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
        "minuten",
        "jahrzehnt",
        "jahrzehnte",
        "jahrzehnten",
        "schuljahr",
        "schuljahre",
        "schuljahren",
        "halbjahr",
        "quartal",
    }
)


_ALL_WORDS = frozenset({"alle", "allen", "aller", "sämtliche", "sämtlichen", "sämtlicher", "jeweils"})


_EXIST_VERBS = (
    "aufgebaut",
    "errichtet",
    "eingerichtet",
    "gegründet",
    "gibt",
    "gab",
    "verfüg",
    "arbeiten",
    "arbeitet",
    "bestehen",
    "besteht",
    "existier",
    "vorhanden",
    "geschaffen",
    "haben",
    "hat ",
    "unterhalten",
    "eröffnet",
    "tätig",
    "aktiv",
    "flächendeckend",
)


KI_CUE = re.compile(r"Integrationszentr|(?<!\w)KI(?!\w)")


_PARTITIVE = frozenset({"von", "der", "aus", "unter"})


_KI_CUE_LOOSE = re.compile(r"Integrationszentr|(?<!\w)KI(?!\w)|Zentr(?:um|en|ums)(?!\w)")


_MISSING = re.compile(r"(?<!\w)(?:fehl(?:en|t|ten|te)|noch[ ]ohne|ohne[ ]eigenes|nicht[ ]über)(?!\w)")


_BACK_REF = frozenset({"davon", "hiervon", "darunter"})


_REL_REF = frozenset({"denen", "ihnen", "diesen", "welchen"})


def _antecedent(toks: list[Tok], starts: list[int], n: NumberMention) -> tuple[str, str, str] | None:
    """A bare number that refers back: "196 Lehrerstellen zugeordnet, davon sind knapp 180 besetzt",
    "die Ehrenamtlichen, von denen sich etwa 40.000 engagieren": the noun of the clause before."""
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
    for k in range(j - 1, max(-1, j - 12), -1):
        t = toks[k]
        if t.text in (";", ":", "(", ")", "."):
            break
        m = noun_measure(t.low) if t.is_cap else None
        if m:
            unit = "FTE" if m == "staff_positions" or (m == "teachers" and "stelle" in t.low) else "count"
            return m, unit, f"{m}:antecedent"
    return None


@lru_cache(maxsize=4096)
def noun_measure(low: str) -> str | None:
    """Measure a head noun stands for (before any context)."""
    if any(w in low for w in KI_STEMS) or low in KI_NOUNS or low.startswith("standort"):
        return "ki_count"
    if low.startswith(TEACHER_PREFIXES):
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
    if low.startswith(PEOPLE_PREFIXES) or low.endswith(PEOPLE_ENDINGS):
        return "people_count"
    return None


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
    if n.unit == "EUR":
        return "funding_eur", "EUR", "funding_eur:currency"
    if n.unit == "percent":
        return "percent", "percent", "percent:sign"
    prev_low = [t.low for t in before[-3:]]
    role = ""
    if len(after) >= 2 and after[0].low in _PARTITIVE and is_number_token(after[1]):
        head, adjs = head_noun(after[2:])  # "47 von 53 Kommunalen Integrationszentren"
        role = "part"
    elif len(before) >= 2 and before[-1].low in _PARTITIVE and is_number_token(before[-2]):
        head, adjs = head_noun(after)  # the 53 of "47 von 53 ..."
        role = "whole"
    elif len(after) >= 2 and after[0].low == "auf" and is_number_token(after[1]):
        head, adjs = head_noun(after[2:])  # the 8 of "von 8 auf 12 Stellen"
    else:
        head, adjs = head_noun(after)
    if (
        role == ""
        and len(before) >= 2
        and before[-2].low in ("von", "unter")
        and before[-1].low in ("den", "diesen", "allen")
    ):
        role = "whole"  # "Von den 53 Kreisen ... haben 49 ein KI": the base of a fronted partitive
    if n.form == "ordinal":
        if head is not None and noun_measure(head.low) == "ki_count":
            return "ki_count", "count", "ki_count:ordinal"
        if (
            head is not None
            and head.low.startswith(("kommune", "kreis", "stadt", "standort"))
            and (_KI_CUE_LOOSE if ctx.has_ki_context else KI_CUE).search(sentence)
        ):
            return "ki_count", "count", "ki_count:ordinal_place"  # "als 12. Kommune ... ein KI"
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
    if n.form == "word" and n.value is not None and n.value < 1 and hm is None:
        return "percent", "percent", "percent:fraction"  # "die Hälfte (der Mittel)", "ein Viertel davon"
    if head is None and after and after[0].low in ("davon", "hiervon", "darunter"):
        return "other", "count", "other:davon"  # "zwei davon": a part of something counted before
    after_is_np = bool(after) and after[0].text[:1].isalpha() and (after[0].is_cap or adj_like(after[0]))
    if head is None:
        fh, fadjs = _fronted_partitive(toks, n)
        if fh is not None and noun_measure(fh.low):
            head, adjs, hm, role = fh, fadjs, noun_measure(fh.low), "fronted"
    if head is None and before and before[-1].low == "es" and ctx.prev_fact:
        m, u = ctx.prev_fact  # "1.426 Asylsuchende ..., im Jahr davor waren es 611"
        return m, u, f"{m}:anaphora_es"
    if head is None:
        got = _antecedent(toks, starts, n)
        if got:
            return got
    if (
        head is None
        and len(after) >= 2
        and after[0].low in ("mehr", "weniger")
        and after[1].low == "als"
        and ctx.prev_fact
    ):
        m, u = ctx.prev_fact  # "rund 1.100 Seiteneinsteiger ..., etwa 400 mehr als im Vorjahr"
        return m, u, f"{m}:change_of_previous"
    if head is None and not after_is_np:
        # the noun phrase before, in the same clause: "Die Zahl der Zentren stieg auf 50"
        for t in reversed(before[-8:]):
            if t.text in (",", ";", ":", "–"):
                break
            found = noun_measure(t.low) if t.is_cap else None
            if found:
                hm, head, role = found, t, "before"
                break
    new = any(a.low in NEW_WORDS for a in adjs) or any(p in NEW_WORDS for p in prev_low)
    missing = False
    if hm in ("ki_count", "district_count") and _MISSING.search(sentence):
        ib = bisect.bisect_left(starts, n.span_start)
        c_lo, c_hi = clause_bounds(toks, ib, bisect.bisect_left(starts, n.span_end))
        # "45 Kreise haben ein Zentrum, von den 54 fehlen nur noch neun": "fehlen" is the other clause's verb
        missing = c_hi > c_lo and bool(_MISSING.search(ctx.text, toks[c_lo].start, toks[c_hi - 1].end))
    if hm in ("ki_count", "staff_positions", "teachers"):
        assert head is not None  # these measures come from a head noun
    if hm == "ki_count" and head is not None:
        if n.scale != 1.0:
            return "other", "count", "other:scaled"
        if new:
            return "other", "count", "ki_new"
        if head.low in KI_NOUNS and head.low not in ("ki", "kis") and not ctx.has_ki_context:
            return "other", "count", "other:head"
        if missing or any(a.low.startswith("möglich") for a in adjs):
            return "district_count", "count", "district_count:possible_or_missing"
        if role == "whole":
            return "district_count", "count", "district_count:partitive_whole"
        return "ki_count", "count", "ki_count:" + _ROLE_NAME.get(role, role or "head")
    if head is not None and head.low in ("städte", "städten") and not any("kreisfrei" in a.low for a in adjs):
        return "other", "count", "other:municipalities"
    if hm == "district_count":
        ki_here = bool((_KI_CUE_LOOSE if ctx.has_ki_context else KI_CUE).search(sentence))
        if missing:
            return "district_count", "count", "district_count:missing"
        if role in ("part", "fronted") and ki_here:
            return "ki_count", "count", "ki_count:districts_with_ki"
        # "in 47 Kreisen ... ein Netz von KI aufgebaut": districts that have a centre, statewide;
        # not when the sentence is about a part of the state or about cooperation
        if (
            role in ("", "before")
            and ki_here
            and not any(p in _ALL_WORDS for p in prev_low)
            and any(v in sentence for v in _EXIST_VERBS)
            and not new
            and not _SUBSET_OR_ACTIVITY.search(sentence)
        ):
            return "ki_count", "count", "ki_count:districts_with_ki"
        return "district_count", "count", "district_count:" + _ROLE_NAME.get(role, role or "head")
    if hm == "staff_positions" and head is not None:
        # "200 Lehrerstellen ... die übrigen 94 Stellen": a bare "Stellen" after teacher posts
        if head.low.startswith("stelle") and _TEACHER_POSTS.search(
            ctx.text, max(0, n.span_start - 400), n.span_start
        ):
            return "teachers", "FTE", "teachers:elliptic_stellen"
        return "staff_positions", "FTE", "staff_positions:" + _ROLE_NAME.get(role, role or "head")
    if hm == "teachers" and head is not None:
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


_SUBSET_OR_ACTIVITY = re.compile(
    r"Regierungsbezirk|Bezirksregierung|(?<!\w)zusammen(?!\w)|beteilig|nehmen[ ]teil|teilnehm"
)


_MONEY_CONTEXT = re.compile(
    r"Euro|EUR|€|Mittel|[Ff]örder|Haushalt|Budget|Etat|[Ff]inanz|[Kk]osten|Zuschu|investier"
    r"|bereit(?:gestellt|stell\w*)?(?!\w)|bewillig|[Aa]usgaben|ausgegeben|[Pp]auschale|gezahlt|zahlt"
)


_VOTE_WORDS = ("enthaltung", "enthaltungen", "gegenstimme", "gegenstimmen", "stimmen", "stimme")


_TEACHER_POSTS = re.compile(r"Lehrerstellen|Lehrkräftestellen|Lehrerstelle")


_ROLE_NAME = {"whole": "partitive_whole", "part": "partitive_part", "before": "np_before"}


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
            if (
                nxt is not None
                and nxt.is_cap
                and nxt.text[:1].isalpha()
                and adj_like(t)
                and not noun_measure(t.low)
            ):
                adjs.append(t)
                continue
            return t, adjs
        if adj_like(t) or (t.low in ("und", "bzw", "oder") and adjs):
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
