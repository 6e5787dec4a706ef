"""Typed tables: every published table coerced to the registry's types, and checked against it.

dtypes: ``string``, ``int`` (nullable Int64), ``float`` (rounded to ``FLOAT_DIGITS`` significant
digits, so that arithmetic noise disappears), ``bool`` (nullable boolean), ``date``
(datetime64[s]) and ``ags`` (a string that keeps its leading zero).
"""

from __future__ import annotations

import pandas as pd

from .errors import KiError
from .registry import AGS_PATTERN, FLOAT_DIGITS, table

# ----------------------------------------------------------------- dtypes and coercion
_PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "datetime64[s]",
    "ags": "string",
}


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
    vals = s.map(
        lambda v: pd.NA if v is None or v is pd.NA or v == "" or (isinstance(v, float) and v != v) else str(v)
    )
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
            if str(s.dtype) == _PANDAS_DTYPES[f.dtype] and f.dtype != "float":
                # already typed (a table passed on between stages): only "" still counts as missing
                s = s.replace("", pd.NA) if f.dtype in ("string", "ags") else s
            elif f.dtype == "bool":
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
                s = s.map(
                    lambda v: (
                        pd.NA
                        if v is None or v is pd.NA or v == "" or (isinstance(v, float) and v != v)
                        else str(v)
                    )
                ).astype("string")
        except (ValueError, TypeError) as err:
            raise KiError(f"table {name!r}, column {f.name!r}: cannot read as {f.dtype}: {err}") from None
        out[f.name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


# ------------------------------------------------------------------------- validation
class SchemaError(KiError):
    """A table does not match the registry; ``problems`` lists every mismatch."""

    def __init__(self, name: str, problems: list[str]):
        self.table = name
        self.problems = problems
        super().__init__(
            f"table {name!r} does not match its schema in the registry: {'; '.join(problems)[:600]}"
        )


def problems(name: str, df: pd.DataFrame) -> list[str]:
    """Every way ``df`` differs from the registry's table ``name``, as short sentences.

    Checked: exactly the registry's columns in order; each column's pandas dtype; no missing
    value in a required field; values in the field's vocabulary (``enum``); AGS codes of the
    form ``05xxx``; no negative value in a field with a unit (counts, euros, per cent, km²);
    a unique primary key.
    """
    t = table(name)
    if list(df.columns) != t.columns:
        return [f"columns are {list(df.columns)}, expected {t.columns}"]
    out = []
    for f in t.fields:
        s = df[f.name]
        expected = _PANDAS_DTYPES[f.dtype]
        if str(s.dtype) != expected:
            out.append(f"{f.name}: dtype {s.dtype}, expected {expected}")
            continue
        missing = s.isna()
        if not f.nullable and missing.any():
            out.append(f"{f.name}: {int(missing.sum())} missing value(s) in a required field")
        values = s[~missing]
        if values.empty:
            continue
        if f.enum is not None:
            bad = sorted({str(v) for v in values[~values.isin(f.enum)]})
            if bad:
                out.append(f"{f.name}: {', '.join(bad[:3])} not one of {', '.join(f.enum)}")
        if f.dtype == "ags":
            bad = sorted(values[~values.str.fullmatch(AGS_PATTERN.strip("^$"))].astype(str))
            if bad:
                out.append(f"{f.name}: {', '.join(bad[:3])} is not an AGS of NRW (05xxx)")
        if f.unit is not None and f.dtype in ("int", "float") and (values < 0).any():
            out.append(f"{f.name}: negative value(s) in a field measured in {f.unit}")
    dup = df.duplicated(subset=list(t.primary_key), keep=False)
    if dup.any():
        out.append(f"primary key {', '.join(t.primary_key)}: {int(dup.sum())} rows share a key")
    return out


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` unchanged if it matches the registry's table ``name``; ``SchemaError`` otherwise."""
    found = problems(name, df)
    if found:
        raise SchemaError(name, found)
    return df
