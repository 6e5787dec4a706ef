"""Derived figures: rounded to the precision of their inputs, with an honest qualifier."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ki_analysis.tables import derived
from ki_analysis.tables.derived import Stated
from ki_analysis.tables.intervals import rounding_half_unit

RUND_39_4 = Stated(39_400_000, "approx", rounding_half_unit(39_400_000, "39,4"))


def test_an_approximate_total_per_centre_is_rounded():
    r = derived.quotient(RUND_39_4, Stated(49))
    assert (r.value, r.qualifier, r.step) == (800_000, "approx", 10_000)
    assert r.low == pytest.approx(38_562_000 / 49) and r.high == pytest.approx(40_238_000 / 49)


def test_exact_and_almost_parts_sum_to_almost():
    parts = [
        Stated(19_600_000, "exact", 50_000),
        Stated(14_500_000, "exact", 50_000),
        Stated(5_300_000, "almost", 50_000),
    ]
    r = derived.sum_of(parts)
    assert (r.value, r.qualifier) == (39_400_000, "almost")
    assert r.high == 39_400_000  # "fast" bounds the sum from above


def test_exact_inputs_are_not_rounded():
    r = derived.product(Stated(3.5, "exact", 0.05), Stated(53))
    assert (r.value, r.qualifier, r.step) == (185.5, "exact", 0.0)
    assert derived.quotient(Stated(39_400_000), Stated(49)).value == pytest.approx(804_081.632653)


def test_bounds_pass_on_in_the_right_direction():
    assert derived.product(Stated(100, "at_least"), Stated(2)).qualifier == "at_least"
    assert derived.quotient(Stated(100), Stated(50, "at_least")).qualifier == "at_most"
    assert derived.quotient(Stated(100), Stated(50, "almost")).qualifier == "at_least"
    assert derived.sum_of([Stated(5, "at_most"), Stated(3, "almost")]).qualifier == "at_most"
    assert derived.sum_of([Stated(5, "approx"), Stated(3, "almost")]).qualifier == "approx"


def test_an_upper_bound_is_rounded_up():
    r = derived.sum_of([Stated(1_230_000, "exact"), Stated(5_340_000, "almost", 5_000)])
    assert r.qualifier == "almost" and r.value >= 6_570_000 and r.value % r.step == 0


def test_formula_numbers_are_the_same_in_every_language():
    assert derived.plain(39_400_000.0) == "39 400 000"
    assert derived.plain(3.5) == "3.5" and derived.plain(49) == "49"


QUALIFIERS = st.sampled_from(["exact", "approx", "almost", "at_least", "at_most"])
FIGURES = st.builds(
    Stated, st.floats(min_value=1, max_value=1e9), QUALIFIERS, st.floats(min_value=0, max_value=1e5)
)


@given(st.lists(FIGURES, min_size=1, max_size=4))
def test_rounding_stays_within_what_the_inputs_allow(parts):
    r = derived.sum_of(parts)
    raw = math.fsum(p.value for p in parts)
    if r.step == 0:
        assert r.value == raw
    else:
        assert r.step <= r.high - r.low + 1e-6 * r.high  # never coarser than the spread
        assert abs(r.value - raw) <= r.step * (1 + 1e-9)  # moved by at most one step


@given(FIGURES, FIGURES)
def test_a_quotient_lies_in_its_range(a, b):
    r = derived.quotient(a, b)
    assert r.low <= a.value / b.value * (1 + 1e-12) and a.value / b.value <= r.high * (1 + 1e-12)
