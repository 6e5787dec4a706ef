"""Who pays: the nearest funding source in the figure's own part of the sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from ..corpus.numbers import NumberMention
from ..vocab import FUNDER_CUES, MINISTRY_DETAILS, MINISTRY_PREFIXES
from .grammar import own_stretch


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


def _match_starts(sentence: str) -> list[int]:
    """Where a funder's expression can start: the word (or the part of a hyphenated word) that holds a
    hint and the two words before it (every expression holds a hint in its first three words: "die
    Kommunen", "Eigenmittel der Kommunen", "vom Land"). Trying the expression there, not at every
    character, finds the same matches (speed)."""
    starts: set[int] = set()
    for h in _FUNDER_HINTS:
        i = sentence.find(h)
        while i >= 0:
            pos = i
            while pos > 0 and (sentence[pos - 1].isalnum() or sentence[pos - 1] == "_"):
                pos -= 1
            starts.add(pos)  # the part after a hyphen: "NRW-Landesregierung"
            for _ in range(3):
                while pos > 0 and (sentence[pos - 1].isalnum() or sentence[pos - 1] in "_-"):
                    pos -= 1
                starts.add(pos)
                while pos > 0 and not (sentence[pos - 1].isalnum() or sentence[pos - 1] in "_-"):
                    pos -= 1
                if pos <= 0:
                    break
            i = sentence.find(h, i + 1)
    return sorted(starts)


@lru_cache(maxsize=256)
def _funder_candidates_cached(sentence: str) -> tuple[tuple[int, int, str], ...]:
    out = []
    done = 0
    for p in _match_starts(sentence):
        if p < done:
            continue
        m = _FUNDERS.match(sentence, p)
        if m:
            out.append((m.start(), m.end(), _funder_name(m)))
            done = m.end()
    return tuple(out)


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
