"""Facts -> the tidy tables researchers read: rollout, funding, staffing (+ pass-through).

Pure functions from DataFrames to DataFrames. Every row keeps its sources
(`doc_ids`, `fact_ids`, `quote`). The same statement repeated by several
documents (duplicates, or a release that copies another's paragraph) becomes one
row listing all its sources; different statements stay separate rows, side by
side, even when they disagree. Rejected facts (curation) are left out; facts
with an unknown period or district are kept and marked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

import pandas as pd

from .. import schema
from ..vocab import REVIEW_RANK

SEP = "; "
#: Two quotes are one shared passage when their word sequences agree this much:
#: a party release copying a ministry paragraph differs in a few words ("Mio. €" vs
#: "Millionen Euro", markup), a different sentence with the same figure does not.
PASSAGE_SIMILARITY = 0.8
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


# ------------------------------------------------------------------ helpers
def is_missing(v: Any) -> bool:
    """None, NA, NaT, NaN or an empty string (how a CSV writes a missing value)."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) or v == ""


def join_ids(values: Iterable[Any]) -> str:
    """Distinct ids, sorted and joined by "; " (the sources of one row)."""
    return SEP.join(sorted({str(v) for v in values if not is_missing(v)}))


def _words(text: Any) -> list[str]:
    return re.findall(r"\w+", str(text).lower()) if not is_missing(text) else []


def shared_passage(a: Any, b: Any) -> bool:
    """True if two quotes are the same passage (copied, possibly lightly edited)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    m = SequenceMatcher(None, wa, wb, autojunk=False)
    # quick_ratio is an upper bound of ratio: most unrelated sentences stop here
    return m.quick_ratio() >= PASSAGE_SIMILARITY and m.ratio() >= PASSAGE_SIMILARITY


def parse_period(period: Any) -> tuple[pd.Timestamp | None, str | None]:
    """ISO period ("2016", "2013-12", "2013-12-02") -> (first day, precision)."""
    if is_missing(period):
        return None, None
    s = str(period).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if m:
        y, mo, d = m.groups()
        precision = "day" if d else "month" if mo else "year"
        try:
            return pd.Timestamp(int(y), int(mo or 1), int(d or 1)), precision
        except ValueError:
            return None, None
    m = re.match(r"(\d{4})", s)  # e.g. "2016/2017": the first year, at year precision
    return (pd.Timestamp(int(m.group(1)), 1, 1), "year") if m else (None, None)


def _same_period(a: pd.Timestamp | None, pa: str | None, b: pd.Timestamp | None, pb: str | None) -> bool:
    coarse = max(pa or "day", pb or "day", key=lambda p: _PRECISION_RANK.get(p, 0))
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return False
    if coarse == "year":
        return a.year == b.year
    if coarse == "month":
        return (a.year, a.month) == (b.year, b.month)
    return a == b


class _Groups:
    """Union-find over row positions."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return [sorted(g) for g in out.values()]


# ------------------------------------------------------------ prepared facts
def _as_of(period: Any, doc_date: Any, doc_precision: Any) -> tuple[Any, Any]:
    """Date (and precision) a figure holds as of: its period, or its document's date when
    the period is missing or only coarser than a document date inside it ("a figure is
    valid as of its document's date unless the text says otherwise")."""
    pdate, pprec = parse_period(period)
    ddate = None if is_missing(doc_date) else pd.Timestamp(doc_date)
    dprec = None if is_missing(doc_precision) else str(doc_precision)
    if pdate is None:
        return ddate, dprec
    finer = _PRECISION_RANK.get(dprec or "year", 2) < _PRECISION_RANK.get(pprec or "year", 2)
    if ddate is not None and finer and _same_period(pdate, pprec, ddate, pprec):
        return ddate, dprec
    return pdate, pprec


