"""Derived tables on an invented corpus (tests/tables_fixture.py)."""

from __future__ import annotations

import pandas as pd
import pytest
import tables_fixture as tf

from ki_analysis import registry, schema
from ki_analysis.tables import derive_tables
from ki_analysis.tables.facts import parse_period, shared_passage


@pytest.fixture(scope="module")
def tables():
    return derive_tables(tf.base())


@pytest.mark.parametrize(
    "name", ["documents", "facts", "rollout", "funding", "staffing", "checks", "districts"]
)
def test_every_table_matches_its_schema(tables, name):
    schema.validate(name, tables[name])


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
    assert (facts["review_status"] == "rejected").sum() == 1


def test_unknown_period_is_kept_and_marked(tables):
    s = tables["staffing"]
    seven = s[(s["value"] == 7) & ~s["is_derived"]]
    assert len(seven) == 1 and bool(seven["has_unknown_period"].iloc[0])
    assert seven["as_of_date"].iloc[0] == pd.Timestamp("2021-01-01")


def _stated(funding: pd.DataFrame) -> pd.DataFrame:
    return funding[~funding["is_derived"]]


def test_funding_total_parts_and_shares(tables):
    f = _stated(tables["funding"]).set_index("amount_eur")
    assert bool(f.loc[20_000_000, "is_total"])
    assert f.loc[11_200_000, "share_pct"] == 56.0
    assert f.loc[2_500_000, "share_pct"] == 12.5
    assert f.loc[2_500_000, "total_id"] == f.loc[20_000_000, "funding_id"]
    assert pd.isna(f.loc[4_250_000, "share_pct"])


def test_annual_amounts(tables):
    f = _stated(tables["funding"]).set_index("amount_eur")
    assert bool(f.loc[4_250_000, "is_annual"]) is True
    assert bool(f.loc[20_000_000, "is_annual"]) is False


def test_funding_sum_of_parts_is_a_derived_row(tables):
    f = tables["funding"].set_index("funding_id")
    total_id = f.index[f["is_total"]][0]
    row = f.loc[f"{total_id}*sum_of_parts"]
    # 11,2 + 6,3 + fast 2,5: the sum is at most 20,0 Mio., so "fast", rounded to 100 000
    assert row["amount_eur"] == 20_000_000 and row["qualifier"] == "almost"
    assert row["formula"] == "11 200 000 + 6 300 000 + < 2 500 000 EUR (2020)"
    assert bool(row["is_derived"]) and not bool(row["has_mixed_dates"]) and not bool(row["is_total"])
    assert pd.isna(row["total_id"]) and pd.isna(row["share_pct"])
    assert row["quote"] == f.loc[total_id, "quote"] and row["period"] == "2020"
    parts = f[f["total_id"] == total_id]
    assert row["fact_ids"] == "; ".join(sorted(parts["fact_ids"]))


def test_funding_amount_per_centre_is_a_derived_row(tables):
    f = tables["funding"].set_index("funding_id")
    total_id = f.index[f["is_total"]][0]
    row = f.loc[f"{total_id}*per_centre"]
    # rund 20,0 Mio. (±2 % and 50 000) / 12 centres: 1 629 167 to 1 704 167, so rounded to 10 000
    assert row["amount_eur"] == 1_670_000 and row["qualifier"] == "approx"
    assert row["formula"] == "≈ 20 000 000 EUR (2020) / 12 centres (as of 2020-03-02)"
    assert not bool(row["has_mixed_dates"])  # a count of March 2020 for the year 2020
    # every input's sources: the total's document and the three that state the count
    assert row["doc_ids"] == "2020-03-02_land_pdf; 2020-03-02_land_web; 2020-03_partei; 2021_land_bericht"
    assert row["n_sources"] == 4 and row["quote"] == f.loc[total_id, "quote"]
    assert len(f[f["is_derived"]]) == 2  # the annual 4,25 Mio. has no parts and is no total


def test_a_count_of_another_date_is_marked_mixed():
    facts = tf.facts()
    money = facts["measure"] == "funding_eur"
    facts.loc[money & facts["doc_id"].eq("2021_land_bericht"), ["period", "period_precision"]] = [
        "2020-06",
        "month",
    ]
    f = derive_tables({**tf.base(), "facts": facts})["funding"]
    row = f[f["funding_id"].str.endswith("*per_centre")].iloc[0]
    assert bool(row["has_mixed_dates"])
    assert row["formula"] == "≈ 20 000 000 EUR (2020-06) / 12 centres (as of 2020-03-02)"
    assert not f.loc[f["funding_id"].str.endswith("*sum_of_parts"), "has_mixed_dates"].any()


def test_no_count_before_the_period_no_amount_per_centre():
    facts = tf.facts()
    money = facts["measure"] == "funding_eur"
    facts.loc[money & facts["doc_id"].eq("2021_land_bericht"), "period"] = "2019"
    f = derive_tables({**tf.base(), "facts": facts})["funding"]
    assert not f["funding_id"].str.endswith("*per_centre").any()
    assert f["funding_id"].str.endswith("*sum_of_parts").sum() == 1


