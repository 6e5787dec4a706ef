"""Small hand-made tables in the registry's columns, for chart tests (no build needed).

The figures are invented for the tests (round numbers, not the seeds' figures), so a
test can state exactly what each chart must carry.
"""

from __future__ import annotations

import pandas as pd

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["d2013", "d2013b", "d2015", "d2017"],
        "title": ["Eröffnung", "Abgeordnete", "Besuch", "Sommertour"],
        "publisher": ["Ministerium A", "Partei B", "Ministerium C", "Ministerium D"],
        "publisher_short": ["MA", "PB", "MC", "MD"],
        "kind": ["ministry", "party", "ministry", "ministry"],
        "date": pd.to_datetime(["2013-12-02", "2013-12-01", "2015-12-09", "2017-07-01"]),
        "date_precision": ["day", "month", "day", "year"],
        "date_earliest": pd.to_datetime([None, "2013-12-02", None, "2017-07-01"]),
        "date_latest": pd.to_datetime([None, "2013-12-31", None, "2017-09-30"]),
        "url": [None, None, None, None],
        "duplicate_cluster": ["c1", "c2", "c3", "c4"],
    }
)

ROLLOUT = pd.DataFrame(
    {
        "statement_id": ["s1", "s2", "s3"],
        "as_of_date": pd.to_datetime(["2013-12-02", "2015-12-09", "2017-07-01"]),
        "date_precision": ["day", "day", "year"],
        "ki_count": pd.array([40, 45, 50], dtype="Int64"),
        "district_count": pd.array([50, pd.NA, 50], dtype="Int64"),
        "coverage_pct": pd.array([80.0, pd.NA, 100.0], dtype="Float64"),
        "qualifier": ["exact", "approx", "exact"],
        "doc_ids": ["d2013; d2013b", "d2015", "d2017"],
    }
)

EVENTS = pd.DataFrame(
    {
        "event_id": ["e1", "e2", "e3", "e4"],
        "event_type": ["law_passed", "office_opened", "visit_done", "visit_planned"],
        "date": pd.to_datetime(["2012-02-01", "2013-12-02", "2017-07-01", None]),
        "date_precision": ["month", "day", "year", None],
        "district_ags": [None, "05913", "05170", "05358"],
        "is_planned": [False, False, False, True],
        "doc_id": ["d2013b", "d2013", "d2017", "d2017"],
        "source_doc_ids": ["d2013b", "d2013", "d2017", "d2017"],
    }
)

FUNDING = pd.DataFrame(
    {
        "funding_id": ["f_tot", "f_k", "f_l", "f_s", "f_m", "f_tot*sum_of_parts", "f_tot*per_centre"],
        "period": ["2016", "2016", "2016", "2016", "2017", "2016", "2016"],
        "funder": ["", "kommunal", "Land", "Stiftungs- und Drittmittel", "MSW", "", ""],
        "amount_eur": [
            40_000_000.0,
            20_000_000.0,
            15_000_000.0,
            5_000_000.0,
            10_000_000.0,
            40_000_000.0,
            890_000.0,
        ],
        "qualifier": ["approx", "exact", "exact", "almost", "exact", "almost", "approx"],
        "is_annual": [False, False, False, False, True, False, False],
        "is_total": [True, False, False, False, False, False, False],
        "share_pct": [pd.NA, 50.0, 37.5, 12.5, pd.NA, pd.NA, pd.NA],
        "total_id": [pd.NA, "f_tot", "f_tot", "f_tot", pd.NA, pd.NA, pd.NA],
        # the derived rows as the funding table has them (the chart only draws them)
        "is_derived": [False, False, False, False, False, True, True],
        "formula": [
            pd.NA,
            pd.NA,
            pd.NA,
            pd.NA,
            pd.NA,
            "20 000 000 + 15 000 000 + < 5 000 000 EUR (2016)",
            "≈ 40 000 000 EUR (2016) / ≈ 45 centres (as of 2015-12-09)",
        ],
        "has_mixed_dates": [False, False, False, False, False, False, True],
        "doc_ids": ["d2017", "d2017", "d2017", "d2017", "d2015", "d2017", "d2015; d2017"],
    }
)

STAFFING = pd.DataFrame(
    {
        "staffing_id": ["p1", "p2", "p3", "p1*ki_count", "p2*ki_count"],
        "as_of_date": pd.to_datetime(["2015-12-09"] * 5),
        "measure": ["staff_positions", "teachers", "teachers", "staff_positions", "teachers"],
        "value": [4.0, 2.0, 90.0, 200.0, 100.0],
        "unit": ["FTE", "count", "count", "FTE", "count"],
        "qualifier": ["exact", "exact", "at_least", "exact", "exact"],
        "per_unit": [True, True, False, False, False],
        "is_derived": [False, False, False, True, True],
        "formula": [None, None, None, "4 × 50", "2 × 50"],
        "has_mixed_dates": [False, False, False, False, False],
        "centre_count": pd.array([pd.NA, pd.NA, pd.NA, 50, 50], dtype="Int64"),
        "doc_ids": ["d2015", "d2015", "d2015", "d2015", "d2015"],
    }
)

MENTIONS = pd.DataFrame(
    {
        "doc_id": ["d2015", "d2015", "d2017", "d2017", "d2013"],
        "start": [1, 50, 3, 80, 9],
        "end": [5, 55, 8, 85, 15],
        "district_ags": ["05358", "05358", "05170", "05358", "05913"],
        "district_name": ["Düren", "Düren", "Wesel", "Düren", "Dortmund"],
    }
)

CHECKS = pd.DataFrame(
    {
        "check_id": ["c1", "c2", "c3", "c4"],
        "check_kind": ["parts_total", "per_centre_total", "count_conflict", "corroboration"],
        "status": ["ok", "ok", "conflict", "ok"],
        "doc_ids": ["d2017", "d2015", "d2013; d2017", "d2013; d2013b"],
        "explanation": ["a", "b", "c", "d"],
    }
)

NUMBERS = pd.DataFrame(
    {
        "doc_id": ["d2013", "d2013", "d2015", "d2015", "d2017"],
        "disposition": ["fact", "date", "fact", "ignored", "fact"],
    }
)

TABLES = {
    "documents": DOCUMENTS,
    "rollout": ROLLOUT,
    "events": EVENTS,
    "funding": FUNDING,
    "staffing": STAFFING,
    "mentions": MENTIONS,
    "checks": CHECKS,
    "numbers": NUMBERS,
}


def districts_from(shapes) -> pd.DataFrame:
    """The districts table as load("districts") gives it, built from the boundaries."""
    return pd.DataFrame(
        {
            "district_ags": [s.ags for s in shapes],
            "district_name": [s.name for s in shapes],
            "regierungsbezirk": [s.regierungsbezirk for s in shapes],
        }
    )
