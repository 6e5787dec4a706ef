"""The subject of a figure: a named programme, a district (gazetteer), else NRW."""

from __future__ import annotations

import re

from ..corpus.numbers import NumberMention
from .grammar import Context

_PROGRAMME = re.compile(
    r"(?P<name>KOMM-AN(?:[ ]NRW)?|KOMM-IN(?:[ ]NRW)?|NRWeltoffen|Einwanderung[ ]gestalten(?:[ ]NRW)?"
    r"|Gemeinsam[ ]klappt[’']?s|Durchstarten[ ]in[ ]Ausbildung[ ]und[ ]Arbeit|Griffbereit|Rucksack(?:[ ]KiTa|[ ]Schule)?"
    r"|Integrationschancen[ ]für[ ]Kinder)(?!\w)"
    r"|(?:Landes|Förder|Bundes)?[Pp]rogramms?[ ]„(?P<quoted>[^“”\"\n]{2,80})[“”\"]"
)


_PROGRAMME_HINTS = (
    "KOMM-",
    "NRWeltoffen",
    "Einwanderung",
    "klappt",
    "Durchstarten",
    "Griffbereit",
    "Rucksack",
    "Integrationschancen",
    "rogramm",
)


def subject_of(ctx: Context, n: NumberMention, si: int, measure: str, sentence: str) -> tuple[str, str]:
    s, e = ctx.sentences[si]
    if si not in ctx.programmes_by_sentence:
        ctx.programmes_by_sentence[si] = (
            [
                (m.start(), (m.group("name") or m.group("quoted")).strip())
                for m in _PROGRAMME.finditer(ctx.text, s, e)
            ]
            if any(h in sentence for h in _PROGRAMME_HINTS)
            else []
        )
    name = ""
    for start, found in ctx.programmes_by_sentence[si]:
        name = found
        if start > n.span_start:
            break
    if name and measure not in ("ki_count", "district_count"):
        return name, ""
    if measure in ("ki_count", "district_count") or ctx.gazetteer is None:
        return "NRW", ""
    if si not in ctx.districts_by_sentence:
        ctx.districts_by_sentence[si] = list(ctx.gazetteer.find(sentence))
    found = ctx.districts_by_sentence[si]
    ags = sorted({d.ags for d in found})
    if len(ags) == 1:
        name = found[0].name or found[0].surface
        return name, ags[0]
    return "NRW", ""