def prepare_facts(facts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Typed facts without rejected ones, with document date, cluster and as-of date."""
    f = schema.coerce("facts", facts)
    f = f[f["review_status"].fillna("") != "rejected"].copy()
    docs = (
        schema.coerce("documents", documents)
        if documents is not None and len(documents)
        else schema.coerce("documents", pd.DataFrame({"doc_id": pd.Series([], dtype="string")}))
    )
    info = docs.set_index("doc_id")
    f["doc_date"] = f["doc_id"].map(info["date"]) if len(info) else pd.NaT
    f["doc_precision"] = f["doc_id"].map(info["date_precision"]) if len(info) else pd.NA
    cluster = f["doc_id"].map(info["duplicate_cluster"]) if len(info) else pd.Series(pd.NA, index=f.index)
    f["cluster"] = [c if not is_missing(c) else d for c, d in zip(cluster, f["doc_id"])]
    pairs = [_as_of(p, d, dp) for p, d, dp in zip(f["period"], f["doc_date"], f["doc_precision"])]
    as_of, prec = [a for a, _ in pairs], [p for _, p in pairs]
    f["as_of_date"] = pd.Series(as_of, index=f.index, dtype="datetime64[s]")
    f["as_of_precision"] = pd.Series(prec, index=f.index, dtype="string")
    f["has_unknown_period"] = f["period"].isna()
    f["rank"] = [_PRECISION_RANK.get(p, 3) if not is_missing(p) else 3 for p in f["as_of_precision"]]
    return f.sort_values(
        ["rank", "as_of_date", "doc_id", "start", "fact_id"], na_position="last", kind="stable"
    ).reset_index(drop=True)


def _merge(f: pd.DataFrame, key_cols: list[str]) -> list[list[int]]:
    """Group facts that are one statement: the same figure (``key_cols``) for a compatible
    period, in one duplicate cluster or in a shared passage across documents. ``f`` is
    sorted; groups come back in that order, each led by its most precise, earliest fact."""
    g = _Groups(len(f))
    keys = [tuple("" if is_missing(v) else v for v in row) for row in f[key_cols].itertuples(index=False)]
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by_key[k].append(i)
    clusters, quotes = f["cluster"].tolist(), f["quote"].tolist()
    periods = [parse_period(p) for p in f["period"]]

    def compatible(a: int, b: int) -> bool:
        (da, pa), (db, pb) = periods[a], periods[b]
        return da is None or db is None or _same_period(da, pa, db, pb)

    similar: dict[tuple[str, str], bool] = {}  # one comparison per pair of distinct quotes

    def same_passage(a: int, b: int) -> bool:
        qa, qb = sorted((str(quotes[a]), str(quotes[b])))
        if (qa, qb) not in similar:
            similar[(qa, qb)] = shared_passage(qa, qb)
        return similar[(qa, qb)]

    for members in by_key.values():
        for a_i, a in enumerate(members):
            for b in members[a_i + 1 :]:
                if (
                    g.find(a) != g.find(b)
                    and compatible(a, b)
                    and (clusters[a] == clusters[b] or same_passage(a, b))
                ):
                    g.union(a, b)
    return sorted(g.groups(), key=lambda grp: grp[0])


def _sources(f: pd.DataFrame, idx: list[int]) -> dict[str, Any]:
    docs = [f["doc_id"].iat[i] for i in idx]
    return {
        "doc_ids": join_ids(docs),
        "fact_ids": join_ids(f["fact_id"].iat[i] for i in idx),
        "quote": f["quote"].iat[idx[0]],
        "n_sources": len(set(docs)),
        "review_status": best_review(f["review_status"].iat[i] for i in idx),
    }


def _review_rank(status: Any) -> int:
    return REVIEW_RANK.get("unreviewed" if is_missing(status) else str(status), 0)


def best_review(statuses: Iterable[Any]) -> str:
    """The review of a statement: its best-reviewed source (``vocab.REVIEW_RANK``)."""
    return max(
        ("unreviewed" if is_missing(s) else str(s) for s in statuses), key=_review_rank, default="unreviewed"
    )


def least_review(statuses: Iterable[Any]) -> str:
    """The review of a derived row: its least-reviewed input (``vocab.REVIEW_RANK``)."""
    return min(
        ("unreviewed" if is_missing(s) else str(s) for s in statuses), key=_review_rank, default="unreviewed"
    )
