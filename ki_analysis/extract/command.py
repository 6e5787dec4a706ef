"""``ki extract FILE...``: the figures of any plain-text German press release."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..corpus.dates import find_dates
from ..corpus.gazetteer import default_gazetteer
from ..corpus.normalise import normalise
from ..corpus.numbers import format_de
from ..errors import InputError, KiError
from .facts import extract


def read_text_file(path: str | Path) -> tuple[str, list[str]]:
    """Read a plain-text file: UTF-8, else cp1252 with a warning. Clear errors for bad files."""
    p = Path(path)
    warnings: list[str] = []
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a text file")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(p, f"cannot be read ({err.strerror or err})") from None
    if b"\x00" in data[:8192]:
        raise InputError(p, "looks binary (NUL bytes); expected a plain-text press release")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{p}: not valid UTF-8; read as cp1252")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def guess_doc_date(text: str) -> dt.date | None:
    """The first full date in the first 1500 characters (the dateline), if any."""
    for d in find_dates(text[:1500], None):
        if d.precision == "day" and d.date and d.kind in ("date", "range"):
            return dt.date.fromisoformat(d.date)
    return None


def _parse_date_arg(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise KiError(f"--date {s!r}: expected YYYY-MM-DD") from None


def main(args: Any) -> int:
    """``ki extract FILE... [--date YYYY-MM-DD] [--json]``."""
    date = _parse_date_arg(args.date) if args.date else None
    gaz = default_gazetteer()
    rows: list[dict] = []
    for f in args.files:
        raw, warnings = read_text_file(f)
        for w in warnings:
            print(f"ki extract: warning: {w}", file=sys.stderr)
        text = normalise(raw)[0]
        doc_date = date or guess_doc_date(text)
        if doc_date is None:
            print(f"ki extract: warning: {f}: no date given or found; periods stay empty", file=sys.stderr)
        doc_id = Path(f).stem
        ex = extract(text, doc_date, doc_id, gazetteer=gaz)
        for fact in ex.facts:
            rows.append({"file": str(f), **fact})
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, sort_keys=False))
    else:
        _print_table(rows)
    return 0


def _print_table(rows: list[dict]) -> None:
    cols = [
        ("doc_id", 24),
        ("measure", 15),
        ("value", 14),
        ("unit", 7),
        ("qualifier", 9),
        ("per_unit", 5),
        ("period", 10),
        ("subject", 14),
        ("funder", 30),
    ]
    print("  ".join(name.ljust(w) for name, w in cols) + "  quote")
    for r in rows:
        vals = []
        for name, w in cols:
            v = r[name]
            if name == "value":
                v = format_de(v)
            elif name == "per_unit":
                v = "ja" if v else ""
            vals.append(str(v)[:w].ljust(w))
        q = r["quote"].replace("\n", " ")
        print("  ".join(vals) + "  " + (q[:90] + "…" if len(q) > 90 else q))
    print(f"{len(rows)} figures")
