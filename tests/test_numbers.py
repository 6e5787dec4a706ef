"""German numerals: every form of the issue, the round trip, and inputs that must not hang."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ki_analysis.corpus.numbers import format_de, parse_number, parse_word, scan


def values(text: str) -> list[tuple[str, float | None]]:
    return [(n.text, n.value) for n in scan(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9,83", 9.83),
        ("181.727", 181727.0),
        ("57 000", 57000.0),
        ("114.000,00", 114000.0),
        ("1.000.000", 1000000.0),
        ("-1.234,5", -1234.5),
        ("9,83 Mio.", 9830000.0),
        ("4 Milliarden", 4e9),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["1 ,5", "1..000", "1.5", "abc", "", "1.0000"])
def test_parse_number_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("rund 39,4 Millionen Euro", 39.4e6, "EUR"),
        ("9,83 Mio. €", 9.83e6, "EUR"),
        ("1,2 Mrd. €", 1.2e9, "EUR"),
        ("EUR 2.500", 2500.0, "EUR"),
        ("€ 45.000", 45000.0, "EUR"),
        ("114.000,00 EUR", 114000.0, "EUR"),
        ("3 Tausend Euro", 3000.0, "EUR"),
        ("12 Prozent", 12.0, "percent"),
        ("40 %", 40.0, "percent"),
        ("57 000 Euro", 57000.0, "EUR"),
    ],
)
def test_scale_and_unit(text: str, value: float, unit: str) -> None:
    (n,) = scan(text)
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert text[n.span_start : n.span_end].endswith(("Euro", "€", "EUR", "Prozent", "%")) or unit == "EUR"


@pytest.mark.parametrize(
    "word, value",
    [
        ("zwei", 2),
        ("zwölf", 12),
        ("einundzwanzig", 21),
        ("dreißig", 30),
        ("hundert", 100),
        ("dreihundertfünfzig", 350),
        ("zweitausendvierhundert", 2400),
        ("eineinhalb", 1.5),
        ("anderthalb", 1.5),
        ("dreieinhalb", 3.5),
        ("halbe", 0.5),
        ("Dutzend", 12),
        ("Zwei", 2),
    ],
)
def test_number_words(word: str, value: float) -> None:
    assert parse_word(word) == (pytest.approx(value), "word")


@pytest.mark.parametrize(
    "word, value", [("dritten", 3), ("ersten", 1), ("zwanzigsten", 20), ("fünfzehnte", 15)]
)
def test_ordinal_words(word: str, value: float) -> None:
    assert parse_word(word) == (value, "ordinal")


@pytest.mark.parametrize(
    "word", ["Einrichtung", "Achtung", "Drittmittel", "einzige", "erst", "Hunderte", "eine"]
)
def test_words_that_are_no_numbers(word: str) -> None:
    assert parse_word(word) is None


def test_scale_words_after_number_words() -> None:
    assert values("vier Milliarden Euro") == [("vier Milliarden", 4e9)]
    assert values("eine Million Euro") == [("eine Million", 1e6)]
    assert values("die zugesagte Milliarde Euro") == [("Milliarde", 1e9)]


def test_fractions() -> None:
    assert values("zwei Drittel der Mittel") == [("zwei Drittel", pytest.approx(2 / 3))]
    assert values("die Hälfte") == [("Hälfte", 0.5)]
    assert values("ein Viertel davon") == [("ein Viertel", 0.25)]
    assert values("im Viertel am Hafen") == []  # a quarter of a town


def test_article_is_not_the_number_one() -> None:
    assert values("verfügen über ein Kommunales Integrationszentrum") == []
    assert values("eine halbe Stelle") == [("halbe", 0.5)]
    assert values("nur eine Kommune") == [("eine", 1.0)]


def test_lists_share_the_unit() -> None:
    found = scan("10.000, 15.000 oder 20.000 Euro")
    assert [n.value for n in found] == [10000, 15000, 20000]
    assert {n.unit for n in found} == {"EUR"}
    assert len({n.group for n in found}) == 1


def test_ranges_share_the_scale() -> None:
    found = scan("zwischen 3 und 5 Millionen Euro")
    assert [n.value for n in found] == [3e6, 5e6]
    assert [n.connector for n in found] == ["", "und"]


def test_digit_ordinals() -> None:
    (n,) = scan("das 50. Kommunale Integrationszentrum")
    assert (n.text, n.value, n.form) == ("50.", 50.0, "ordinal")
    (n,) = scan("in 47. Die Zahl")  # a sentence end, not an ordinal
    assert n.form == "digits"


def test_malformed_numerals_are_recorded_not_raised() -> None:
    found = scan("es sind 1 ,5 oder 1..000 Stellen")
    assert [(n.text, n.value, n.problem) for n in found] == [
        ("1 ,5", None, "malformed"),
        ("1..000", None, "malformed"),
    ]


def test_spans_cover_the_text() -> None:
    text = "Das Land gibt jährlich 9,83 Mio. € und zwei Lehrkräfte."
    for n in scan(text):
        assert text[n.start : n.end] == n.text
        assert n.span_start <= n.start < n.end <= n.span_end


# --------------------------------------------------------------------------- round trip


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip_integers(x: int) -> None:
    assert parse_number(format_de(x)) == x


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_round_trip_two_decimals(whole: int, cents: int) -> None:
    x = whole + cents / 100
    s = format_de(x, 2)
    assert "," in s and (whole < 1000 or "." in s)
    assert parse_number(s) == pytest.approx(x, rel=1e-12, abs=1e-9)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
@settings(max_examples=200)
def test_round_trip_floats(x: float) -> None:
    assert parse_number(format_de(x)) == pytest.approx(x, rel=1e-9, abs=1e-6)


@given(st.integers(min_value=0, max_value=10**9))
def test_scan_finds_formatted_numbers_in_a_sentence(x: int) -> None:
    found = scan(f"Es gibt {format_de(x)} Euro.")
    assert [n.value for n in found] == [x]


@given(st.text(alphabet="0123456789 .,-€%aeinzwdrMioEur", max_size=60))
def test_scan_never_raises(text: str) -> None:
    for n in scan(text):
        assert 0 <= n.start < n.end <= len(text)


# --------------------------------------------------------------------------- bad input


def test_empty_and_no_numbers() -> None:
    assert scan("") == []
    assert scan("Keine Zahl weit und breit.") == []


def test_hundred_thousand_digits() -> None:
    (n,) = scan("7" * 100_000)
    assert n.value is None and n.problem == "too_long"


def test_backtracking_bait_is_linear() -> None:
    # long runs that defeat naive nested-quantifier patterns; they must simply finish
    for bait in ("1." * 20_000, "1 " * 20_000 + ",", "einseinseins" * 10_000, "a@" * 50_000, "1..," * 10_000):
        scan(bait)


@pytest.mark.parametrize(
    "text, value, span",
    [
        ("Der Zuschuss beträgt 12.000,- € im Jahr.", 12000.0, "12.000,- €"),
        ("Es gibt EUR 800,-- als Pauschale.", 800.0, "EUR 800,--"),
        ("ein Preisgeld von 1.500,- Euro", 1500.0, "1.500,- Euro"),
    ],
)
def test_dash_cents_belong_to_the_amount(text: str, value: float, span: str) -> None:
    (n,) = [m for m in scan(text) if m.value is not None]
    assert (n.value, n.unit, text[n.span_start : n.span_end]) == (value, "EUR", span)


def test_dash_after_a_plain_number_is_no_amount() -> None:
    (n,) = scan("Es waren 12,- und nicht mehr.")
    assert n.unit is None and n.text == "12"


def test_change_from_to_shares_scale_and_unit() -> None:
    a, b = scan("Das Budget stieg von 1,1 auf 1,4 Mio. Euro.")
    assert (a.value, a.unit, b.value, b.unit) == (1.1e6, "EUR", 1.4e6, "EUR")
    assert a.group == b.group and b.connector == "auf"


def test_auf_without_von_or_um_joins_nothing() -> None:
    a, b = scan("Die Kosten steigen um 15 Prozent auf 1,3 Millionen Euro.")
    assert (a.unit, b.unit) == ("percent", "EUR") and a.group is None
    a, b = scan("Es sind 3 auf 1,2 Mio. Euro.")
    assert a.group is None and a.value == 3.0
