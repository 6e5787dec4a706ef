"""The metadata registry: one definition per field, schemas and metadata generated from it."""

from __future__ import annotations

import pandas as pd
import pytest

from ki_analysis import registry as r
from ki_analysis import schema
from ki_analysis.errors import KiError
from ki_analysis.tables import package


def test_every_contract_table_is_registered():
    for name in (
        "documents",
        "facts",
        "numbers",
        "dates",
        "mentions",
        "programmes",
        "events",
        "rollout",
        "funding",
        "staffing",
        "checks",
        "districts",
    ):
        assert name in r.TABLES


def test_facts_has_the_design_card_columns():
    cols = r.table("facts").columns
    for c in (
        "doc_id",
        "start",
        "end",
        "quote",
        "measure",
        "value",
        "unit",
        "qualifier",
        "per_unit",
        "period",
        "subject",
        "district_ags",
        "funder",
        "rule",
        "fact_id",
    ):
        assert c in cols


def test_same_name_same_field_everywhere():
    # a field reused by several tables is the very same definition (bar explicit nullability)
    seen: dict[str, r.Field] = {}
    for t in r.TABLES.values():
        for f in t.fields:
            base = r.FIELDS[f.name]
            assert (f.dtype, f.unit, f.description, f.label_de) == (
                base.dtype,
                base.unit,
                base.description,
                base.label_de,
            )
            seen.setdefault(f.name, f)
    assert r.FIELDS["district_ags"].dtype == "ags"
    assert r.FIELDS["amount_eur"].unit == "EUR"
    assert r.FIELDS["coverage_pct"].unit == "%"


def test_primary_keys_are_fields():
    for t in r.TABLES.values():
        assert set(t.primary_key) <= set(t.columns), t.name
        assert set(t.order) <= set(t.columns), t.name


def test_unknown_table_lists_valid_names():
    with pytest.raises(KiError, match="valid names: documents"):
        r.table("fundings")


def test_labels_in_two_languages():
    assert r.label("amount_eur", "de") == "Betrag"
    assert r.label("amount_eur", "en", with_unit=True) == "Amount (EUR)"
    with pytest.raises(KiError):
        r.label("amount_eur", "fr")


def test_coerce_types_and_keeps_leading_zero():
    df = pd.DataFrame(
        {
            "statement_id": ["s1", "s2"],
            "as_of_date": ["2014-03-01", ""],
            "ki_count": ["12", ""],
            "district_ags": [5111, None],
            "doc_ids": ["a", "b"],
            "n_sources": [1, 2],
            "unknown_col": [1, 2],
        }
    )
    out = schema.coerce("rollout", df)
    assert list(out.columns) == r.table("rollout").columns
    assert str(out["ki_count"].dtype) == "Int64" and out["ki_count"].isna().tolist() == [False, True]
    assert str(out["as_of_date"].dtype).startswith("datetime64")
    assert str(out["has_conflict"].dtype) == "boolean"
    schema.validate("rollout", out)


def test_coerce_pads_numeric_ags():
    df = pd.DataFrame({"doc_id": ["d"], "start": [1], "end": [2], "district_ags": [5111]})
    assert schema.coerce("mentions", df)["district_ags"].tolist() == ["05111"]


def test_coerce_refuses_missing_required_column():
    with pytest.raises(KiError, match="lacks required"):
        schema.coerce("rollout", pd.DataFrame({"ki_count": [3]}))


def test_schema_rejects_bad_values():
    df = schema.coerce(
        "rollout",
        pd.DataFrame({"statement_id": ["s1"], "doc_ids": ["a"], "n_sources": [1], "qualifier": ["roughly"]}),
    )
    with pytest.raises(schema.SchemaError, match="roughly not one of"):
        schema.validate("rollout", df)
    dup = schema.coerce(
        "rollout", pd.DataFrame({"statement_id": ["s1", "s1"], "doc_ids": ["a", "b"], "n_sources": [1, 1]})
    )
    with pytest.raises(schema.SchemaError, match="primary key statement_id: 2 rows share a key"):
        schema.validate("rollout", dup)


def test_data_dictionary_lists_every_field_with_both_labels():
    md = package.data_dictionary()
    for t in r.TABLES.values():
        assert f"## {t.name}" in md
        for f in t.fields:
            assert f"| `{f.name}` |" in md
    assert "| `amount_eur` | float | EUR | Betrag | Amount |" in md
    assert "dl-de/by-2-0" in md


def test_datapackage_has_schemas_keys_and_licences():
    pkg = package.datapackage(["funding", "districts"])
    res = {x["name"]: x for x in pkg["resources"]}
    assert res["funding"]["schema"]["primaryKey"] == ["funding_id"]
    types = {f["name"]: f["type"] for f in res["funding"]["schema"]["fields"]}
    assert types["amount_eur"] == "number" and types["is_annual"] == "boolean"
    assert res["funding"]["schema"]["missingValues"] == [""]
    assert any("dl-de" in lic["name"] for lic in pkg["licenses"])
    assert any("Destatis" in s["title"] for s in res["districts"]["sources"])


def test_coerce_removes_float_noise():
    df = pd.DataFrame({"funding_id": ["a"], "amount_eur": [16.4 * 1e6], "doc_ids": ["d"], "n_sources": [1]})
    assert schema.coerce("funding", df)["amount_eur"].iloc[0] == 16_400_000
