"""The published package: deterministic bytes, clean CSVs, valid Frictionless descriptor."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
import tables_fixture as tf
from hypothesis import given
from hypothesis import strategies as st

from ki_analysis import registry
from ki_analysis.tables import derive_tables, package


@pytest.fixture(scope="module")
def tables():
    return derive_tables(tf.base())


@pytest.fixture(scope="module")
def files(tables):
    return package.serialise(tables)


def test_every_table_as_csv_and_parquet(files, tables):
    for name in tables:
        assert f"{name}.csv" in files and f"{name}.parquet" in files
    assert "datapackage.json" in files and "README.md" in files


def test_serialise_is_byte_identical_for_shuffled_input(files):
    shuffled = {k: v.sample(frac=1, random_state=7) for k, v in tf.base().items()}
    assert package.serialise(derive_tables(shuffled)) == files


def test_csv_is_plain_utf8(files):
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        assert not data.startswith(b"\xef\xbb\xbf"), name  # no BOM
        assert b"\r" not in data, name
        text = data.decode("utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert header == registry.table(name[:-4]).columns
        assert "nan" not in text.split(",") and "<NA>" not in text and "NaT" not in text


def test_csv_cells(files):
    rows = list(csv.DictReader(io.StringIO(files["funding.csv"].decode())))
    amounts = sorted(r["amount_eur"] for r in rows)
    assert "20000000" in amounts and "4250000" in amounts  # no ".0", no exponent
    assert {r["is_annual"] for r in rows} == {"true", "false"}
    rollout = list(csv.DictReader(io.StringIO(files["rollout.csv"].decode())))
    assert rollout[0]["as_of_date"] == "2020-03-02"
    assert any(r["district_count"] == "" for r in rollout)  # missing -> empty
    districts = list(csv.DictReader(io.StringIO(files["districts.csv"].decode())))
    assert districts[0]["district_ags"] == "05100"


def test_float_noise_is_not_written():
    assert package._cell(0.1 + 0.2, "float") == "0.3"
    assert package._cell(5_300_000.000000001, "float") == "5300000"
    assert package._cell(1e-7, "float") == "0.0000001"


def test_parquet_round_trip(files, tables):
    t = pq.read_table(io.BytesIO(files["rollout.parquet"]))
    assert str(t.schema.field("as_of_date").type) == "date32[day]"
    assert t.num_rows == len(tables["rollout"])
    d = pq.read_table(io.BytesIO(files["districts.parquet"]))
    assert str(d.schema.field("district_ags").type) == "string"
    assert d.column("district_ags")[0].as_py() == "05100"


def test_datapackage_validates_with_frictionless(tmp_path, tables):
    frictionless = pytest.importorskip("frictionless")
    package.write_package(tables, tmp_path / "processed")
    report = frictionless.validate(str(tmp_path / "processed" / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors
    desc = json.loads((tmp_path / "processed" / "datapackage.json").read_text())
    assert {s.get("doc_id") for s in desc["sources"]} >= set(tables["documents"]["doc_id"])
    assert any(lic["name"] == "dl-de-by-2.0" for lic in desc["licenses"])


def test_write_package_replaces_stale_files(tmp_path, tables, files):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "old_table.csv").write_text("x\n")
    package.write_package(tables, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    assert all((out / name).read_bytes() == data for name, data in files.items())


def test_unknown_table_is_refused(tables):
    from ki_analysis.errors import KiError

    with pytest.raises(KiError, match="not in the registry"):
        package.serialise({**tables, "extra": pd.DataFrame()})


def test_invalid_table_is_not_published(tables):
    from ki_analysis.errors import KiError

    bad = tables["rollout"].copy()
    bad.loc[0, "qualifier"] = "roughly"
    with pytest.raises(KiError, match="rollout.*qualifier"):
        package.serialise({**tables, "rollout": bad})


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_float_cells_read_back_to_the_kept_value(v):
    cell = package._cell(v, "float")
    assert "e" not in cell.lower()
    assert float(cell) == pytest.approx(float(f"{v:.12g}"), rel=1e-12, abs=1e-300)


# ------------------------------------------------------------------- the workbook


def test_the_workbook_is_byte_identical_across_builds(files):
    import zipfile

    shuffled = {k: v.sample(frac=1, random_state=3) for k, v in tf.base().items()}
    again = package.serialise(derive_tables(shuffled))["ki-analysis.xlsx"]
    assert again == files["ki-analysis.xlsx"]
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2013-12-02T00:00:00Z" in z.read("docProps/core.xml")  # fixed, not today


def _typed(text: str, dtype: str):
    """A CSV cell as the workbook types it."""
    import datetime as dt

    if text == "":
        return None
    return {
        "int": int,
        "float": float,
        "bool": lambda s: s == "true",
        "date": lambda s: dt.datetime.fromisoformat(s),
    }.get(dtype, str)(text)


def test_every_sheet_of_the_workbook_equals_its_csv_with_typed_cells(files):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(files["ki-analysis.xlsx"]))
    tables = [n[:-4] for n in files if n.endswith(".csv")]
    assert book.sheetnames == [n for n in registry.TABLE_NAMES if n in tables] + [
        "data_dictionary",
        "sources",
    ]
    for name in tables:
        t = registry.table(name)
        ws = book[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref  # frozen header, a filter
        rows = list(ws.iter_rows(values_only=True))
        csv_rows = list(csv.reader(io.StringIO(files[f"{name}.csv"].decode("utf-8"))))
        assert list(rows[0]) == csv_rows[0] == t.columns
        assert len(rows) == len(csv_rows), name
        kinds = [f.dtype for f in t.fields]
        for got, want in zip(rows[1:], csv_rows[1:]):
            assert list(got) == [_typed(v, k) for v, k in zip(want, kinds)], name
        widths = [ws.column_dimensions[c].width for c in "ABC"]
        assert all(6 <= w <= 61 for w in widths)  # xlsxwriter adds 0.71 of padding
    ags = book["districts"]["A2"]
    assert ags.value == "05100" and ags.data_type == "s" and ags.number_format == "@"
    dictionary = list(book["data_dictionary"].iter_rows(values_only=True))
    assert dictionary[0][:3] == ("table", "field", "type")
    assert len(dictionary) - 1 == sum(len(registry.table(n).fields) for n in tables)
    sources = list(book["sources"].iter_rows(values_only=True))
    assert sources[0][:2] == ("doc_id", "publisher") and any("Destatis" in (r[2] or "") for r in sources)


def test_a_text_longer_than_excel_takes_is_cut_in_the_workbook_and_whole_in_the_csv():
    openpyxl = pytest.importorskip("openpyxl")
    from ki_analysis.tables.workbook import MAX_CELL_CHARS, cut

    base = tf.base()
    long_text = "Die Kosten betragen " + "9" * 100_000 + " Euro."
    facts = base["facts"].assign(quote=lambda d: [long_text] + list(d["quote"].iloc[1:]))
    files = package.serialise(derive_tables({**base, "facts": facts}))
    assert long_text in files["facts.csv"].decode("utf-8")
    ws = openpyxl.load_workbook(io.BytesIO(files["ki-analysis.xlsx"]))["facts"]
    cells = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str) and "9" * 50 in c]
    assert len(cells) == 1 and len(cells[0]) == MAX_CELL_CHARS and cells[0].startswith("Die Kosten")
    assert cells[0].endswith(f"[cut: {len(long_text)} characters in all, the whole text is in facts.csv]")
    assert cut("kurz", "facts") == "kurz"


def test_pandas_reads_the_workbook_with_the_right_types(files):
    pytest.importorskip("openpyxl")
    sheets = pd.read_excel(
        io.BytesIO(files["ki-analysis.xlsx"]), sheet_name=None, dtype={"district_ags": str}
    )
    rollout = sheets["rollout"]
    assert str(rollout["as_of_date"].dtype).startswith("datetime64")
    assert rollout["ki_count"].dtype.kind == "i" and rollout["coverage_pct"].dtype.kind == "f"
    assert rollout["has_conflict"].dtype == bool
    assert sheets["districts"]["district_ags"].iloc[0] == "05100"
