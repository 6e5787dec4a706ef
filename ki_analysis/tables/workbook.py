"""``data/processed/ki-analysis.xlsx``: every published table as a typed Excel sheet.

Excel opens a CSV with a double-click in the machine's code page and list separator (a German
Excel: Windows-1252 and ";"), which breaks umlauts and puts every row in one column. The
workbook has neither problem: text is text, dates are dates, numbers are numbers and the AGS is
text with its leading zero. One sheet per table (the registry's order), each with a frozen
header row, a filter and column widths from its content; then the data dictionary (from the
registry) and the sources (press releases and reference data).

Deterministic: the same tables give the same bytes (the document properties carry a fixed
date; xlsxwriter stamps every zip member with 1980-01-01), so ``ki build --check`` compares it
like every other file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import registry
from ..errors import KiError

#: The workbook's file name in ``data/processed``.
XLSX_NAME = "ki-analysis.xlsx"
DICTIONARY_SHEET = "data_dictionary"
SOURCES_SHEET = "sources"
#: The creation date in the document properties: fixed, so that builds are byte-identical.
FIXED_DATE = dt.datetime(2013, 12, 2)
#: Excel refuses longer cell text.
MAX_CELL_CHARS = 32_767
MIN_WIDTH, MAX_WIDTH = 6, 60


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _shown(v: object, dtype: str) -> str:
    """Roughly what Excel shows, to size the column."""
    if _missing(v):
        return ""
    if dtype == "date":
        return "2000-01-01"
    if dtype == "bool":
        return "FALSE"
    return str(v)


def cut(text: str, sheet: str) -> str:
    """``text`` as one Excel cell: a text longer than Excel takes (a 100,000-digit "number" in a
    press release) ends where it must, saying how long it is and where the whole of it is."""
    if len(text) <= MAX_CELL_CHARS:
        return text
    note = f" … [cut: {len(text)} characters in all, the whole text is in {sheet}.csv]"
    return text[: MAX_CELL_CHARS - len(note)] + note


class _Sheet:
    """A worksheet written cell by cell with one type per column."""

    def __init__(self, book: Any, name: str, formats: Mapping[str, object]):
        if len(name) > 31:
            raise KiError(f"sheet name {name!r} is longer than Excel's 31 characters")
        self.ws = book.add_worksheet(name)
        self.formats = formats
        self.widths: list[int] = []

    def header(self, names: Sequence[str]) -> None:
        for c, name in enumerate(names):
            self.ws.write_string(0, c, name, self.formats["header"])
        self.widths = [len(n) for n in names]

    def cell(self, r: int, c: int, v: Any, dtype: str) -> None:
        if _missing(v):
            return
        ws, f = self.ws, self.formats
        if dtype == "date":
            ws.write_datetime(r, c, pd.Timestamp(v).to_pydatetime(), f["date"])
        elif dtype == "bool":
            ws.write_boolean(r, c, bool(v))
        elif dtype in ("int", "float"):
            ws.write_number(r, c, float(v) if dtype == "float" else int(v))
        else:  # text, never a formula or a link, whatever it starts with
            text = cut(str(v), ws.name)
            ws.write_string(r, c, text, f["text"] if dtype == "ags" else None)
        self.widths[c] = max(self.widths[c], len(_shown(v, dtype)))

    def finish(self, n_rows: int) -> None:
        self.ws.freeze_panes(1, 0)
        if self.widths:
            self.ws.autofilter(0, 0, max(n_rows, 1), len(self.widths) - 1)
        for c, w in enumerate(self.widths):
            self.ws.set_column(c, c, min(MAX_WIDTH, max(MIN_WIDTH, w + 2)))


def _rows(ws: _Sheet, names: Sequence[str], dtypes: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws.header(names)
    for r, row in enumerate(rows, start=1):
        for c, (v, dtype) in enumerate(zip(row, dtypes)):
            ws.cell(r, c, v, dtype)
    ws.finish(len(rows))


def dictionary_rows(names: Sequence[str]) -> list[list[object]]:
    """One row per field of every table: the data dictionary as the registry defines it."""
    out: list[list[object]] = []
    for n in names:
        t = registry.table(n)
        for f in t.fields:
            out.append(
                [
                    n,
                    f.name,
                    f.dtype,
                    f.unit or "",
                    f.label_de,
                    f.label_en,
                    not f.nullable,
                    f.name in t.primary_key,
                    f.description,
                    ", ".join(f.enum) if f.enum else "",
                ]
            )
    return out


DICTIONARY_COLUMNS = (
    ("table", "string"),
    ("field", "string"),
    ("type", "string"),
    ("unit", "string"),
    ("label_de", "string"),
    ("label_en", "string"),
    ("is_required", "bool"),
    ("is_primary_key", "bool"),
    ("description", "string"),
    ("values", "string"),
)
SOURCES_COLUMNS = (
    ("doc_id", "string"),
    ("publisher", "string"),
    ("title", "string"),
    ("date", "date"),
    ("date_precision", "string"),
    ("url", "string"),
    ("license", "string"),
    ("attribution", "string"),
)


def sources_rows(sources: Sequence[Mapping[str, str]]) -> list[list[object]]:
    """The data package's sources (``datapackage.json``), one row each."""
    return [
        [
            s.get("doc_id", ""),
            s.get("publisher", ""),
            s.get("title", ""),
            dt.date.fromisoformat(s["date"]) if s.get("date") else None,
            s.get("date_precision", ""),
            s.get("path", ""),
            s.get("license", ""),
            s.get("attribution", ""),
        ]
        for s in sources
    ]


def to_xlsx(tables: Mapping[str, pd.DataFrame], sources: Sequence[Mapping[str, str]]) -> bytes:
    """The workbook's bytes: ``tables`` as ``package.validated`` returns them (registry order),
    the data dictionary and ``sources``."""
    import xlsxwriter

    clash = {DICTIONARY_SHEET, SOURCES_SHEET} & set(tables)
    if clash:
        raise KiError(f"table name(s) {', '.join(sorted(clash))} clash with a sheet of the workbook")
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.set_properties(
        {
            "title": "Kommunale Integrationszentren in NRW: figures from press releases",
            "subject": "ki-analysis data package",
            "author": "ki-analysis",
            "created": FIXED_DATE,
        }
    )
    book.set_calc_mode("manual")  # nothing to calculate: no formulas
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": "@"}),
    }
    for name, df in tables.items():
        t = registry.table(name)
        ws = _Sheet(book, name, formats)
        _rows(
            ws, t.columns, [f.dtype for f in t.fields], list(df[t.columns].itertuples(index=False, name=None))
        )
    ws = _Sheet(book, DICTIONARY_SHEET, formats)
    _rows(
        ws,
        [c for c, _ in DICTIONARY_COLUMNS],
        [d for _, d in DICTIONARY_COLUMNS],
        dictionary_rows(list(tables)),
    )
    ws = _Sheet(book, SOURCES_SHEET, formats)
    _rows(ws, [c for c, _ in SOURCES_COLUMNS], [d for _, d in SOURCES_COLUMNS], sources_rows(sources))
    book.close()
    return buf.getvalue()
