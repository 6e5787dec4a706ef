"""Typed tables: every published table coerced to the registry's types, and its pandera schema.

dtypes: ``string``, ``int`` (nullable Int64), ``float`` (rounded to ``FLOAT_DIGITS`` significant
digits, so that arithmetic noise disappears), ``bool`` (nullable boolean), ``date``
(datetime64[s]) and ``ags`` (a string that keeps its leading zero).
"""
from __future__ import annotations


import pandas as pd

from .errors import KiError
from .registry import AGS_PATTERN, FLOAT_DIGITS, table

# ----------------------------------------------------------------- dtypes and coercion
_PANDAS_DTYPES = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
                  "date": "datetime64[s]", "ags": "string"}


def dtypes(name: str) -> dict[str, str]:
    """pandas dtype per column of a table, as ``coerce`` produces them."""
    return {f.name: _PANDAS_DTYPES[f.dtype] for f in table(name).fields}


def _to_bool(s: pd.Series) -> pd.Series:
    if s.dtype == "boolean":
        return s
    mapping = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v == "":
            return pd.NA
        if isinstance(v, str):
            key = v.strip().lower()
            if key not in mapping:
                raise ValueError(f"not a boolean: {v!r}")
            return mapping[key]
        return bool(v)

    return s.map(one).astype("boolean")


def _to_ags(s: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v == "":
            return pd.NA
        if isinstance(v, (int,)) or (isinstance(v, float) and float(v).is_integer()):
            return f"{int(v):05d}"  # a reader that lost the leading zero
        return str(v).strip()

    return s.map(one).astype("string")


def _to_date(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.astype("datetime64[s]")
    vals = s.map(lambda v: pd.NA if v is None or v is pd.NA or v == "" or
                 (isinstance(v, float) and v != v) else str(v))
    return pd.to_datetime(vals, format="ISO8601").astype("datetime64[s]")


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly the registry's columns of ``name``, in order and typed.

    Missing nullable columns are added empty (a producer that does not know a field
    yet still yields a valid table); a missing non-nullable column is a KiError.
    Columns the registry does not know are dropped: nothing is published undocumented.
    """
    t = table(name)
    missing = [f.name for f in t.fields if f.name not in df.columns and not f.nullable]
    if missing:
        raise KiError(f"table {name!r} lacks required column(s): {', '.join(missing)}")
    out = {}
    n = len(df)
    for f in t.fields:
        s = df[f.name] if f.name in df.columns else pd.Series([pd.NA] * n, index=df.index, dtype="object")
        try:
            if f.dtype == "bool":
                s = _to_bool(s)
            elif f.dtype == "ags":
                s = _to_ags(s)
            elif f.dtype == "date":
                s = _to_date(s)
            elif f.dtype == "int":
                s = pd.to_numeric(s.replace("", pd.NA)).astype("Int64")
            elif f.dtype == "float":
                s = pd.to_numeric(s.replace("", pd.NA)).astype("Float64")
                # binary noise from arithmetic (16.4 * 1e6 = 16399999.999999998) is not data
                s = s.map(lambda v: v if pd.isna(v) else float(f"{v:.{FLOAT_DIGITS}g}")).astype("Float64")
            else:
                # "" is missing too: it is how a CSV writes a missing value
                s = s.map(lambda v: pd.NA if v is None or v is pd.NA or v == "" or
                          (isinstance(v, float) and v != v) else str(v)).astype("string")
        except (ValueError, TypeError) as err:
            raise KiError(f"table {name!r}, column {f.name!r}: cannot read as {f.dtype}: {err}") from None
        out[f.name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


# ------------------------------------------------------------------------- pandera
def schema(name: str):
    """pandera DataFrameSchema of a table, generated from the registry."""
    import pandera.pandas as pa

    t = table(name)
    cols = {}
    for f in t.fields:
        checks = []
        if f.enum is not None:
            checks.append(pa.Check.isin(list(f.enum)))
        if f.dtype == "ags":
            checks.append(pa.Check.str_matches(AGS_PATTERN))
        if f.name.endswith("_pct") or f.name in ("amount_eur", "n_sources", "ki_count",
                                                 "district_count", "centre_count"):
            checks.append(pa.Check.ge(0))
        cols[f.name] = pa.Column(_PANDAS_DTYPES[f.dtype], checks=checks, nullable=f.nullable,
                                 required=True)
    return pa.DataFrameSchema(cols, strict=True, ordered=True,
                              unique=list(t.primary_key), name=name)
