"""German dates resolved against the document date, with precision and kind."""

from __future__ import annotations

import datetime as dt

import pytest

from ki_analysis.corpus.dates import find_dates

DOC = dt.date(2013, 12, 2)


def one(text: str, doc: dt.date | None = DOC) -> tuple[str, str | None, str, str, str]:
    found = find_dates(text, doc)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start : d.end] == d.text
    return d.text, d.date, d.date_end, d.precision, d.kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("am 09.12.2015 in Düren", ("09.12.2015", "2015-12-09", "", "day", "date")),
        ("Düren, 9. Dezember 2015.", ("9. Dezember 2015", "2015-12-09", "", "day", "date")),
        ("am 2. Dezember eröffnet", ("2. Dezember", "2013-12-02", "", "day", "date")),
        ("Seit dem 2. Dezember beheimatet", ("2. Dezember", "2013-12-02", "", "day", "since")),
        ("nach Mülheim Ende Oktober", ("Ende Oktober", "2013-10-01", "", "month", "date")),
        ("Im Juli wurde bewilligt", ("Im Juli", "2013-07-01", "", "month", "date")),
        ("im Dezember 2013 arbeiteten", ("im Dezember 2013", "2013-12-01", "", "month", "date")),
        ("Bereits seit 2012 fördert", ("2012", "2012-01-01", "", "year", "since")),
        ("Vor eineinhalb Jahren hatte", ("Vor eineinhalb Jahren", "2012-06-01", "", "month", "relative")),
        (
            "seit den 1980er Jahren gab",
            ("seit den 1980er Jahren", "1980-01-01", "1989-12-31", "decade", "since"),
        ),
        ("am 28. und 29. Juni 2016", ("28. und 29. Juni 2016", "2016-06-28", "2016-06-29", "day", "range")),
        ("2013 war ein gutes Jahr", ("2013", "2013-01-01", "", "year", "year")),
        ("des im Vorjahr verabschiedeten", ("im Vorjahr", "2012-01-01", "", "year", "relative")),
        (
            "in den beiden kommenden Jahren",
            ("in den beiden kommenden Jahren", "2014-01-01", "2015-12-31", "year", "period"),
        ),
        ("für das kommende Jahr", ("für das kommende Jahr", "2014-01-01", "", "year", "relative")),
        ("für drei Jahre", ("für drei Jahre", "2013-01-01", "2015-12-31", "year", "duration")),
        (
            "Innerhalb von nur eineinhalb Jahren",
            ("Innerhalb von nur eineinhalb Jahren", "2012-06-01", "2013-12-02", "month", "duration"),
        ),
        ("im Schuljahr 2016/17", ("2016/17", "2016-01-01", "2017-12-31", "year", "range")),
        (
            "Für die Jahre 2017 bis 2019",
            ("Für die Jahre 2017 bis 2019", "2017-01-01", "2019-12-31", "year", "range"),
        ),
        (
            "in den vergangenen beiden Jahren",
            ("in den vergangenen beiden Jahren", "2011-01-01", "2012-12-31", "year", "period"),
        ),
        ("haben heute eröffnet", ("heute", "2013-12-02", "", "day", "relative")),
    ],
)
def test_forms(text: str, expected: tuple) -> None:
    assert one(text) == expected


def test_year_before_a_previous_year() -> None:
    found = find_dates("2014 kamen 1.426 Menschen, im Jahr davor waren es 611.", DOC)
    assert [(d.text, d.date) for d in found] == [("2014", "2014-01-01"), ("im Jahr davor", "2013-01-01")]


@pytest.mark.parametrize(
    "text", ["es kamen 2000 Ehrenamtliche", "rund 2015 Euro", "August Müller sagte", "2.015 Menschen"]
)
def test_numbers_that_are_no_dates(text: str) -> None:
    assert find_dates(text, DOC) == []


def test_relative_dates_without_document_date() -> None:
    (d,) = find_dates("im Vorjahr", None)
    assert d.date is None and d.kind == "relative"
    (d,) = find_dates("am 2. Dezember", None)
    assert d.date is None and d.precision == "day"


def test_impossible_dates_are_skipped() -> None:
    assert find_dates("am 31.02.2015", DOC) == []


def test_bad_input_finishes() -> None:
    assert find_dates("", DOC) == []
    find_dates("1. " * 30_000 + "Dezember", DOC)
    find_dates("vor " * 30_000, DOC)
    find_dates("2013" * 25_000, DOC)


def _kinds(text: str, doc: dt.date = dt.date(2016, 2, 18)) -> list[tuple[str, str, str]]:
    return [(d.text, d.date or "", d.date_end or "") for d in find_dates(text, doc)]


def test_since_with_a_noun_between() -> None:
    (d,) = [d for d in find_dates("seit dem Projektstart 2014 ausgebildet", dt.date(2015, 12, 1)) if d.date]
    assert (d.kind, d.date) == ("since", "2014-01-01")


def test_for_the_current_school_year_without_n() -> None:
    (d,) = find_dates("Kosten für das laufende Schuljahr", dt.date(2016, 2, 18))
    assert (d.date, d.date_end) == ("2015-08-01", "2016-07-31")


def test_for_n_years_from_a_stated_start() -> None:
    got = [
        d
        for d in find_dates("Das Land stellt ab 2017 für drei Jahre Mittel bereit.", dt.date(2016, 5, 1))
        if d.kind == "duration"
    ]
    assert [(d.date, d.date_end) for d in got] == [("2017-01-01", "2019-12-31")]
