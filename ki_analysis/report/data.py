"""The data a report reads: processed tables, district reference data, and the
exact slices each report shows.

Everything here is a pure function of tables except the ``read_*`` edges. The
same slicing functions feed the rendered report *and* the input hash that decides
whether a report must be rendered again, so a report is re-rendered exactly when
what it shows could have changed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd

from ..errors import InputError, KiError  # noqa: F401  (re-exported)
from .params import AACHEN_AGS, data_version, parse_as_of, resolve_district  # noqa: F401

#: Tables a report may read from data/processed (missing ones read as empty).
TABLES: dict[str, list[str]] = {
    "documents": ["doc_id", "title", "publisher", "publisher_short", "kind", "date",
                  "date_precision", "date_earliest", "date_latest", "url", "duplicate_cluster"],
    "facts": ["fact_id", "doc_id", "start", "end", "quote", "measure", "value", "unit",
              "qualifier", "per_unit", "period", "subject", "district_ags", "funder", "rule"],
    "events": ["event_id", "event_type", "date", "date_precision", "district_ags", "place",
               "people", "is_planned", "doc_id", "start", "end", "quote", "source_doc_ids"],
    "mentions": ["doc_id", "start", "end", "surface", "district_ags", "district_name",
                 "alias_kind", "sentence_start", "sentence_end"],
    "programmes": ["programme", "doc_id", "start", "end", "surface", "district_ags", "quote"],
    "checks": ["check_id", "check_kind", "status", "values", "doc_ids", "explanation"],
    "rollout": ["statement_id", "as_of_date", "date_precision", "ki_count", "district_count",
                "coverage_pct", "qualifier", "has_conflict", "doc_ids", "quote", "n_sources"],
    "funding": ["funding_id", "period", "period_precision", "funder", "recipient_or_programme",
                "district_ags", "amount_eur", "qualifier", "is_annual", "is_total", "share_pct",
                "total_id", "is_derived", "formula", "has_mixed_dates", "doc_ids", "quote", "n_sources"],
    "staffing": ["staffing_id", "as_of_date", "date_precision", "measure", "value", "unit",
                 "qualifier", "per_unit", "is_derived", "formula", "has_mixed_dates", "centre_count",
                 "funder", "doc_ids", "quote", "n_sources"],
}
#: Text columns that must never be parsed as numbers (AGS keeps its leading zero).
_STR_COLUMNS = {"doc_id", "district_ags", "ags", "fact_id", "event_id", "check_id", "period",
                "date", "date_earliest", "date_latest", "url", "quote", "title", "surface",
                "doc_ids", "fact_ids", "source_doc_ids", "people", "place", "programme"}
#: Check statuses that mean "the sources disagree and nobody settled it".
CONFLICT_STATUSES = {"conflict", "open", "fail", "failed", "disagree"}



@dataclass(frozen=True)
class District:
    ags: str
    name: str
    name_official: str
    type: str
    regierungsbezirk: str
    population: int
    area_km2: float
    stats_date: str


# --------------------------------------------------------------------------- edges

def _load(name: str, processed: Path) -> pd.DataFrame | None:
    """The table typed by the registry (``ki_analysis.load``), or None if it cannot."""
    try:
        from ..published import load
    except ImportError:
        return None
    try:
        return load(name, Path(processed).parent.parent)
    except KiError:
        return None


def read_tables(processed: Path) -> dict[str, pd.DataFrame]:
    """Every report table from ``data/processed``; absent ones are empty."""
    out: dict[str, pd.DataFrame] = {}
    for name, columns in TABLES.items():
        path = Path(processed) / f"{name}.csv"
        typed = _load(name, processed) if path.is_file() else None
        if typed is not None:
            df = typed
        elif path.is_file():
            head = pd.read_csv(path, nrows=0).columns
            dtypes = {c: "str" for c in head if c in _STR_COLUMNS}
            try:
                df = pd.read_csv(path, dtype=dtypes, keep_default_na=True)
            except (ValueError, pd.errors.ParserError) as err:
                raise InputError(path, f"cannot read table: {err}") from None
        else:
            df = pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
        for c in columns:  # tolerate tables that lack an optional column
            if c not in df.columns:
                df[c] = pd.Series([pd.NA] * len(df), dtype="object")
        out[name] = df
    return out


def read_districts(reference: Path) -> pd.DataFrame:
    """The 53 districts with their reference data (AGS as text)."""
    path = Path(reference) / "nrw_districts.csv"
    return pd.read_csv(path, dtype={"ags": "str", "regierungsbezirk_code": "str"})


def read_aliases(reference: Path) -> pd.DataFrame:
    return pd.read_csv(Path(reference) / "nrw_district_aliases.csv", dtype={"ags": "str"})


# --------------------------------------------------------------------- parameters

def district(districts: pd.DataFrame, ags: str) -> District:
    row = districts.loc[districts["ags"] == ags].iloc[0]
    return District(ags=ags, name=str(row["name"]), name_official=str(row["name_official"]),
                    type=str(row["type"]), regierungsbezirk=str(row["regierungsbezirk"]),
                    population=int(row["population"]), area_km2=float(row["area_km2"]),
                    stats_date=str(row["stats_date"]))


# ------------------------------------------------------------------ report slices

def _known_by(documents: pd.DataFrame) -> pd.Series:
    """The date by which each document was certainly published (latest possible date)."""
    latest = pd.to_datetime(documents["date_latest"], errors="coerce", format="mixed")
    plain = pd.to_datetime(documents["date"], errors="coerce", format="mixed")
    return latest.fillna(plain).dt.date


def documents_until(documents: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Documents dated on or before ``as_of`` (undated ones are left out)."""
    known = _known_by(documents)
    keep = known.notna() & (known <= as_of)
    return documents.loc[keep.fillna(False).astype(bool)].sort_values(["date", "doc_id"])


