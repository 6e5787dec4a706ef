"""Figures computed from stated ones (sum of parts, amount per centre, per centre × centres):
their value rounded to what the inputs allow, and an honest qualifier.

A derived figure cannot be more precise than its inputs. Each input is read as the range its
qualifier allows (``tables.intervals.interval``); the derived range follows from them, and the
value is rounded to the power of ten not larger than that range's width: "rund 39,4 Mio. €"
divided by 49 centres is "≈ 800 000 €", not "804 082 €". A figure the text states without a
qualifier is taken as stated, so exact inputs give an unrounded result ("3,5 × 53 = 185,5").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from .facts import is_missing
from .intervals import interval

#: A bound ("über 100", "bis zu 5") is exact at its stated end; it widens nothing.
_BOUNDS = frozenset({"at_least", "at_most"})
#: The qualifier a divisor passes on: dividing by "über 50" gives at most the quotient.
_DIVISOR = {
    "exact": "exact",
    "approx": "approx",
    "almost": "at_least",
    "at_least": "at_most",
    "at_most": "at_least",
}
#: Rounding keeps a bound true: an upper bound is rounded up, a lower bound down.
_ROUNDING = {"almost": ROUND_CEILING, "at_most": ROUND_CEILING, "at_least": ROUND_FLOOR}


@dataclass(frozen=True)
class Stated:
    """An input: a stated figure, its qualifier and half a unit of its last printed digit."""

    value: float
    qualifier: str = "exact"
    half_unit: float = 0.0

    @property
    def q(self) -> str:
        return "exact" if is_missing(self.qualifier) else str(self.qualifier)

    def spread(self) -> tuple[float, float]:
        """The values this input allows, for the precision of what is computed from it."""
        if self.q == "exact" or self.q in _BOUNDS:
            return self.value, self.value
        lo, hi = interval(self.value, self.q, self.half_unit)
        return max(lo, 0.0), hi  # amounts and counts are not negative


@dataclass(frozen=True)
class Derived:
    """A computed figure: ``value`` rounded to ``step`` (0: not rounded), its qualifier and
    the range ``low``..``high`` its inputs allow."""

    value: float
    qualifier: str
    low: float
    high: float
    step: float


def combined_qualifier(qualifiers: Iterable[str]) -> str:
    """The qualifier of a figure computed from inputs with these qualifiers (in the direction
    they act: a divisor's is turned by ``_DIVISOR`` first). Exact and "fast" parts give "fast";
    one kind of qualifier passes on; an upper bound with "fast" stays an upper bound; any other
    mix is "rund"."""
    qs = {q for q in qualifiers if q != "exact"}
    if not qs:
        return "exact"
    if len(qs) == 1:
        return qs.pop()
    if qs <= {"almost", "at_most"}:
        return "at_most"
    return "approx"


def rounded(value: float, low: float, high: float, qualifier: str) -> tuple[float, float]:
    """(``value`` rounded to the power of ten not larger than ``high - low``, that power)."""
    width = high - low
    if not width > 0 or math.isinf(width):
        return value, 0.0
    exponent = math.floor(math.log10(width))
    step = Decimal(1).scaleb(exponent)
    d = (Decimal(repr(value)) / step).quantize(Decimal(1), rounding=_ROUNDING.get(qualifier, ROUND_HALF_UP))
    return float(d * step), float(step)


def _derived(value: float, low: float, high: float, qualifier: str) -> Derived:
    v, step = rounded(value, low, high, qualifier)
    return Derived(v, qualifier, low, high, step)


def sum_of(parts: Iterable[Stated]) -> Derived:
    """The sum of stated parts."""
    parts = list(parts)
    spreads = [p.spread() for p in parts]
    return _derived(
        math.fsum(p.value for p in parts),
        math.fsum(lo for lo, _ in spreads),
        math.fsum(hi for _, hi in spreads),
        combined_qualifier(p.q for p in parts),
    )


def product(a: Stated, b: Stated) -> Derived:
    """``a × b`` of two positive figures (a per-centre figure times a number of centres)."""
    (a_lo, a_hi), (b_lo, b_hi) = a.spread(), b.spread()
    return _derived(a.value * b.value, a_lo * b_lo, a_hi * b_hi, combined_qualifier([a.q, b.q]))


def quotient(a: Stated, b: Stated) -> Derived:
    """``a / b`` of two positive figures (a total divided by a number of centres)."""
    (a_lo, a_hi), (b_lo, b_hi) = a.spread(), b.spread()
    high = a_hi / b_lo if b_lo > 0 else math.inf
    return _derived(a.value / b.value, a_lo / b_hi, high, combined_qualifier([a.q, _DIVISOR[b.q]]))


def plain(value: Any) -> str:
    """A number in a formula, the same in every language (as the checks write them): thousands
    grouped by spaces, a point for decimals: "39 400 000", "3.5", "49"."""
    v = float(value)
    return f"{int(v):,}".replace(",", " ") if v.is_integer() else f"{v:.12g}"
