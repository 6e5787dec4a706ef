"""Reconciliation rows on an invented corpus and on hand-made tables."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest
import tables_fixture as tf
from hypothesis import given
from hypothesis import strategies as st

from ki_analysis import schema
from ki_analysis.tables import checks, derive_tables
from ki_analysis.vocab import QUALIFIER_BOUNDS


@pytest.fixture(scope="module")
def result():
    return derive_tables(tf.base())["checks"].set_index("check_id")


def test_rounding_half_unit():
    assert checks.rounding_half_unit(19_600_000, "19,6") == pytest.approx(50_000)
    assert checks.rounding_half_unit(181_727, "181.727") == pytest.approx(0.5)
    assert checks.rounding_half_unit(2, "zwei") == 0.0


def test_intervals_follow_the_qualifiers():
    assert checks.interval(100, "at_least") == (100, math.inf)
    assert checks.interval(100, "at_most") == (0, 100)
    lo, hi = checks.interval(100, "almost")
    assert hi == 100 and lo == pytest.approx(100 * (1 + QUALIFIER_BOUNDS["almost"][0]))
    lo, hi = checks.interval(100, "approx", 0.5)
    assert lo == pytest.approx(100 * (1 - QUALIFIER_BOUNDS["approx"][1]) - 0.5)


def test_parts_agree_with_total(result):
    rows = result[result["check_kind"] == "parts_total"]
    assert len(rows) == 1  # the derived sum of the parts is no second total, nor a part
    row = rows.iloc[0]
    assert row["status"] == "ok"
    assert row["observed"] == 20_000_000 and row["expected"] == 20_000_000
    # qualifiers worded by the vocabulary, in the language of the explanation
    assert "(11 200 000 + 6 300 000 + almost 2 500 000 EUR)" in row["explanation"]
    assert "total of about 20 000 000 EUR" in row["explanation"]


def test_derived_rows_are_not_checked_as_stated_figures(result):
    assert not any("*" in i for i in result.index if not i.startswith("per_centre_total"))
    t = derive_tables(tf.base())
    assert t["funding"]["is_derived"].sum() == 2 and t["funding"]["n_sources"].max() == 4
    stated_only = dict(t, funding=t["funding"][~t["funding"]["is_derived"]])
    pd.testing.assert_frame_equal(checks.reconcile(stated_only), t["checks"])


def test_no_german_qualifier_words_in_the_english_checks(result):
    text = " ".join(result["explanation"]) + " ".join(result["values"].dropna())
    for word in ("rund", "fast", "über", "bis zu", "mindestens"):
        assert f"{word} " not in text


def test_every_check_is_worded_in_german_too(result):
    """``values_de``/``explanation_de``: the same checks for German readers and reports, with
    German qualifier words, "€" and a decimal comma, and no English qualifier word left."""
    assert result["explanation_de"].notna().all()
    row = result[result["check_kind"] == "parts_total"].iloc[0]
    assert "(11 200 000 + 6 300 000 + fast 2 500 000 €)" in row["explanation_de"]
    assert "Summe von rund 20 000 000 €" in row["explanation_de"]
    assert row["values_de"].startswith("11 200 000 + 6 300 000 + fast 2 500 000 = ")
    row = result[result["check_kind"] == "per_centre_total"].iloc[0]
    assert "3 × 30 = 90 (Kreise: passt)" in row["explanation_de"]
    assert "Stadt Aachen" in result.loc["count_conflict:district_count", "explanation_de"]
    text = " ".join(result["explanation_de"]) + " ".join(result["values_de"].dropna())
    for word in ("about ", "over ", "almost ", "up to ", " EUR", "centres", "districts", " agree"):
        assert word not in text, word
    assert (
        checks.fmt(3.5, "de") == "3,5" and checks.fmt(3.5) == "3.5" and checks.fmt(1e6, "de") == "1 000 000"
    )


def test_parts_that_do_not_add_up_are_a_conflict():
    f = tf.facts()
    f.loc[f["value"] == 6_300_000, "value"] = 8_300_000
    t = derive_tables({**tf.base(), "facts": f})
    row = t["checks"][t["checks"]["check_kind"] == "parts_total"].iloc[0]
    assert row["status"] == "conflict" and "do not add up" in row["explanation"]


def test_per_centre_against_stated_total(result):
    row = result[result["check_kind"] == "per_centre_total"].iloc[0]
    assert row["status"] == "ok"  # 3 × 30 = 90 ≥ 80, although 3 × 12 = 36 is not
    assert "3 × 30 = 90 (districts: agrees)" in row["explanation"]
    assert "3 × 12 = 36 (centres: disagrees)" in row["explanation"]


def test_district_counts_conflict_is_explained(result):
    row = result.loc["count_conflict:district_count"]
    assert row["status"] == "conflict"
    assert "Stadt Aachen" in row["explanation"]


def test_district_conflict_without_reference_is_not_explained_by_aachen():
    base = {k: v for k, v in tf.base().items() if k != "districts"}
    c = derive_tables(base)["checks"].set_index("check_id")
    assert "Aachen" not in c.loc["count_conflict:district_count", "explanation"]


def test_centre_count_conflict_lists_both(result):
    row = result.loc["count_conflict:ki_count:2021"]
    assert row["status"] == "conflict"
    assert "2021_land_bericht" in row["doc_ids"] and "2021_partei_b" in row["doc_ids"]


def test_corroboration_and_unknown_period(result):
    corr = result[result["check_kind"] == "corroboration"]
    assert len(corr) == 1
    # web + PDF edition of one release, plus a party release that copies the sentence
    assert "2 separate releases, 3 documents" in corr.iloc[0]["explanation"]
    unknown = result[result["check_kind"] == "unknown_period"]
    assert len(unknown) == 1 and unknown.iloc[0]["status"] == "warn"


def test_fact_of_unknown_document_is_an_error():
    f = pd.concat([tf.facts(), tf.facts().iloc[[0]].assign(doc_id="ghost", fact_id="ghost:1-2:ki_count")])
    c = derive_tables({**tf.base(), "facts": f})["checks"]
    assert (c["status"] == "error").sum() == 1


def test_checks_are_stable_and_valid(result):
    schema.validate("checks", result.reset_index())
    again = derive_tables(tf.base())["checks"]
    assert again["check_id"].tolist() == sorted(result.index.tolist())


def test_format_table_is_aligned():
    c = derive_tables(tf.base())["checks"]
    text = checks.format_table(c, width=90)
    lines = text.splitlines()
    assert lines[0].startswith("Status")
    assert max(len(line) for line in lines) <= 90
    assert lines[-1] == "3 consistent, 1 to review, 2 conflict, 0 error"
    # status and kind are worded as in charts and reports (the vocabulary's labels)
    assert any(line.startswith("to review   unknown period  ") for line in lines)
    assert not any(line.startswith(("warn ", "ok ", "unknown_period")) for line in lines)


def test_ki_check_exit_codes(tmp_path, capsys, monkeypatch):
    from ki_analysis.tables.package import write_package

    root = tmp_path / "proj"
    tables = derive_tables(tf.base())
    write_package(tables, root / "data" / "processed")
    monkeypatch.setenv("KI_ROOT", str(root))
    assert checks.main(SimpleNamespace()) == 0  # conflicts are documented, not errors
    out = capsys.readouterr().out
    assert "conflict" in out and "0 error" in out
    f = pd.concat([tables["facts"], tables["facts"].iloc[[0]].assign(doc_id="ghost", fact_id="g:1-2:x")])
    write_package({**tables, "facts": f}, root / "data" / "processed")
    assert checks.main(SimpleNamespace()) == 1
    assert "1 error" in capsys.readouterr().out


def test_ki_check_without_data_is_a_clear_error(tmp_path, monkeypatch):
    from ki_analysis.errors import KiError

    monkeypatch.setenv("KI_ROOT", str(tmp_path))
    with pytest.raises(KiError, match="make data"):
        checks.main(SimpleNamespace())


@given(
    st.floats(min_value=0.01, max_value=1e10),
    st.sampled_from(["exact", "approx", "at_least", "at_most", "almost", None]),
    st.floats(min_value=0, max_value=1e6),
)
def test_a_stated_figure_lies_in_its_own_interval(value, qualifier, half_unit):
    lo, hi = checks.interval(value, qualifier, half_unit)
    assert lo <= value <= hi


@given(st.lists(st.floats(min_value=1, max_value=1e8), min_size=2, max_size=5))
def test_exact_parts_always_agree_with_their_exact_sum(parts):
    total = sum(parts)
    lo = sum(checks.interval(p, "exact")[0] for p in parts)
    hi = sum(checks.interval(p, "exact")[1] for p in parts)
    assert checks._status((lo, hi), checks.interval(total, "approx"), total) == "ok"