def _in_docs(df: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    return df.loc[df["doc_id"].astype("str").isin(doc_ids)]


def _conflicts(checks: pd.DataFrame, doc_ids: set[str] | None) -> pd.DataFrame:
    status = checks["status"].astype("str").str.casefold()
    rows = checks.loc[status.isin(CONFLICT_STATUSES)]
    if doc_ids is not None and len(rows):
        # a conflict is known at a date only when every source in it was published
        def visible(ids: object) -> bool:
            return all(p in doc_ids for p in doc_id_list(ids))
        rows = rows.loc[rows["doc_ids"].map(visible)]
    return rows


def doc_id_list(value: object) -> list[str]:
    """'a; b' -> ['a', 'b'] (the tables join source ids with '; ')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p for p in str(value).replace(";", " ").split() if p]


def _stated_by(df: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    """Statements made by at least one of ``doc_ids`` (one source suffices); a derived row
    (``is_derived``) only when every document it combines is among them."""
    if df.empty:
        return df
    derived = df["is_derived"].fillna(False).astype(bool) if "is_derived" in df.columns else \
        pd.Series(False, index=df.index)
    known = [(all if d else any)(i in doc_ids for i in doc_id_list(v)) for v, d in zip(df["doc_ids"], derived)]
    return df.loc[pd.Series(known, index=df.index, dtype=bool)]


def state_inputs(tables: Mapping[str, pd.DataFrame], as_of: dt.date) -> dict[str, pd.DataFrame]:
    """What the corpus said on ``as_of``: only documents dated on or before it."""
    docs = documents_until(tables["documents"], as_of)
    ids = set(docs["doc_id"].astype("str"))
    events = _in_docs(tables["events"], ids)
    ev_date = pd.to_datetime(events["date"], errors="coerce", format="mixed").dt.date
    events = events.loc[~(ev_date.notna() & (ev_date > as_of)).astype(bool)]
    return {
        "documents": docs,
        "rollout": _stated_by(tables["rollout"], ids),
        "funding": _stated_by(tables["funding"], ids),
        "staffing": _stated_by(tables["staffing"], ids),
        "events": events.sort_values(["date", "event_id"]),
        "conflicts": _conflicts(tables["checks"], ids),
    }


def statewide_context(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The latest statewide figures a district report puts its own data next to:
    the count of centres, the latest total funding, the staff per centre."""
    rollout = tables["rollout"].dropna(subset=["ki_count"])
    rollout = rollout.sort_values(["as_of_date", "statement_id"]).tail(1)
    funding = tables["funding"]
    totals = funding.loc[funding["is_total"].fillna(False).astype(bool)]
    totals = totals.sort_values(["period", "funding_id"]).tail(1)
    staffing = tables["staffing"]
    per_centre = staffing.loc[staffing["per_unit"].fillna(False).astype(bool)
                              & ~staffing["is_derived"].fillna(False).astype(bool)]
    per_centre = per_centre.sort_values(["as_of_date", "staffing_id"]).groupby("measure").tail(1)
    return {"context_rollout": rollout, "context_funding": totals, "context_staffing": per_centre}


def district_inputs(tables: Mapping[str, pd.DataFrame], districts: pd.DataFrame,
                    ags: str) -> dict[str, pd.DataFrame]:
    """Every row a district report shows."""
    def mine(df: pd.DataFrame) -> pd.DataFrame:
        return df.loc[df["district_ags"].astype("str") == ags]
    mentions = mine(tables["mentions"])
    events = mine(tables["events"])
    programmes = mine(tables["programmes"])
    facts = mine(tables["facts"])
    cited = set(mentions["doc_id"].astype("str")) | set(events["doc_id"].astype("str")) \
        | set(programmes["doc_id"].astype("str")) | set(facts["doc_id"].astype("str"))
    context = statewide_context(tables)
    for frame in context.values():
        cited |= {d for v in frame["doc_ids"] for d in doc_id_list(v)}
    return {
        "reference": districts.loc[districts["ags"] == ags],
        "mentions": mentions.sort_values(["doc_id", "start"]),
        "events": events.sort_values(["date", "event_id"]),
        "programmes": programmes.sort_values(["doc_id", "start"]),
        "facts": facts.sort_values(["doc_id", "start"]),
        "documents": _in_docs(tables["documents"], cited).sort_values(["date", "doc_id"]),
        **context,
    }


def frames_hash(frames: Mapping[str, pd.DataFrame]) -> str:
    """Content hash of a dict of tables (order of keys and rows as given)."""
    h = hashlib.sha256()
    for name in sorted(frames):
        buf = io.StringIO()
        frames[name].to_csv(buf, index=False, lineterminator="\n")
        h.update(name.encode() + b"\0" + buf.getvalue().encode() + b"\0")
    return h.hexdigest()


def snapshot(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """What a later run compares against: documents, figures and conflicts by key."""
    docs = tables["documents"]
    facts = tables["facts"]
    conflicts = _conflicts(tables["checks"], None)
    def sig(row: pd.Series, cols: list[str]) -> str:
        return json.dumps([None if pd.isna(row[c]) else str(row[c]) for c in cols])
    return {
        "documents": {str(r["doc_id"]): str(r["title"]) for _, r in docs.iterrows()},
        "facts": {str(r["fact_id"]): sig(r, ["measure", "value", "unit", "qualifier", "period",
                                             "quote"]) for _, r in facts.iterrows()},
        "conflicts": {str(r["check_id"]): f"{r['values']}: {r['explanation']}"
                      for _, r in conflicts.iterrows()},
    }


def changes(previous: Mapping[str, Mapping[str, str]] | None,
            current: Mapping[str, Mapping[str, str]]) -> dict[str, list[str]] | None:
    """New documents, new and changed figures, new conflicts; None on a first run."""
    if previous is None:
        return None
    def new(kind: str) -> list[str]:
        return sorted(set(current[kind]) - set(previous.get(kind, {})))
    old_facts = previous.get("facts", {})
    changed = sorted(k for k, v in current["facts"].items() if k in old_facts and old_facts[k] != v)
    return {"documents": new("documents"), "facts_new": new("facts"),
            "facts_changed": changed, "conflicts": new("conflicts"),
            "documents_removed": sorted(set(previous.get("documents", {})) - set(current["documents"]))}
