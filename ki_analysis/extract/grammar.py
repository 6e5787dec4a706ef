"""Tokens, clauses and the per-document context the figure rules share."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..corpus.dates import DateMention
from ..corpus.numbers import NumberMention, parse_word
from ..vocab import QUALIFIER_CUES

# a word keeps its dot only before a lower-case word or a digit ("ca. 250"), not at a sentence end
_TOKEN = re.compile(r"[\w§€%]+(?:[-.]\w+|,\d+)*(?:\.(?=[ ]?[a-zäöüß\d]))?|[^\w\s]")


class Tok:
    """A word or punctuation mark of a sentence, with its lower-case form (without a final dot)."""

    __slots__ = ("start", "end", "text", "low", "is_cap")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.low = text.lower().rstrip(".")
        self.is_cap = text[:1].isupper()

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r})"


# (lower-case form, is capitalised) of each word seen: words repeat, and tokens are made by the hundred
_WORD_INFO: dict[str, tuple[str, bool]] = {}
_MARKUP = frozenset(("*", "_", "#"))


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    info = _WORD_INFO
    if len(info) > 200_000:
        info.clear()  # bounded: a long-running process sees many words
    out = []
    new = Tok.__new__
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        li = info.get(w)
        if li is None:
            if w in _MARKUP:
                continue  # markup such as "**Kommunale Integrationszentren**" is no word
            li = info[w] = (w.lower().rstrip("."), w[:1].isupper())
        t = new(Tok)
        t.start, t.end = m.span()
        t.text = w
        t.low, t.is_cap = li
        out.append(t)
    return out


_ADJ_SUFFIX = (
    "ale",
    "alen",
    "aler",
    "ales",
    "isches",
    "liches",
    "iges",
    "enes",
    "tes",
    "eres",
    "ives",
    "ische",
    "ischen",
    "ischer",
    "liche",
    "lichen",
    "licher",
    "ige",
    "igen",
    "iger",
    "ene",
    "enen",
    "ener",
    "te",
    "ten",
    "ter",
    "weite",
    "weiten",
    "neue",
    "neuen",
    "neuer",
    "ere",
    "eren",
    "erer",
    "ive",
    "iven",
    "iver",
    "ste",
    "sten",
    "are",
    "aren",
)


NEW_WORDS = frozenset(
    {
        "neue",
        "neuen",
        "neuer",
        "neu",
        "weitere",
        "weiteren",
        "weiterer",
        "zusätzliche",
        "zusätzlichen",
        "zusätzlich",
        "neugegründete",
        "neugegründeten",
        "neu eröffnete",
    }
)


NEXT_WORD_CTX = re.compile(r"[ \u00a0]*(\w+)")


@dataclass
class Context:
    text: str
    doc_date: dt.date | None
    date_precision: str
    sentences: list[tuple[int, int]]
    dates: list[DateMention]
    gazetteer: Any
    has_ki_context: bool
    date_starts: list[int] = field(default_factory=list)
    prev_fact: tuple[str, str] | None = None
    prev_fact_at: int = -1  # start of the previous fact
    prev_period: tuple[str, str] = ("", "")  # period and its precision of the previous fact
    # (start, period, precision) of the facts so far
    fact_periods: list[tuple[int, str, str]] = field(default_factory=list)
    prev_fact_row: dict[str, Any] | None = None  # the previous fact's row (a cue after a list reaches it)
    prev_scale: float = 1.0  # scale word of the previous fact (Mio., Tsd.)
    per_unit_at: dict[int, int] = field(default_factory=dict)  # start -> end of per-unit facts
    sent_starts: list[int] = field(default_factory=list)
    table_periods: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (start, period, precision) of cells
    figures: list[NumberMention] = field(default_factory=list)
    _fig_starts: list[int] = field(default_factory=list)
    _tokens: dict[int, list[Tok]] = field(default_factory=dict)
    _tok_starts: dict[int, list[int]] = field(default_factory=dict)
    _periods: dict[int, tuple[str, str, str] | None] = field(default_factory=dict)
    districts_by_sentence: dict[int, list] = field(default_factory=dict)
    programmes_by_sentence: dict[int, list] = field(default_factory=dict)
    separators: dict[int, list[int]] = field(default_factory=dict)
    inherit_cache: dict[tuple[int, bool, bool], bool] = field(default_factory=dict)
    date_usable: dict[int, bool] = field(default_factory=dict)  # index of a date -> can it date a figure
    inherit_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    low_text: str | None = None  # the text in lower case, when that keeps every offset
    _funders: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)

    def funders_in(self, si: int) -> list[tuple[int, int, str]]:
        """Funding sources named in sentence ``si`` (found once per sentence)."""
        if si not in self._funders:
            from .funder import funder_candidates  # funder imports grammar

            s, e = self.sentences[si]
            self._funders[si] = funder_candidates(self.text, s, e)
        return self._funders[si]

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that holds ``pos`` (-1 before the first)."""
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def figure_before(self, n: NumberMention, sentences_back: int = 1) -> tuple[str, str] | None:
        """(measure, unit) of the fact right before ``n`` when it stands in the sentence of ``n`` or in
        one of the ``sentences_back`` before it: what an elliptic or referring number continues."""
        if self.prev_fact is None or not 0 <= self.prev_fact_at < n.span_start:
            return None
        if self.sentence_of(self.prev_fact_at) < self.sentence_of(n.span_start) - sentences_back:
            return None
        return self.prev_fact

    def figures_in(self, lo: int, hi: int) -> list[NumberMention]:
        if not self._fig_starts and self.figures:
            self._fig_starts = [f.span_start for f in self.figures]
        i, j = bisect.bisect_left(self._fig_starts, lo), bisect.bisect_left(self._fig_starts, hi)
        return self.figures[i:j]

    def token_starts(self, si: int) -> list[int]:
        if si not in self._tok_starts:
            self._tok_starts[si] = [t.start for t in self.tokens(si)]
        return self._tok_starts[si]

    def tokens(self, si: int) -> list[Tok]:
        if si not in self._tokens:
            s, e = self.sentences[si]
            self._tokens[si] = _tokens(self.text, s, e)
        return self._tokens[si]


