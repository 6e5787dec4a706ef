"""The published data package: CSV + Parquet per table, datapackage.json, README.md, and the
Excel workbook ``ki-analysis.xlsx`` (``tables.workbook``).

``serialise`` is pure and deterministic (same tables, byte-identical files), which
is what ``ki build --check`` compares against the committed folder. CSV: UTF-8
without BOM, LF, a plain header, no index, ISO dates, ``true``/``false``, floats
without binary noise and an empty field for a missing value.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import atomic, registry, schema
from ..errors import KiError

FLOAT_DIGITS = registry.FLOAT_DIGITS


def _cell(v: Any, dtype: str) -> str:
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
    out = schema.coerce(name, df)
    out = out.sort_values(
        list(t.order) + [k for k in t.primary_key if k not in t.order], na_position="first", kind="stable"
    )
    return out.reset_index(drop=True)


def validated(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``ordered(name, df)``, checked against the registry's schema: nothing invalid is published."""
    return schema.validate(name, ordered(name, df))


def to_csv(name: str, data: pd.DataFrame) -> bytes:
    """CSV bytes of a table as ``validated`` returns it."""
    t = registry.table(name)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(t.columns)
    kinds = [f.dtype for f in t.fields]
    for row in data.itertuples(index=False, name=None):
        w.writerow([_cell(v, k) for v, k in zip(row, kinds)])
    return buf.getvalue().encode("utf-8")


