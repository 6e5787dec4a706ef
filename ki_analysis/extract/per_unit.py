"""Per-unit figures: "jeweils", "je Kommune", "pro Zentrum", "jedes Zentrum", averages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..corpus.numbers import NumberMention
from .grammar import NEXT_WORD_CTX, Tok

_PER_AFTER = re.compile(
    r"^[ ]*(?:[a-zäöüß]+[ ]+){0,2}(?:(?:für|beim|bei|im|in|zur|zum)[ ]+(?:[a-zäöüß]+[ ]+)?(?:[A-ZÄÖÜ][\w-]*[ ]+){1,2})?"
    r"(?:pro|je)[ ]+(?:(?:Jahr|Monat|Woche)[ ]+und[ ]+)?(?P<noun>[A-ZÄÖÜ][\w-]*)|^[ ]*(?:für[ ]jede[nsr]?|in[ ]jede[mnr]?)[ ]+(?P<noun2>[A-ZÄÖÜ]?[\w-]+)"
)


_JEWEILS_AFTER = re.compile(r"[ ]*jeweils(?!\w)")


_INSGESAMT = re.compile(r"insgesamt(?!\w)")


_EACH_BEFORE = re.compile(
    r"(?<!\w)(?:[Ff]ür[ ]jede[nsrm]?|[Jj]ede[nsrm]?|[Pp]ro|[Jj]e)[ ](?:(?:der|des)[ ][^ ,.;]{1,20}[ ])?"
    r"(?:[a-zäöüß]+[ ])?(?P<noun>[A-ZÄÖÜ][\w-]*)"
)


_PERIOD_NOUNS = frozenset(
    {
        "jahr",
        "jahres",
        "jahre",
        "schuljahr",
        "haushaltsjahr",
        "kalenderjahr",
        "monat",
        "monats",
        "quartal",
        "halbjahr",
    }
)


_YEARS_BEFORE = re.compile(
    r"(?:Jahren|Jahre)[ ](?:19|20)\d\d|(?:19|20)\d\d[ ]?(?:bis|-|–)[ ]?(?:19|20)\d\d|jährlich"
)


_EACH_OF_THEM = re.compile(
    r"(?<!\w)[Jj]ede[nsrm]?[ ](?:von[ ](?:ihnen|den[ ]\w+|diesen)|einzelne[nsr]?)(?!\w)"
)


_EACH_WITH = re.compile(r"(?<!\w)[Jj]ede[rsnm]?[ ]mit(?!\w)")


_AVERAGE = re.compile(r"(?<!\w)(?:[Ii]m[ ]Durchschnitt|[Dd]urchschnittlich|[Ii]m[ ]Schnitt)(?!\w)")


_GRANT_RATE = re.compile(
    r"(?<!\w)(?:Projekte?n?|Vorhaben|Maßnahmen?|Anträge|Antrag|Initiativen?|Vereine?n?)(?!\w)"
)


def _follows_figure(text: str, pos: int, figure_ends: Iterable[int]) -> bool:
    """Does a "je"/"pro" at ``pos`` stand right after another figure (then it is that figure's rate)?
    Not after "und": "50.000 Euro je Stelle und je Zentrum 20.000 Euro" opens a new conjunct."""
    return any(
        0 <= pos - x <= 25 and "," not in text[x:pos] and not _AND_END.search(text[x:pos])
        for x in figure_ends
    )


_AND_END = re.compile(r"(?<!\w)(?:und|sowie)[ ]+$")


def cue_after(text: str, n: NumberMention, after: list[Tok], s_end: int) -> bool:
    """Does a per-unit cue follow the figure or its noun ("3,5 Stellen pro Zentrum")?"""
    ends = [n.span_end]
    for t in after[:4]:
        if t.text[:1].isupper():
            ends.append(t.end)
            break
    for head_end in ends:
        stretch = text[head_end : min(s_end, head_end + 70)]
        m = _PER_AFTER.match(stretch) if "je" in stretch or "pro" in stretch else None  # words it needs
        if m:
            noun = (m.group("noun") or m.group("noun2") or "").lower()
            if noun and noun not in _PERIOD_NOUNS:
                return True
    return False


# between two members of a coordination that one cue after the last distributes over: "3,5 Stellen
# und zwei Lehrerstellen pro Zentrum"
# (or "... und eine halbe Stelle ... je Zentrum", the article before a fraction)
COORDINATED = re.compile(r"[ ]+[A-ZÄÖÜ][\w-]*[ ]+(?:und|sowie)[ ]+(?:ein(?:e[mnr]?)?[ ]+)?$")


def is_per_unit(
    text: str,
    n: NumberMention,
    before: list[Tok],
    after: list[Tok],
    s_start: int,
    s_end: int,
    qualifier: str,
    is_range: bool,
    others: list[int],
    other_ends: Sequence[int] = (),
) -> bool:
    """Per centre / district / project: "jeweils", "je Kommune", "für jedes Zentrum", "im Durchschnitt"."""
    for t in before[-4:]:
        if t.low == "jeweils":
            # "in den Jahren 2019 bis 2021 jeweils 5 Mio. Euro": each year, not each unit
            return not _YEARS_BEFORE.search(text, max(s_start, n.span_start - 120), n.span_start)
        if t.low in ("je", "pro") and not _follows_figure(text, t.start, other_ends):
            nm = NEXT_WORD_CTX.match(text, t.end)
            nxt = nm.group(1).lower() if nm else ""
            # "je nach Einwohnerzahl" distributes nothing; "pro Jahr" is a period
            if nxt != "nach" and nxt not in _PERIOD_NOUNS:
                return True
    # after the figure or its noun: "40 Euro pro Teilnehmer", "3,5 Stellen pro Zentrum" (not "pro Jahr")
    if cue_after(text, n, after, s_end):
        return True
    head_end = n.span_end
    for t in after[:4]:
        if t.text[:1].isupper():
            head_end = t.end
            break
    if _JEWEILS_AFTER.match(text, head_end, min(s_end, head_end + 30)):
        return True
    # earlier in the sentence: "Das Land fördert jedes Zentrum mit ...", "Jedes der 53 Zentren erhält zwei ..."
    lo = max(s_start, n.span_start - 160)
    semi = text.rfind(";", lo, n.span_start)
    lo = semi + 1 if semi != -1 else lo
    total = _INSGESAMT.search(text, lo, n.span_start)
    if total is not None and not any(total.end() <= x < n.span_start for x in others):
        return False  # "insgesamt 216 Stellen": a total (not one of another figure before this one)
    # every match of the expressions below holds "je"/"Je" or "pro"/"Pro": look for these first (speed)
    has_je = text.find("je", lo, n.span_start) >= 0 or text.find("Je", lo, n.span_start) >= 0
    has_pro = text.find("pro", lo, n.span_start) >= 0 or text.find("Pro", lo, n.span_start) >= 0
    for m in _EACH_BEFORE.finditer(text, lo, n.span_start) if has_je or has_pro else ():
        if m.group("noun").lower() in _PERIOD_NOUNS or text[m.end() : m.end() + 1].isdigit():
            continue
        if m.group(0).lower().startswith("je nach"):
            continue
        if any(m.end() <= x < n.span_start for x in others):
            continue  # another figure stands between: "jedes Zentrum" belongs to that one
        if _follows_figure(text, m.start(), other_ends):
            continue  # "55.000 Euro je Stelle trägt zu 60 Prozent das Land": the rate of the figure before
        return True
    each = _EACH_OF_THEM.search(text, lo, n.span_start) if has_je else None
    if each is not None and not any(each.end() <= x < n.span_start for x in others):
        return True  # "Ab 2018 erhält jedes von ihnen eine weitere halbe Stelle"
    ew = _EACH_WITH.search(text, max(lo, n.span_start - 40), n.span_start) if has_je else None
    if ew is not None and not any(ew.end() <= x < n.span_start for x in others):
        return True  # "vier Kolleginnen, jede mit halber Stelle"
    if text.find("chnitt", lo, n.span_start) >= 0 and _AVERAGE.search(text, lo, n.span_start):
        return True
    # grants per project: "Projekte mit Beträgen zwischen 2.500 und 12.500 Euro", "Vorhaben mit bis zu 45.000 €"
    if (
        n.unit == "EUR"
        and (is_range or qualifier == "at_most")
        and _GRANT_RATE.search(text, max(s_start, n.span_start - 80), n.span_start)
    ):
        return True
    return False
