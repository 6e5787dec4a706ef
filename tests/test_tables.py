"""Derived tables on an invented corpus (tests/tables_fixture.py)."""
from __future__ import annotations

import pandas as pd
import pytest

import tables_fixture as tf
from ki_analysis import registry
from ki_analysis.tables import derive_tables, parse_period, shared_passage


@pytest.fixture(scope="module")
def tables():
    return derive_tables(None, tf.base(), None)


@pytest.mark.parametrize("name", ["documents", "facts", "rollout", "funding", "staffing", "checks",
                                  "districts"])
def test_every_table_matches_its_schema(tables, name):
    registry.schema(name).validate(tables[name])


def test_duplicates_and_copied_passages_are_one_statement(tables):
    r = tables["rollout"]
    twelve = r[r["ki_count"] == 12]
    assert len(twelve) == 1
    row = twelve.iloc[0]
    assert row["doc_ids"] == "2020-03-02_land_pdf; 2020-03-02_land_web; 2020-03_partei"
    assert row["n_sources"] == 3
    # the most precise source dates the statement
    assert row["as_of_date"] == pd.Timestamp("2020-03-02") and row["date_precision"] == "day"
    assert row["district_count"] == 30 and row["coverage_pct"] == 40.0


def test_conflicting_statements_stay_side_by_side(tables):
    r = tables["rollout"]
    year = r[r["as_of_date"].dt.year == 2021].sort_values("ki_count")
    assert year["ki_count"].tolist() == [28, 29]
    assert year["has_conflict"].tolist() == [True, True]
    assert not r[r["ki_count"] == 12]["has_conflict"].any()


def test_rejected_facts_are_left_out(tables):
    assert 99 not in tables["rollout"]["ki_count"].tolist()
    # but the facts table itself keeps them, marked
    facts = tables["facts"]
    assert (facts["curation_status"] == "rejected").sum() == 1


def test_unknown_period_is_kept_and_marked(tables):
    s = tables["staffing"]
    seven = s[(s["value"] == 7) & ~s["is_derived"]]
    assert len(seven) == 1 and bool(seven["has_unknown_period"].iloc[0])
    assert seven["as_of_date"].iloc[0] == pd.Timestamp("2021-01-01")


def test_funding_total_parts_and_shares(tables):
    f = tables["funding"].set_index("amount_eur")
    assert bool(f.loc[20_000_000, "is_total"])
    assert f.loc[11_200_000, "share_pct"] == 56.0
    assert f.loc[2_500_000, "share_pct"] == 12.5
    assert f.loc[2_500_000, "total_id"] == f.loc[20_000_000, "funding_id"]
    assert pd.isna(f.loc[4_250_000, "share_pct"])


def test_annual_amounts(tables):
    f = tables["funding"].set_index("amount_eur")
    assert bool(f.loc[4_250_000, "is_annual"]) is True
    assert bool(f.loc[20_000_000, "is_annual"]) is False


def test_per_centre_figures_give_derived_totals_with_formula(tables):
    s = tables["staffing"]
    d = s[s["is_derived"]].sort_values("value")
    assert d["formula"].tolist() == ["1.5 × 12", "3 × 12", "1.5 × 30", "3 × 30"]
    assert d["value"].tolist() == [18.0, 36.0, 45.0, 90.0]
    assert set(d["centre_basis"]) == {"ki_count", "district_count"}
    assert not d["per_unit"].any()


def test_empty_facts_give_empty_tables():
    base = {"documents": tf.documents(), "facts": tf.facts().iloc[0:0]}
    t = derive_tables(None, base, None)
    for name in ("rollout", "funding", "staffing", "checks"):
        assert len(t[name]) == 0
        registry.schema(name).validate(t[name])


def test_derive_is_deterministic():
    a = derive_tables(None, tf.base(), None)
    b = derive_tables(None, {k: v.sample(frac=1, random_state=1) for k, v in tf.base().items()}, None)
    for name in ("rollout", "funding", "staffing", "checks"):
        key = list(registry.table(name).primary_key)
        pd.testing.assert_frame_equal(a[name].sort_values(key).reset_index(drop=True),
                                      b[name].sort_values(key).reset_index(drop=True))


def test_parse_period():
    assert parse_period("2016") == (pd.Timestamp("2016-01-01"), "year")
    assert parse_period("2013-12") == (pd.Timestamp("2013-12-01"), "month")
    assert parse_period("2013-12-02") == (pd.Timestamp("2013-12-02"), "day")
    assert parse_period(None) == (None, None)


def test_shared_passage():
    a = "Das Ministerium investiert jährlich insgesamt 9,5 Mio. € in die Zentren; die Schule mehr."
    b = "Das Ministerium investiert jährlich insgesamt 9,5 Millionen Euro in die Zentren, die Schule mehr."
    assert shared_passage(a, b)
    assert not shared_passage(a, "Heute gibt es 9,5 Zentren im ganzen Land und noch viel mehr.")
