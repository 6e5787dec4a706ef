"""The published data package: CSV + Parquet per table, datapackage.json, README.md.

``serialise`` is pure and deterministic (same tables, byte-identical files), which
is what ``ki build --check`` compares against the committed folder. CSV: UTF-8
without BOM, LF, a plain header, no index, ISO dates, ``true``/``false``, floats
without binary noise and an empty field for a missing value.
"""
from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import atomic, registry
from .errors import KiError

FLOAT_DIGITS = registry.FLOAT_DIGITS


def _cell(v: object, dtype: str) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return registry.MISSING
    if dtype == "bool":
        return "true" if v else "false"
    if dtype == "date":
        return pd.Timestamp(v).date().isoformat()
    if dtype == "int":
        return str(int(v))
    if dtype == "float":
        s = f"{float(v):.{FLOAT_DIGITS}g}"
        if "e" in s:  # never scientific notation: Excel and R read plain decimals
            s = format(Decimal(s), "f")
        return "0" if s == "-0" else s
    return str(v)


def ordered(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Typed, registry columns, rows in the table's stable order."""
    t = registry.table(name)
    out = registry.coerce(name, df)
    out = out.sort_values(list(t.order) + [k for k in t.primary_key if k not in t.order],
                          na_position="first", kind="stable")
    return out.reset_index(drop=True)


def validated(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``ordered(name, df)``, checked against the registry's schema: nothing invalid is published."""
    import pandera.errors

    out = ordered(name, df)
    try:
        registry.schema(name).validate(out, lazy=True)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
        found = sorted({f"{c}: {chk}" for c, chk in zip(cases["column"].astype(str), cases["check"].astype(str))})
        raise KiError(f"table {name!r} does not match its schema in the registry: {'; '.join(found)[:400]}") \
            from None
    return out


def to_csv(name: str, df: pd.DataFrame) -> bytes:
    t = registry.table(name)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(t.columns)
    kinds = [f.dtype for f in t.fields]
    for row in validated(name, df).itertuples(index=False, name=None):
        w.writerow([_cell(v, k) for v, k in zip(row, kinds)])
    return buf.getvalue().encode("utf-8")


_ARROW = {"string": pa.string(), "ags": pa.string(), "int": pa.int64(), "float": pa.float64(),
          "bool": pa.bool_(), "date": pa.date32()}


def to_parquet(name: str, df: pd.DataFrame) -> bytes:
    t = registry.table(name)
    data = ordered(name, df)
    arrays = []
    for f in t.fields:
        s = data[f.name]
        if f.dtype == "date":
            values = [None if pd.isna(v) else pd.Timestamp(v).date() for v in s]
        else:
            values = [None if pd.isna(v) else v for v in s.astype(object)]
            if f.dtype == "float":
                values = [None if v is None else float(v) for v in values]
            elif f.dtype == "int":
                values = [None if v is None else int(v) for v in values]
        arrays.append(pa.array(values, type=_ARROW[f.dtype]))
    schema = pa.schema([pa.field(f.name, _ARROW[f.dtype], nullable=f.nullable,
                                 metadata={"description": f.description, "unit": f.unit or ""})
                        for f in t.fields], metadata={"table": name, "title": t.title_en})
    table = pa.Table.from_arrays(arrays, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def serialise(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> exact bytes of every file in data/processed."""
    names = [n for n in registry.TABLE_NAMES if n in tables and tables[n] is not None]
    unknown = sorted(set(tables) - set(registry.TABLE_NAMES))
    if unknown:
        raise KiError(f"tables not in the registry: {', '.join(unknown)}")
    files: dict[str, bytes] = {}
    for n in names:
        files[f"{n}.csv"] = to_csv(n, tables[n])
        files[f"{n}.parquet"] = to_parquet(n, tables[n])
    docs = tables.get("documents")
    files["datapackage.json"] = registry.datapackage_json(
        names, registry.coerce("documents", docs) if docs is not None else None).encode("utf-8")
    files["README.md"] = registry.data_dictionary(names).encode("utf-8")
    return dict(sorted(files.items()))


def write_files(files: dict[str, bytes], out_dir: str | os.PathLike) -> None:
    """Replace ``out_dir`` as a whole with exactly ``files`` (readers never see a mix)."""
    with atomic.replace_dir(out_dir) as tmp:
        for fname, data in files.items():
            (Path(tmp) / fname).write_bytes(data)


def write_package(tables: dict[str, pd.DataFrame], out_dir: str | os.PathLike) -> None:
    """Write CSV, Parquet, datapackage.json and README.md for ``tables`` into ``out_dir``."""
    write_files(serialise(tables), out_dir)
