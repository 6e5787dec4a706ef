"""Report parameters, checked without pandas or Jupyter (so that a run with
nothing to do stays fast): languages, dates, districts, report file names."""
from __future__ import annotations

import csv
import hashlib
import datetime as dt
import difflib
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import InputError, KiError

LANGS = ("de", "en")
#: Stadt Aachen is a Gemeinde inside Städteregion Aachen with its own KI (the 54th).
AACHEN_AGS = "05334"
#: Column name -> values; a DataFrame works as well.
Columns = Mapping[str, Sequence[str]]


def read_columns(path: Path) -> dict[str, list[str]]:
    """A CSV as columns of strings (the AGS keeps its leading zero)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = list(rows[0]) if rows else []
    return {n: [r[n] for r in rows] for n in names}


def read_reference(reference: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(districts, aliases) from data/reference."""
    return (read_columns(Path(reference) / "nrw_districts.csv"),
            read_columns(Path(reference) / "nrw_district_aliases.csv"))


def data_version(processed: Path) -> str:
    """Content hash of every file in ``data/processed`` (names and bytes), 12 hex digits."""
    h = hashlib.sha256()
    root = Path(processed)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


def slug(kind: str, params: Mapping[str, str]) -> str:
    """File name stem of a report, from its (already resolved) parameters."""
    lang = params.get("lang", "de")
    suffix = "" if lang == "de" else f"-{lang}"
    if kind == "state":
        as_of = params.get("as_of") or ""
        return f"state-{as_of}{suffix}" if as_of else f"state{suffix}"
    return f"district-{params['ags']}{suffix}"


def parse_as_of(value: str | None, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD`` (empty: today) -> date; anything else is a clear error."""
    if value is None or str(value).strip() == "":
        return today or dt.date.today()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", f"{text[:40]!r} is not a date of the form YYYY-MM-DD") from None


def resolve_district(value: str, districts: Columns, aliases: Columns,
                     reference_dir: Path | None = None) -> str:
    """Name, alias or AGS -> AGS; an unknown name lists the closest names."""
    text = " ".join(str(value).split())
    if not text or len(text) > 120:
        raise InputError("--district", f"{text[:40]!r} is not a district name, alias or AGS")
    try:  # the corpus gazetteer, when present, is the one resolver of the project
        from ..corpus.gazetteer import Gazetteer  # type: ignore[attr-defined]
    except ImportError:
        Gazetteer = None
    if Gazetteer is not None and reference_dir is not None and hasattr(Gazetteer, "resolve"):
        try:
            gaz = Gazetteer.from_reference(reference_dir)
            return str(gaz.resolve(text))
        except KiError:
            raise
        except Exception:  # an interface mismatch must not break reports; fall back
            pass
    if text.isdigit() and len(text) == 4:  # papermill -p turns "05170" into the int 5170
        text = text.zfill(5)
    key = text.casefold()
    if text.isdigit() and text in set(districts["ags"]):
        return text
    table = {str(n).casefold(): str(a) for n, a in zip(districts["name"], districts["ags"])}
    table.update({str(n).casefold(): str(a) for n, a in zip(districts["name_official"], districts["ags"])})
    for alias, ags in zip(aliases["alias"], aliases["ags"]):
        table.setdefault(str(alias).casefold(), str(ags))
    if key in table:
        return table[key]
    names = sorted(set(districts["name"]) | set(aliases["alias"]))
    close = difflib.get_close_matches(text, names, n=5, cutoff=0.5) or \
        difflib.get_close_matches(text.casefold(), [n.casefold() for n in names], n=5, cutoff=0.5)
    hint = f"; closest names: {', '.join(close)}" if close else ""
    raise InputError("--district", f"unknown district {text[:60]!r}{hint}")
