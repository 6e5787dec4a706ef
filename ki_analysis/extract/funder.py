"""Who pays: the nearest funding source in the figure's own part of the sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from ..vocab import FUNDER_CUES, MINISTRY_DETAILS, MINISTRY_PREFIXES
from .grammar import own_stretch
from .numbers import NumberMention


def _funder_pattern() -> re.Pattern[str]:
    """One alternation of every funder's cues (``vocab.FUNDER_CUES``) and the ministries.

    The state comes last, after the ministries: a ministry named in a sentence is the more
    precise source.
    """
    groups = [f"(?P<f{i}>{cue})" for i, (code, cue) in enumerate(FUNDER_CUES.items()) if code != "Land"]
    ministry = (
        r"(?P<mins>(?:NRW-)?(?P<minpre>" + "|".join(MINISTRY_PREFIXES) + r")ministerium"
        r"|Ministerium[ ]für[ ](?P<minfor>[A-ZÄÖÜ][\w-]*(?:(?:,[ ]|[ ]und[ ])[A-ZÄÖÜ][\w-]*){0,5}))"
    )
    land = f"(?P<f{list(FUNDER_CUES).index('Land')}>{FUNDER_CUES['Land']})"
    return re.compile("|".join([*groups, ministry, land]))


_FUNDERS = _funder_pattern()


def _funder_name(m: re.Match[str]) -> str:
    """The ``funder`` value of a match: a funder code, or "Land (<ministry>)"."""
    if m.group("mins"):
        pre = m.group("minpre") or ""
        title = m.group("minfor") or ""
        for name, (prefix, words) in MINISTRY_DETAILS.items():
            if pre == prefix or any(w in title for w in words):
                return f"Land ({name})"
        if pre:
            return f"Land ({pre.capitalize()}ministerium)"
        return "Land (Ministerium für " + title.split(" und ")[0].split(",")[0].strip() + ")"
    return next(code for i, code in enumerate(FUNDER_CUES) if m.group(f"f{i}"))


_LINK_AFTER = re.compile(
    r"[ ]*(?:[A-ZÄÖÜ][\w-]*[ ]+)?(?:waren|sind|ist|war|kamen|kommen|kommt|kam|stammen|stammten|"
    r"stammt|entfielen|entfallen|aus|vom|von[ ]der|von[ ]den|durch|als)(?!\w)"
)


_FUNDER_HINTS = (
    "ommunal",
    "tiftung",
    "rittmittel",
    "EU",
    "Europ",
    "ESF",
    "AMIF",
    "Bund",
    "BAMF",
    "inisterium",
    "Land",
    "Kommunen",
    "Kreis",
    "Stadt",
    "eigenen",
    "Eigenanteil",
    "ushalt",
)


@lru_cache(maxsize=256)
def _funder_candidates_cached(sentence: str) -> tuple[tuple[int, int, str], ...]:
    if not any(h in sentence for h in _FUNDER_HINTS):
        return ()
    return tuple((m.start(), m.end(), _funder_name(m)) for m in _FUNDERS.finditer(sentence))


def funder_candidates(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Funding sources named in ``text[s:e]`` with absolute offsets (pass them to :func:`funder_of`
    once per sentence)."""
    return [(a + s, b + s, name) for a, b, name in _funder_candidates_cached(text[s:e])]


def funder_of(
    text: str,
    n: NumberMention,
    region: tuple[int, int],
    neighbours: list[NumberMention],
    candidates: list[tuple[int, int, str]] | None = None,
) -> str:
    """Funding source for a figure: in its own stretch between the neighbouring figures.

    "19,6 Mio. Euro aus den kommunalen Haushalten, 14,5 Mio. Euro waren Landesmittel": a linking
    word after the figure ("aus", "waren", "vom") points forward; otherwise the nearest source
    before the figure ("Das Integrationsministerium investiert 9,83 Mio. €") wins.
    """
    s, e = region
    cands = funder_candidates(text, s, e) if candidates is None else candidates
    if not cands:
        return ""
    lo, hi = own_stretch(n, neighbours, s, e)
    own = [c for c in cands if c[0] >= lo and c[1] <= hi]
    after = [c for c in own if c[0] >= n.span_end]
    if after and _LINK_AFTER.match(text, n.span_end):
        return after[0][2]
    before = [c for c in own if c[1] <= n.span_start] or [c for c in cands if c[1] <= n.span_start]
    if before:
        return before[-1][2]
    return after[0][2] if after else ""
