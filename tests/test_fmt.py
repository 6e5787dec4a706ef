"""Formatting is locale-independent and matches German / English conventions."""

from __future__ import annotations

import datetime as dt
import locale
import math

import pytest

from ki_analysis import fmt


@pytest.mark.parametrize(
    "value, de, en",
    [
        (19_600_000, "19,6\u00a0Mio.\u00a0€", "€19.6m"),
        (9_830_000, "9,83\u00a0Mio.\u00a0€", "€9.83m"),
        (39_400_000, "39,4\u00a0Mio.\u00a0€", "€39.4m"),
        (13_000_000, "13\u00a0Mio.\u00a0€", "€13m"),
        (4_000_000_000, "4\u00a0Mrd.\u00a0€", "€4bn"),
        (173_000, "173.000\u00a0€", "€173,000"),
        (999_999_999, "1\u00a0Mrd.\u00a0€", "€1bn"),
        (-2_500_000, "-2,5\u00a0Mio.\u00a0€", "-€2.5m"),
    ],
)
def test_fmt_eur(value, de, en):
    assert fmt.fmt_eur(value, "de") == de
    assert fmt.fmt_eur(value, "en") == en


def test_fmt_eur_fixed_decimals():
    assert fmt.fmt_eur(19_600_000, "de", decimals=2) == "19,60\u00a0Mio.\u00a0€"


@pytest.mark.parametrize(
    "value, de, en",
    [
        (181_727, "181.727", "181,727"),
        (53, "53", "53"),
        (1_000_000, "1.000.000", "1,000,000"),
        (3.5, "3,5", "3.5"),
        (0, "0", "0"),
    ],
)
def test_fmt_count(value, de, en):
    assert fmt.fmt_count(value, "de") == de
    assert fmt.fmt_count(value, "en") == en


def test_fmt_pct():
    assert fmt.fmt_pct(94.3, "de") == "94,3\u202f%"
    assert fmt.fmt_pct(94.3, "en") == "94.3%"
    assert fmt.fmt_pct(100, "en", decimals=0) == "100%"


def test_rounding_is_half_up_not_bankers():
    # float 5.25 and 0.125 are exact binaries; banker's rounding would give 5,2 / 0,12
    assert fmt.fmt_number(5.25, "de", 1) == "5,3"
    assert fmt.fmt_number(0.125, "en", 2) == "0.13"
    assert fmt.fmt_number(-0.001, "en", 1) == "0.0"


def test_missing_values():
    for v in (None, float("nan")):
        assert fmt.fmt_eur(v, "de") == fmt.MISSING
        assert fmt.fmt_count(v, "en") == fmt.MISSING
        assert fmt.fmt_date(v, "de") == fmt.MISSING
    assert fmt.fmt_value(float("nan"), "EUR", "de", "approx") == fmt.MISSING


def test_independent_of_os_locale():
    wanted = fmt.fmt_eur(19_600_000, "en"), fmt.fmt_count(181_727, "de")
    saved = locale.setlocale(locale.LC_ALL)  # query only; restored exactly below
    try:
        for name in ("de_DE.UTF-8", "C.UTF-8", "fr_FR.UTF-8"):
            try:
                locale.setlocale(locale.LC_ALL, name)
            except locale.Error:
                continue
            assert (fmt.fmt_eur(19_600_000, "en"), fmt.fmt_count(181_727, "de")) == wanted
    finally:
        # never leave the process in another locale: later tests open files with it
        locale.setlocale(locale.LC_ALL, saved)


@pytest.mark.parametrize(
    "value, precision, de, en",
    [
        (dt.date(2015, 12, 9), "day", "9. Dezember 2015", "9 December 2015"),
        ("2013-12", "month", "Dezember 2013", "December 2013"),
        ("2017", "year", "2017", "2017"),
        ("2017-07-01", "year", "2017", "2017"),
        ("1985-01-01", "decade", "1980er-Jahre", "1980s"),
        ("2016-03-01", "day", "1. März 2016", "1 March 2016"),
    ],
)
def test_fmt_date(value, precision, de, en):
    assert fmt.fmt_date(value, "de", precision) == de
    assert fmt.fmt_date(value, "en", precision) == en


def test_fmt_date_short():
    assert fmt.fmt_date_short("2015-12-09", "de") == "09.12.2015"
    assert fmt.fmt_date_short("2015-12-09", "en") == "9 Dec 2015"
    assert fmt.fmt_date_short("2013-12-01", "de", "month") == "12/2013"


def test_bad_inputs_are_clear_errors():
    with pytest.raises(ValueError, match="unsupported language"):
        fmt.fmt_eur(1, "fr")
    with pytest.raises(ValueError, match="precision"):
        fmt.fmt_date("2015-01-01", "de", "week")
    with pytest.raises(ValueError, match="not an ISO date"):
        fmt.fmt_date("gestern", "de")
    with pytest.raises(ValueError, match="unknown qualifier"):
        fmt.qualifier_symbol("roughly")
    with pytest.raises(ValueError, match="unknown vocabulary"):
        fmt.label("colour", "red")


def test_qualifiers_are_distinct_and_visible():
    symbols = [fmt.qualifier_symbol(q) for q in ("approx", "at_least", "at_most", "almost")]
    assert symbols == ["≈", ">", "≤", "<"]
    assert fmt.fmt_value(5_300_000, "EUR", "de", "almost") == "<\u00a05,3\u00a0Mio.\u00a0€"
    assert fmt.fmt_value(100, "count", "en", "at_least") == ">\u00a0100"
    assert fmt.fmt_value(39_400_000, "EUR", "de", "approx", symbol=False) == "rund\u00a039,4\u00a0Mio.\u00a0€"
    assert fmt.fmt_value(53, "count", "de", "exact") == "53"
    assert fmt.fmt_value(94.3, "percent", "en", None) == "94.3%"


def test_labels_come_from_the_vocabulary():
    assert fmt.label("measure", "ki_count", "en") == "municipal integration centres"
    assert fmt.label("funder", "something_new", "de") == "something_new"


def test_infinity_and_large_numbers():
    assert fmt.fmt_number(math.inf, "de") == "∞"
    assert fmt.fmt_count(10**15, "en") == "1,000,000,000,000,000"


def test_fmt_eur_below_a_million_in_whole_euros():
    assert fmt.fmt_eur(804_081.63, "de") == "804.082\u00a0€"
    assert fmt.fmt_eur(12.5, "en") == "€12.5"


def test_a_formula_is_worded_in_the_report_language_and_its_numbers_stay():
    text = "≈ 39 400 000 EUR (2016) / 49 centres (as of 2015-12-09)"
    assert fmt.formula(text, "de") == "≈ 39 400 000 EUR (2016) / 49 Zentren (Stand 2015-12-09)"
    assert fmt.formula(text, "en") == text
    assert (
        fmt.formula("3.5 (2013-12) × 47 (as of 2015-12-09)", "de") == "3.5 (2013-12) × 47 (Stand 2015-12-09)"
    )
    assert fmt.formula("1 + 2 EUR (period not stated)", "de") == "1 + 2 EUR (Zeitraum nicht genannt)"
    assert fmt.formula(None, "de") == ""