_ARROW = {
    "string": pa.string(),
    "ags": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


def to_parquet(name: str, data: pd.DataFrame) -> bytes:
    """Parquet bytes (zstd) of a table as ``validated`` returns it, with each field's description."""
    t = registry.table(name)
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
    arrow_schema = pa.schema(
        [
            pa.field(
                f.name,
                _ARROW[f.dtype],
                nullable=f.nullable,
                metadata={"description": f.description, "unit": f.unit or ""},
            )
            for f in t.fields
        ],
        metadata={"table": name, "title": t.title_en},
    )
    table = pa.Table.from_arrays(arrays, schema=arrow_schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def serialise(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> exact bytes of every file in data/processed."""
    names = [n for n in registry.TABLE_NAMES if n in tables and tables[n] is not None]
    unknown = sorted(set(tables) - set(registry.TABLE_NAMES))
    if unknown:
        raise KiError(f"tables not in the registry: {', '.join(unknown)}")
    from .workbook import XLSX_NAME, to_xlsx

    files: dict[str, bytes] = {}
    checked = {}
    for n in names:
        data = checked[n] = validated(n, tables[n])
        files[f"{n}.csv"] = to_csv(n, data)
        files[f"{n}.parquet"] = to_parquet(n, data)
    docs = tables.get("documents")
    documents = schema.coerce("documents", docs) if docs is not None else None
    files["datapackage.json"] = datapackage_json(names, documents).encode("utf-8")
    files["README.md"] = data_dictionary(names).encode("utf-8")
    files[XLSX_NAME] = to_xlsx(checked, datapackage(names, documents)["sources"])
    return dict(sorted(files.items()))


def write_files(files: dict[str, bytes], out_dir: str | os.PathLike) -> None:
    """Replace ``out_dir`` as a whole with exactly ``files`` (readers never see a mix)."""
    with atomic.replace_dir(out_dir) as tmp:
        for fname, data in files.items():
            (Path(tmp) / fname).write_bytes(data)


def write_package(tables: dict[str, pd.DataFrame], out_dir: str | os.PathLike) -> None:
    """Write CSV, Parquet, datapackage.json and README.md for ``tables`` into ``out_dir``."""
    write_files(serialise(tables), out_dir)


# ------------------------------------------------------------- frictionless metadata
_FRICTIONLESS_TYPES = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "ags": "string",
}


LICENSES = [
    {
        "name": "dl-de-by-2.0",
        "path": "https://www.govdata.de/dl-de/by-2-0",
        "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (reference data on districts)",
    },
]


REFERENCE_SOURCES = [
    {
        "title": "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, Gebietsstand "
        "31.12.2021 (2022): Kreisfreie Städte und Landkreise nach Fläche, Bevölkerung und "
        "Bevölkerungsdichte",
        "path": "https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/"
        "Administrativ/04-kreise.html",
        "license": "dl-de/by-2-0",
        "attribution": "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, "
        "Gebietsstand 31.12.2021 (2022).",
    },
    {
        "title": "Bundesamt für Kartographie und Geodäsie (BKG), Verwaltungsgebiete 1:250 000 (VG250), "
        "Stand 01.01.2020",
        "path": "https://www.govdata.de/dl-de/by-2-0",
        "license": "dl-de/by-2-0",
        "attribution": "Verwaltungsgrenzen: © GeoBasis-DE / BKG (2020), dl-de/by-2-0, Daten verändert "
        "(generalisiert, bereinigt)",
    },
]


def _document_sources(documents: pd.DataFrame | None) -> list[dict]:
    """One Frictionless source per press release: publisher, title, date, URL (``documents``
    typed by the registry, so every column is there)."""
    if documents is None or documents.empty:
        return []
    out = []
    docs = documents.sort_values("doc_id", kind="stable")
    for row in docs.itertuples(index=False):
        rec = {
            "title": f"{_s(row.publisher_short) or _s(row.publisher)}: {_s(row.title)}".strip(": "),
            "doc_id": row.doc_id,
        }
        if _s(row.url):
            rec["path"] = _s(row.url)
        if not pd.isna(row.date):
            rec["date"] = pd.Timestamp(row.date).date().isoformat()
        if _s(row.date_precision):
            rec["date_precision"] = _s(row.date_precision)
        if _s(row.publisher):
            rec["publisher"] = _s(row.publisher)
        out.append(rec)
    return out


def _s(v: object) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def table_schema(name: str) -> dict:
    """Frictionless Table Schema of a table."""
    t = registry.table(name)
    fields = []
    for f in t.fields:
        d: dict = {
            "name": f.name,
            "type": _FRICTIONLESS_TYPES[f.dtype],
            "title": f.label_en,
            "description": f.description,
        }
        if f.dtype == "date":
            d["format"] = "default"  # ISO 8601 YYYY-MM-DD
        if f.unit:
            d["unit"] = f.unit
        constraints: dict = {}
        if not f.nullable:
            constraints["required"] = True
        if f.enum is not None:
            constraints["enum"] = list(f.enum)
        if f.dtype == "ags":
            constraints["pattern"] = registry.AGS_PATTERN.strip("^$")
        if constraints:
            d["constraints"] = constraints
        fields.append(d)
    return {"fields": fields, "primaryKey": list(t.primary_key), "missingValues": [registry.MISSING]}


def datapackage(names: Iterable[str], documents: pd.DataFrame | None = None) -> dict:
    """The Frictionless Data Package descriptor for the written tables (CSV resources)."""
    resources = []
    for n in names:
        t = registry.table(n)
        resources.append(
            {
                "name": n,
                "path": f"{n}.csv",
                "profile": "tabular-data-resource",
                "title": t.title_en,
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": table_schema(n),
                "sources": REFERENCE_SOURCES
                if t.source == "reference"
                else [
                    {"title": "Press releases in data/raw (see the documents table and the sources below)"}
                ],
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "ki-analysis",
        "title": "Kommunale Integrationszentren in NRW: figures from press releases",
        "description": "Tidy, sourced tables on the rollout, funding and staffing of North Rhine-"
        "Westphalia's Kommunale Integrationszentren, extracted from German press "
        "releases. Every figure keeps the document and sentence it came from.",
        "licenses": LICENSES,
        "sources": _document_sources(documents) + REFERENCE_SOURCES,
        "resources": resources,
    }


def datapackage_json(names: Iterable[str], documents: pd.DataFrame | None = None) -> str:
    return json.dumps(datapackage(names, documents), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# ----------------------------------------------------------------- data dictionary
def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def data_dictionary(names: Iterable[str] | None = None) -> str:
    """``data/processed/README.md``: every table and field with DE+EN labels and units."""
    names = list(names) if names is not None else list(registry.TABLE_NAMES)
    lines = [
        "# data/processed: data dictionary",
        "",
        "Generated by `ki build` from the metadata registry (`ki_analysis/registry.py`); do not edit.",
        "",
        "Every table is written twice: `<table>.csv` and `<table>.parquet`, described by",
        "`datapackage.json` (Frictionless Data Package), and once more as a sheet of `ki-analysis.xlsx`.",
        "",
        '- CSV: UTF-8 without BOM, comma-separated, `"` quotes, LF line ends, one header row, no index.',
        "  A missing value is an empty field. Dates are ISO 8601 (`YYYY-MM-DD`); decimals use a point.",
        "- Excel: open `ki-analysis.xlsx`: one sheet per table with typed cells (dates as dates, numbers",
        "  as numbers, the AGS as text with its leading zero), the data dictionary and the sources. The",
        "  CSVs stay without a byte-order mark for R, pandas and other tools; a German Excel that opens",
        "  a CSV by double-click assumes another encoding and a semicolon (use *Data > From Text/CSV*).",
        '- R: `readr::read_csv(path, col_types = cols(district_ags = "c"))` keeps the AGS leading zero.',
        '  pandas: `ki_analysis.load("funding")` returns typed columns.',
        "- `district_ags` is the 5-digit Kreisschlüssel as text (`05111`); never read it as a number.",
        '- Several sources for one row are joined by `"; "` in `doc_ids` and `fact_ids`.',
        "",
        "Reference data on districts: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys,",
        "Gebietsstand 31.12.2021 (2022), dl-de/by-2-0. Boundaries: © GeoBasis-DE / BKG (2020),",
        "dl-de/by-2-0, Daten verändert. The press releases' origins are listed in the `documents` table",
        "and in `datapackage.json`.",
        "",
        "## Tables",
        "",
    ]
    for n in names:
        t = registry.table(n)
        lines.append(f"- [`{n}`](#{n}): {t.title_de} / {t.title_en}")
    for n in names:
        t = registry.table(n)
        lines += [
            "",
            f"## {n}",
            "",
            f"**{t.title_de}** / **{t.title_en}**",
            "",
            t.description,
            "",
            f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}. "
            f"Rows sorted by {', '.join(f'`{k}`' for k in t.order)}.",
        ]
        if t.chart_title_de:
            lines.append(f'Charts: "{t.chart_title_de}" / "{t.chart_title_en}" ({t.chart_unit}).')
        lines += [
            "",
            "| field | type | unit | Bezeichnung | label | required | description |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for f in t.fields:
            desc = f.description + (f" One of: {', '.join(f.enum)}." if f.enum else "")
            lines.append(
                f"| `{f.name}` | {f.dtype} | {f.unit or ''} | {_md(f.label_de)} | "
                f"{_md(f.label_en)} | {'yes' if not f.nullable else ''} | {_md(desc)} |"
            )
    return "\n".join(lines) + "\n"
