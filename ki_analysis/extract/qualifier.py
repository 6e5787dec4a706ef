"""The qualifier of a figure (rund, über, bis zu, fast) and the ends of ranges."""

from __future__ import annotations

import re

from ..corpus.numbers import NumberMention
from ..vocab import QUALIFIER_CUE_PAIRS, QUALIFIER_CUES, QUALIFIER_RANK
from .grammar import Tok

_FILLERS = frozenset(
    {
        "jeweils",
        "insgesamt",
        "zusammen",
        "bereits",
        "schon",
        "noch",
        "nur",
        "lediglich",
        "sogar",
        "gerade",
        "derzeit",
        "zurzeit",
        "aktuell",
        "mittlerweile",
        "inzwischen",
        "weitere",
        "zusätzlich",
        "ergänzend",
        "allein",
        "alleine",
        "genau",
        "exakt",
        "je",
        "und",
        "damit",
        "also",
        "heute",
        "nun",
        "jetzt",
        "summa",
        "gesamt",
        "allen",
        "alle",
        "die",
        "der",
        "den",
        "das",
        "des",
        "dem",
        "als",
        "pro",
        "zu",
        "auf",
        "jedoch",
        # "rund eine halbe Million", "rund ein Dutzend": an article before a number word
        "ein",
        "eine",
        "einer",
    }
)
# a phrase that introduces an amount: "bis zu einer Höhe von 90.000 €", "in Höhe von rund 5.000 Euro"
_AMOUNT_PHRASE = (("einer", "höhe", "von"), ("in", "höhe", "von"), ("höhe", "von"))


_NOT_QUAL_BEFORE_UEBER = re.compile(
    r"^(?:verfüg\w*|spricht|sprechen|berichtet\w*|informiert\w*|freut\w*|reden|"
    r"redet|diskutier\w*|hinaus|streit\w*|entscheid\w*|entschied\w*|beraten|berät|verhandel\w*|"
    r"beschließ\w*|abstimm\w*|stimmt|nachdenk\w*|klagt|klagen)$"
)


_PARTITIVE_DET = frozenset({"den", "der", "die", "diesen", "allen"})


# words that open a new clause after a comma: "..., von denen über 40 Prozent ...", "..., die über 100"
_CLAUSE_OPENERS = frozenset(
    {
        "denen",
        "dem",
        "der",
        "die",
        "das",
        "deren",
        "dessen",
        "welche",
        "welcher",
        "wo",
        "dass",
        "weil",
        "wobei",
    }
)


def _verfuegen_in_clause(toks: list[Tok]) -> bool:
    """Does "verfügen" govern the clause that ends at the number? Not across a dash, a semicolon or a
    relative clause: "verfügt über 12 Stellen – für eine Stadt, von denen über 40 Prozent ..."."""
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if t.low.startswith("verfüg"):
            return True
        if t.text in ("–", ";", ":"):
            return False
        if (
            t.low in _CLAUSE_OPENERS
            and k >= 1
            and (toks[k - 1].text == "," or (k >= 2 and toks[k - 2].text == "," and toks[k - 1].low == "von"))
        ):
            return False
    return False


def _verb_of_ueber_after(after: list[Tok]) -> bool:
    """Does the clause end in a verb that takes "über" ("soll über zwei Stellen entscheiden")?"""
    for k, t in enumerate(after):
        if t.text in (".", ",", ";", "–", ":", "!", "?"):
            verb = after[k - 1] if k >= 1 else None  # a verb, not a noun ("zur Verfügung")
            return (
                verb is not None
                and verb.text[:1].islower()
                and _NOT_QUAL_BEFORE_UEBER.match(verb.low) is not None
            )
    return False


def qualifier_of(
    before: list[Tok],
    sentence_before: list[Tok] | None = None,
    *,
    fraction: bool = False,
    after: list[Tok] | None = None,
) -> str:
    """Qualifier from the words directly before the number; stops at the first other word.

    ``sentence_before`` (the sentence up to the number) tells "über" the preposition of "verfügen
    über" ("Es verfügt über 7,5 Stellen ... sowie über zwei Lehrkräfte") from the bound "über 100";
    "über die" is a bound only before a fraction ("über die Hälfte"), else a preposition ("über die
    fünf Bezirksregierungen").
    """
    has_verfuegen = _verfuegen_in_clause(sentence_before or before)
    best = "exact"
    i = len(before) - 1
    lows = [t.low for t in before[max(0, i - 2) :]]
    for phrase in _AMOUNT_PHRASE:
        if len(lows) >= len(phrase) and tuple(lows[-len(phrase) :]) == phrase:
            i -= len(phrase)
            break
    while i >= 0:
        w = before[i].low
        if i >= 1 and (before[i - 1].low, w) == ("über", "die") and not fraction:
            break
        if i >= 1 and (before[i - 1].low, w) in QUALIFIER_CUE_PAIRS:
            q = QUALIFIER_CUE_PAIRS[(before[i - 1].low, w)]
            best = q if QUALIFIER_RANK[q] > QUALIFIER_RANK[best] else best
            i -= 2
            continue
        if w in QUALIFIER_CUES:
            if w == "über" and (
                has_verfuegen
                or (i >= 1 and _NOT_QUAL_BEFORE_UEBER.match(before[i - 1].low))
                or (i == len(before) - 1 and after is not None and _verb_of_ueber_after(after))
            ):
                break
            if w == "unter" and i + 1 < len(before) and before[i + 1].low in _PARTITIVE_DET:
                break  # "Unter den 53 Kreisen": a partitive, no bound
            if w == "bis" and i >= 1 and before[i - 1].text[:1].isdigit():
                break  # "3 bis 5": a range, handled by the group
            q = QUALIFIER_CUES[w]
            best = q if QUALIFIER_RANK[q] > QUALIFIER_RANK[best] else best
            i -= 1
            continue
        if w in _FILLERS:
            i -= 1
            continue
        break
    return best


def range_role(text: str, n: NumberMention, members: list[NumberMention]) -> str:
    """'low'/'high' for the ends of "zwischen 3 und 5", "3 bis 5", "von 3 bis 5"; '' in a plain list."""
    if len(members) != 2:
        return ""
    joint = members[1].connector.lower()
    if joint in ("bis", "-", "–"):
        is_range = True
    elif joint == "und":
        lead = text[max(0, members[0].span_start - 12) : members[0].span_start].lower()
        is_range = lead.rstrip().endswith("zwischen")
    else:
        is_range = False
    if not is_range:
        return ""
    return "low" if n is members[0] else "high"