def test_per_centre_figures_give_derived_totals_with_formula(tables):
    s = tables["staffing"]
    d = s[s["is_derived"]].sort_values("value")
    assert d["formula"].tolist() == ["1.5 × 12", "3 × 12", "1.5 × 30", "3 × 30"]
    assert d["value"].tolist() == [18.0, 36.0, 45.0, 90.0]
    assert set(d["centre_basis"]) == {"ki_count", "district_count"}
    assert not d["per_unit"].any()
    assert not d["has_mixed_dates"].any() and not s["has_mixed_dates"].any()


def test_staffing_product_of_another_date_names_both_dates():
    facts = tf.facts()
    per = facts["per_unit"] & facts["measure"].eq("staff_positions")
    facts.loc[per, ["period", "period_precision"]] = ["2020-01", "month"]
    s = derive_tables({**tf.base(), "facts": facts})["staffing"]
    d = s[s["is_derived"] & s["measure"].eq("staff_positions")].sort_values("value")
    assert d["value"].tolist() == [18.0, 45.0]  # exact inputs: the products are not rounded
    assert d["has_mixed_dates"].all()
    assert d["formula"].tolist() == [
        "1.5 (2020-01) × 12 (as of 2020-03-02)",
        "1.5 (2020-01) × 30 (as of 2020-03-02)",
    ]


def test_empty_facts_give_empty_tables():
    base = {"documents": tf.documents(), "facts": tf.facts().iloc[0:0]}
    t = derive_tables(base)
    for name in ("rollout", "funding", "staffing", "checks"):
        assert len(t[name]) == 0
        schema.validate(name, t[name])


def test_derive_is_deterministic():
    a = derive_tables(tf.base())
    b = derive_tables({k: v.sample(frac=1, random_state=1) for k, v in tf.base().items()})
    for name in ("rollout", "funding", "staffing", "checks"):
        key = list(registry.table(name).primary_key)
        pd.testing.assert_frame_equal(
            a[name].sort_values(key).reset_index(drop=True), b[name].sort_values(key).reset_index(drop=True)
        )


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


# ------------------------------------------------------------------ the seed corpus
# Data regression tests on the project's own data/raw, with stated tolerances.
from pathlib import Path  # noqa: E402

#: Money figures are compared to 0.5 % (a rounding of the last printed digit).
MONEY_REL = 0.005


@pytest.fixture(scope="module")
def real():
    from ki_analysis import config
    from ki_analysis.build import build_tables
    from ki_analysis.corpus import read_corpus

    p = config.paths(Path(__file__).resolve().parent.parent)
    return build_tables(read_corpus(p.raw, root=p.root), p)


@pytest.mark.parametrize("name", ["rollout", "funding", "staffing", "checks", "facts", "documents"])
def test_seed_tables_match_schema(real, name):
    schema.validate(name, real[name])


def test_seed_rollout_design_card(real):
    r = real["rollout"]
    by_year = {
        y: sorted(set(g["ki_count"].dropna().astype(int))) for y, g in r.groupby(r["as_of_date"].dt.year)
    }
    assert by_year[2013] == [47]  # 47 of 53, December 2013
    assert 49 in by_year[2015]  # 49 working, December 2015
    assert 53 in by_year[2017]  # 53 of 54, 2017
    s2017 = r[(r["as_of_date"].dt.year == 2017) & (r["ki_count"] == 53)].iloc[0]
    assert s2017["district_count"] == 54
    assert s2017["coverage_pct"] == pytest.approx(53 / 54 * 100, abs=0.01)
    # the web and PDF editions state 49 once, with both sources
    s2015 = r[r["ki_count"] == 49]
    assert len(s2015) == 1 and s2015["n_sources"].iloc[0] == 2
    # the 47 of 53 statement copied by the party release is one row with both sources
    s47 = r[(r["ki_count"] == 47) & (r["district_count"] == 53)]
    assert s47["n_sources"].max() == 2


def test_seed_funding_totals_per_year(real):
    f = real["funding"]
    total2016 = f[(f["period"] == "2016") & f["is_total"]]
    assert len(total2016) == 1
    assert total2016["amount_eur"].iloc[0] == pytest.approx(39_400_000, rel=MONEY_REL)
    parts = f[f["total_id"] == total2016["funding_id"].iloc[0]]
    assert sorted(parts["amount_eur"].round(-5)) == [5_300_000, 14_500_000, 19_600_000]
    assert parts["share_pct"].sum() == pytest.approx(100, abs=0.5)
    annual = f[f["is_annual"]]
    assert annual["amount_eur"].round(-4).tolist() == [9_830_000]
    assert annual["n_sources"].iloc[0] == 2  # ministry release and the party copy


