"""The data a report reads: the published tables (``ki_analysis.published.load``, typed by the
registry) and the exact slices each report shows.

Everything here is a pure function of tables except ``read_tables``. The same slicing
functions feed the rendered report *and* the input hash that decides whether a report must be
rendered again, so a report is re-rendered exactly when what it shows could have changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping

import pandas as pd

from .. import config, registry, schema
from ..published import load

#: The published tables a report reads.
TABLES: tuple[str, ...] = (
    "documents",
    "facts",
    "events",
    "mentions",
    "programmes",
    "checks",
    "rollout",
    "funding",
    "staffing",
    "districts",
)
#: The check status of a documented disagreement between sources (``vocab.CHECK_STATUS``).
CONFLICT = "conflict"


# --------------------------------------------------------------------------- edge


def empty(name: str) -> pd.DataFrame:
    """Table ``name`` without rows, with the registry's columns and types."""
    return schema.coerce(name, pd.DataFrame(columns=registry.table(name).columns))


def read_tables(root: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table a report reads, from the project at ``root``.

    Before the first ``ki build`` there is no ``data/processed``: the tables are empty and the
    reports say the corpus has nothing. Once it exists, a missing or unreadable table is a
    ``KiError`` naming it.
    """
    if not config.paths(root).processed.is_dir():
        return {name: empty(name) for name in TABLES}
    return {name: load(name, root) for name in TABLES}


# ------------------------------------------------------------------ report slices


def doc_id_list(value: object) -> list[str]:
    """'a; b' -> ['a', 'b'] (the tables join source ids with '; ')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p for p in str(value).replace(";", " ").split() if p]


def _mask(values: pd.Series) -> pd.Series:
    """A nullable boolean column as a plain mask (missing is False)."""
    return values.fillna(False).astype(bool)


def _in_docs(df: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    return df.loc[df["doc_id"].isin(doc_ids)]


def documents_until(documents: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Documents certainly published on or before ``as_of`` (by their latest possible date;
    undated ones are left out)."""
    known = documents["date_latest"].fillna(documents["date"])
    keep = _mask(known.notna() & (known <= pd.Timestamp(as_of)))
    return documents.loc[keep].sort_values(["date", "doc_id"])


def conflicts(checks: pd.DataFrame, doc_ids: set[str] | None) -> pd.DataFrame:
    """Checks with status ``conflict``; with ``doc_ids``, only those all of whose sources are in it
    (a conflict is known at a date only when every source in it was published)."""
    rows = checks.loc[_mask(checks["status"] == CONFLICT)]
    if doc_ids is not None and len(rows):
        rows = rows.loc[rows["doc_ids"].map(lambda v: all(d in doc_ids for d in doc_id_list(v))).astype(bool)]
    return rows


def _stated_by(df: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    """Statements made by at least one of ``doc_ids`` (one source suffices); a derived row
    (``is_derived``) only when every document it combines is among them."""
    if df.empty:
        return df
    derived = (
        df["is_derived"].fillna(False).astype(bool)
        if "is_derived" in df.columns
        else pd.Series(False, index=df.index)
    )
    known = [
        (all if d else any)(i in doc_ids for i in doc_id_list(v)) for v, d in zip(df["doc_ids"], derived)
    ]
    return df.loc[pd.Series(known, index=df.index, dtype=bool)]


def state_inputs(tables: Mapping[str, pd.DataFrame], as_of: dt.date) -> dict[str, pd.DataFrame]:
    """What the corpus said on ``as_of``: only documents dated on or before it."""
    docs = documents_until(tables["documents"], as_of)
    ids = set(docs["doc_id"])
    events = _in_docs(tables["events"], ids)
    events = events.loc[~_mask(events["date"] > pd.Timestamp(as_of))]
    return {
        "documents": docs,
        "rollout": _stated_by(tables["rollout"], ids),
        "funding": _stated_by(tables["funding"], ids),
        "staffing": _stated_by(tables["staffing"], ids),
        "events": events.sort_values(["date", "event_id"]),
        "conflicts": conflicts(tables["checks"], ids),
    }


def statewide_context(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The latest statewide figures a district report puts its own data next to:
    the count of centres, the latest total funding, the staff per centre."""
    rollout = tables["rollout"].dropna(subset=["ki_count"])
    rollout = rollout.sort_values(["as_of_date", "statement_id"]).tail(1)
    funding = tables["funding"]
    totals = funding.loc[_mask(funding["is_total"])].sort_values(["period", "funding_id"]).tail(1)
    staffing = tables["staffing"]
    per_centre = staffing.loc[_mask(staffing["per_unit"]) & ~_mask(staffing["is_derived"])]
    per_centre = per_centre.sort_values(["as_of_date", "staffing_id"]).groupby("measure").tail(1)
    return {"context_rollout": rollout, "context_funding": totals, "context_staffing": per_centre}


def district_inputs(
    tables: Mapping[str, pd.DataFrame], ags: str, context: Mapping[str, pd.DataFrame] | None = None
) -> dict[str, pd.DataFrame]:
    """Every row the report on district ``ags`` shows (its reference data comes from the
    gazetteer and is hashed with the reference files); ``context`` is ``statewide_context(tables)``
    when the caller has it already."""

    def mine(df: pd.DataFrame) -> pd.DataFrame:
        return df.loc[df["district_ags"].isin([ags])]

    mentions = mine(tables["mentions"])
    events = mine(tables["events"])
    programmes = mine(tables["programmes"])
    facts = mine(tables["facts"])
    if "review_status" in facts.columns:  # a figure a person rejected is not shown (nor counted)
        facts = facts.loc[~_mask(facts["review_status"] == "rejected")]
    cited = set(mentions["doc_id"]) | set(events["doc_id"]) | set(programmes["doc_id"]) | set(facts["doc_id"])
    context = statewide_context(tables) if context is None else context
    for frame in context.values():
        cited |= {d for v in frame["doc_ids"] for d in doc_id_list(v)}
    return {
        "districts": tables["districts"],  # the map: every district, this one highlighted
        "mentions": mentions.sort_values(["doc_id", "start"]),
        "events": events.sort_values(["date", "event_id"]),
        "programmes": programmes.sort_values(["doc_id", "start"]),
        "facts": facts.sort_values(["doc_id", "start"]),
        "documents": _in_docs(tables["documents"], cited).sort_values(["date", "doc_id"]),
        **context,
    }


# ----------------------------------------------------------------- hashes, news


def frame_hash(df: pd.DataFrame) -> str:
    """Content hash of one table: its columns, types and every row, in order."""
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in df.dtypes.items()]).encode())
    if len(df):
        h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()


