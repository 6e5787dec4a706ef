"""``ki_analysis.load(name)``: a published table as a typed DataFrame.

Types come from the registry: AGS as strings with their leading zero, dates as
datetime64, nullable Int64/boolean where a value may be missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import registry, schema
from .config import paths
from .errors import KiError


def _processed(root: str | os.PathLike | None) -> Path:
    return paths(root).processed


def load(name: str, root: str | os.PathLike | None = None) -> pd.DataFrame:
    """Table ``name`` from ``data/processed`` (Parquet, else CSV), typed by the registry."""
    registry.table(name)  # KiError listing the valid names
    folder = _processed(root)
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    try:
        if parquet.is_file():
            df = pd.read_parquet(parquet)
        elif csv.is_file():
            df = pd.read_csv(
                csv, dtype=str, keep_default_na=False, na_values=[registry.MISSING], encoding="utf-8"
            )
        else:
            raise KiError(
                f"{csv}: no processed data for table {name!r}; run `make data` (or `ki build`) first"
            )
    except (OSError, ValueError) as err:
        raise KiError(f"{folder}/{name}: cannot read: {err}") from None
    return schema.coerce(name, df)


def load_all(root: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table present in ``data/processed``; KiError if there is none."""
    folder = _processed(root)
    names = [
        n
        for n in registry.TABLE_NAMES
        if (folder / f"{n}.parquet").is_file() or (folder / f"{n}.csv").is_file()
    ]
    if not names:
        raise KiError(f"{folder}: no processed data; run `make data` (or `ki build`) first")
    return {n: load(n, root) for n in names}