def test_seed_funding_derived_rows_are_rounded_to_their_inputs(real):
    f = real["funding"].set_index("funding_id")
    total_id = f.index[f["is_total"] & (f["period"] == "2016")][0]
    parts = f.loc[f"{total_id}*sum_of_parts"]
    assert (parts["amount_eur"], parts["qualifier"]) == (39_400_000, "almost")  # 19,6 + 14,5 + fast 5,3
    per = f.loc[f"{total_id}*per_centre"]
    # rund 39,4 Mio. € (2016) / 49 centres (Dec 2015) is about 804 082 €, known to ±17 000 €
    assert (per["amount_eur"], per["qualifier"]) == (800_000, "approx")
    assert per["formula"] == "≈ 39 400 000 EUR (2016) / 49 centres (as of 2015-12-09)"
    assert bool(per["has_mixed_dates"])


def test_seed_staffing_per_centre_and_derived(real):
    s = real["staffing"]
    per = s[s["per_unit"].fillna(False) & ~s["is_derived"]]
    assert sorted(per["value"]) == [2.0, 3.5]
    derived = s[s["is_derived"]]
    assert "2 × 53" in set(derived["formula"]) and "3.5 × 53" in set(derived["formula"])


def test_seed_checks_design_card(real):
    c = real["checks"]
    kinds = c.groupby("check_kind")["status"].apply(set).to_dict()
    assert kinds["parts_total"] == {"ok"}  # 19,6 + 14,5 + fast 5,3 vs rund 39,4
    assert "ok" in kinds["per_centre_total"]  # 2 × 53 vs über 100
    dc = c[c["check_id"] == "count_conflict:district_count"].iloc[0]
    assert dc["status"] == "conflict" and "Stadt Aachen" in dc["explanation"]
    assert "corroboration" in kinds
    assert not (c["status"] == "error").any()
    corr = c[c["check_kind"] == "corroboration"]["explanation"]
    assert corr.str.contains("one release in 2 editions").any()  # Düren web + PDF
    assert corr.str.contains("2 separate releases").any()  # MAIS and its SPD copy


def test_seed_package_is_deterministic_and_valid(real, tmp_path):
    import frictionless

    from ki_analysis.tables.package import serialise, write_package

    assert serialise(real) == serialise(real)
    write_package(real, tmp_path / "processed")
    report = frictionless.validate(str(tmp_path / "processed" / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]


def test_seed_row_counts(real):
    # stated tolerance: the seed corpus yields exactly these rows; a change is a reviewable diff
    assert len(real["documents"]) == 5
    assert len(real["districts"]) == 53
    assert len(real["rollout"]) == 3  # Dec 2013, Dec 2015, 2017
    # 9,83 Mio. annual; 2016 total and three parts; their sum and the amount per centre (derived)
    assert len(real["funding"]) == 7 and real["funding"]["is_derived"].sum() == 2
    assert (real["staffing"]["is_derived"]).sum() == 4


def test_bad_input_is_a_clear_error():
    from ki_analysis.errors import KiError

    with pytest.raises(KiError, match="needs a facts table"):
        derive_tables({"documents": tf.documents()})
    with pytest.raises(KiError, match="lacks required column.*measure"):
        derive_tables({"documents": tf.documents(), "facts": tf.facts().drop(columns=["measure"])})


def test_as_of_prefers_a_finer_document_date_inside_the_period():
    from ki_analysis.tables.facts import _as_of

    ts = pd.Timestamp
    # an annual figure in a dated release holds as of the release
    assert _as_of("2014", "2014-06-03", "day") == (ts("2014-06-03"), "day")
    # a figure for an earlier year keeps its year
    assert _as_of("2013", "2014-06-03", "day") == (ts("2013-01-01"), "year")
    # no period: the document's date, with its precision
    assert _as_of(None, "2014-06-01", "month") == (ts("2014-06-01"), "month")
    assert _as_of(None, None, None) == (None, None)


@pytest.mark.parametrize("second, is_total", [("200.000", True), ("150.000", False)])
def test_total_after_its_parts_needs_them_to_add_up(monkeypatch, second, is_total):
    doc = "2022-02-01_kreise"
    text = (
        f"Der Kreis A erhält 300.000 Euro. Der Kreis B erhält {second} Euro. "
        "Damit fließen insgesamt 500.000 Euro in die Region."
    )
    monkeypatch.setitem(tf.TEXTS, doc, text)
    docs = pd.DataFrame([{"doc_id": doc, "date": "2022-02-01", "date_precision": "day"}])
    value2 = float(second.replace(".", ""))
    facts = pd.DataFrame(
        [
            tf.fact(doc, "300.000", "funding_eur", 300_000, "EUR", period="2022"),
            tf.fact(doc, second, "funding_eur", value2, "EUR", period="2022"),
            tf.fact(doc, "500.000", "funding_eur", 500_000, "EUR", period="2022"),
        ]
    )
    funding = derive_tables({"documents": docs, "facts": facts})["funding"]
    f = _stated(funding).set_index("amount_eur")
    if is_total:
        assert bool(f.loc[500_000, "is_total"]) and f.loc[300_000, "share_pct"] == 60.0
        derived = funding[funding["is_derived"]]  # no count of centres: only the sum of the parts
        assert derived["formula"].tolist() == ["300 000 + 200 000 EUR (2022)"]
    else:  # 300 000 + 150 000 is not 500 000: without "davon" nothing is made a total
        assert not f["is_total"].any() and f["share_pct"].isna().all()
