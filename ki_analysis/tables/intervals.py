"""The range of true values a stated figure allows: its qualifier and the digits it prints."""

from __future__ import annotations

import math
import re
from typing import Any

from ..vocab import QUALIFIER_BOUNDS, QUALIFIER_ROUNDED_ENDS
from .facts import is_missing


def rounding_half_unit(value: float, value_text: Any) -> float:
    """Half a unit of the last digit printed ("19,6 Millionen" -> 50 000), in base units."""
    if is_missing(value_text) or not value:
        return 0.0
    t = str(value_text).strip()
    m = re.search(r"\d[\d.\s]*(,\d+)?", t)
    if not m:
        return 0.0  # a number word: exact as written
    digits = m.group(0).replace(" ", "")
    decimals = len(m.group(1)) - 1 if m.group(1) else 0
    number = (
        float(digits.replace(".", "").replace(",", "."))
        if "," in digits or re.fullmatch(r"\d{1,3}(\.\d{3})+", digits)
        else float(digits)
    )
    if not number:
        return 0.0
    scale = value / number  # Millionen, Mio., Mrd.
    return 0.5 * 10 ** (-decimals) * scale


def interval(value: float, qualifier: Any, half_unit: float = 0.0) -> tuple[float, float]:
    """The range of true values a stated figure allows (``vocab.QUALIFIER_BOUNDS``), widened by
    half a unit of its last printed digit at the ends the text rounds."""
    q = qualifier if not is_missing(qualifier) else "exact"
    low, high = QUALIFIER_BOUNDS[q]
    round_low, round_high = QUALIFIER_ROUNDED_ENDS[q]
    lo = value * (1 + low) - (half_unit if round_low else 0.0)
    hi = value * (1 + high) + (half_unit if round_high else 0.0) if high != math.inf else math.inf
    return lo, hi


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(a[0] - b[1], b[0] - a[1], 0.0)