_PREPS = frozenset(["vom", "von", "aus", "im", "in", "für", "mit", "an", "am", "zum", "zur", "bei", "beim"])


def adj_like(t: Tok) -> bool:
    return t.low.endswith(_ADJ_SUFFIX) or t.low in NEW_WORDS


_FINITE = frozenset(
    [
        "sind",
        "ist",
        "war",
        "waren",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "hat",
        "haben",
        "hatte",
        "hatten",
        "kommen",
        "kamen",
        "stammen",
        "stammten",
        "stehen",
        "standen",
        "gehen",
        "fließen",
        "flossen",
        "erhalten",
        "bekommen",
        "arbeiten",
        "leben",
        "liegen",
        "lagen",
        "gibt",
        "gab",
        "kann",
        "können",
        "soll",
        "sollen",
        "will",
        "wollen",
        "muss",
        "müssen",
        "engagieren",
        "entfallen",
        "entfielen",
        "tragen",
        "zahlen",
        "fördern",
        "investieren",
        "besuchen",
        "lernen",
        "warten",
        "bieten",
        "beraten",
        "bleiben",
        "blieben",
    ]
)


_NOT_VERB_T = frozenset(
    [
        "nicht",
        "seit",
        "bereits",
        "jetzt",
        "erst",
        "zuletzt",
        "insgesamt",
        "weit",
        "gut",
        "mit",
        "meist",
        "zunächst",
        "selbst",
        "sonst",
        "fast",
        "fest",
        "oft",
        "recht",
        "zurzeit",
        "derzeit",
        "samt",
        "statt",
        "anstatt",
        "breit",
        "bereit",
        "bisweilen",
        "etwa",
        "rund",
        "knapp",
        "genannt",
        "erwähnt",
    ]
)


_NOT_VERB_T = _NOT_VERB_T | frozenset(w for w in QUALIFIER_CUES if w.endswith("t") or w.endswith("s"))


def has_verb(toks: list[Tok]) -> bool:
    """Does a clause hold a finite verb (roughly: a known one, or a lower-case word ending in -t)?"""
    for t in toks:
        w = t.low
        if not t.text[:1].islower() or not w.isalpha():
            continue
        if w in _FINITE or (
            len(w) > 3
            and w.endswith("t")
            and w not in _NOT_VERB_T
            and not w.endswith(("weit", "zeit", "heit", "keit", "schaft"))
        ):
            return True
    return False


def clause_bounds(toks: list[Tok], i_before: int, i_after: int) -> tuple[int, int]:
    """Token index range of the clause around a number (commas, semicolons, dashes, colons)."""
    lo = i_before
    while lo > 0:
        if toks[lo - 1].text == ")":
            k = _short_bracket_open(toks, lo - 1)
            if k >= 0:  # "an das Kommunale Integrationszentrum (KI) Duisburg abgeordnet"
                lo = k
                continue
        if toks[lo - 1].text in (",", ";", "–", ":", "(", ")"):
            break
        lo -= 1
    hi = i_after
    while hi < len(toks):
        if toks[hi].text == "(":
            k = _short_bracket_close(toks, hi)
            if k >= 0:
                hi = k + 1
                continue
        if toks[hi].text in (",", ";", "–", ":", "(", ")"):
            break
        hi += 1
    return lo, hi


def _short_bracket_words(toks: list[Tok], lo: int, hi: int) -> bool:
    """Are ``toks[lo:hi]`` one or two words with no number (a bracketed name or abbreviation)?"""
    return 0 < hi - lo <= 2 and all(t.text[:1].isalpha() and not is_number_token(t) for t in toks[lo:hi])


def _short_bracket_close(toks: list[Tok], i: int) -> int:
    """The index of the ")" that closes the short bracket opened at ``i`` ("(KI)"), else -1."""
    for k in range(i + 1, min(len(toks), i + 4)):
        if toks[k].text == ")":
            return k if _short_bracket_words(toks, i + 1, k) else -1
    return -1


def _short_bracket_open(toks: list[Tok], i: int) -> int:
    """The index of the "(" that opens the short bracket closed at ``i``, else -1."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if toks[k].text == "(":
            return k if _short_bracket_words(toks, k + 1, i) else -1
    return -1


def is_number_token(t: Tok) -> bool:
    s = t.text.rstrip(".")
    if s[:1].isdigit():
        return True
    p = parse_word(s)
    return p is not None and p[1] == "word"


def own_stretch(n: NumberMention, neighbours: list[NumberMention], s: int, e: int) -> tuple[int, int]:
    """From the end of the previous figure (or ``s``) to the start of the next one (or ``e``)."""
    lo, hi = s, e
    for x in neighbours:
        if x.span_end <= n.span_start:
            lo = max(lo, x.span_end)
        elif x.span_start >= n.span_end:
            hi = min(hi, x.span_start)
            break
    return lo, hi
