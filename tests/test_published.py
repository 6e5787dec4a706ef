"""ki_analysis.load: typed tables from data/processed, clear errors otherwise."""

from __future__ import annotations

import pandas as pd
import pytest
import tables_fixture as tf

import ki_analysis
from ki_analysis import registry, schema
from ki_analysis.errors import KiError
from ki_analysis.tables import derive_tables, package


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("proj")
    package.write_package(derive_tables(tf.base()), root / "data" / "processed")
    return root


def test_load_is_exported_and_typed(root):
    df = ki_analysis.load("rollout", root=root)
    assert str(df["ki_count"].dtype) == "Int64"
    assert str(df["as_of_date"].dtype).startswith("datetime64")
    assert str(df["has_conflict"].dtype) == "boolean"
    schema.validate("rollout", df)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_csv_and_parquet_load_the_same(root, tmp_path, fmt):
    import shutil

    other = tmp_path / "only" / "data" / "processed"
    other.mkdir(parents=True)
    for p in (root / "data" / "processed").glob(f"*.{fmt}"):
        shutil.copy(p, other / p.name)
    for name in ("districts", "funding", "staffing", "checks"):
        a = ki_analysis.load(name, root=root)
        b = ki_analysis.load(name, root=tmp_path / "only")
        pd.testing.assert_frame_equal(a, b)


def test_ags_keeps_leading_zero(root):
    d = ki_analysis.load("districts", root=root)
    assert d["district_ags"].str.match(r"^05\d{3}$").all()


def test_unknown_name_lists_valid_names(root):
    with pytest.raises(KiError, match="valid names: .*rollout"):
        ki_analysis.load("rolout", root=root)


def test_missing_data_says_make_data(tmp_path):
    with pytest.raises(KiError, match="make data"):
        ki_analysis.load("funding", root=tmp_path)


_PROCESSED = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "processed"


@pytest.mark.parametrize("name", registry.TABLE_NAMES)
def test_committed_tables_load_typed_and_valid(name):
    df = ki_analysis.load(name, root=_PROCESSED.parent.parent)
    schema.validate(name, df)
    assert len(df) > 0