def frames_hash(
    frames: Mapping[str, pd.DataFrame], known: dict[int, tuple[pd.DataFrame, str]] | None = None
) -> str:
    """Content hash of a dict of tables (order of keys and rows as given). ``known`` remembers
    the hash of each frame by identity, for frames that many reports share; it holds the frame
    too, so that no other frame can take the id of one that was freed (and its hash with it)."""
    known = {} if known is None else known
    h = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        if id(frame) not in known:
            known[id(frame)] = (frame, frame_hash(frame))
        h.update(name.encode() + b"\0" + known[id(frame)][1].encode() + b"\0")
    return h.hexdigest()


def snapshot(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """What a later run compares against: documents, figures and conflicts by key."""

    def sig(row: pd.Series, cols: list[str]) -> str:
        return json.dumps([None if pd.isna(row[c]) else str(row[c]) for c in cols])

    return {
        "documents": {str(r["doc_id"]): str(r["title"]) for _, r in tables["documents"].iterrows()},
        "facts": {
            str(r["fact_id"]): sig(r, ["measure", "value", "unit", "qualifier", "period", "quote"])
            for _, r in tables["facts"].iterrows()
        },
        "conflicts": {
            str(r["check_id"]): f"{r['values']}: {r['explanation']}"
            for _, r in conflicts(tables["checks"], None).iterrows()
        },
    }


def changes(
    previous: Mapping[str, Mapping[str, str]] | None, current: Mapping[str, Mapping[str, str]]
) -> dict[str, list[str]] | None:
    """New documents, new and changed figures, new conflicts; None on a first run."""
    if previous is None:
        return None

    def new(kind: str) -> list[str]:
        return sorted(set(current[kind]) - set(previous.get(kind, {})))

    old_facts = previous.get("facts", {})
    changed = sorted(k for k, v in current["facts"].items() if k in old_facts and old_facts[k] != v)
    return {
        "documents": new("documents"),
        "facts_new": new("facts"),
        "facts_changed": changed,
        "conflicts": new("conflicts"),
        "documents_removed": sorted(set(previous.get("documents", {})) - set(current["documents"])),
    }
