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
from difflib import SequenceMatcher
from typing import Any, Iterable

import pandas as pd

from . import registry
from .errors import KiError

SEP = "; "
#: Two quotes are one shared passage when their word sequences agree this much:
#: a party release copying a ministry paragraph differs in a few words ("Mio. €" vs
#: "Millionen Euro", markup), a different sentence with the same figure does not.
PASSAGE_SIMILARITY = 0.8
#: A part of a stated total follows it closely ("... insgesamt X. Davon kamen Y ...").
PARTS_WINDOW_CHARS = 400
_TOTAL_WORDS = re.compile(r"\b(insgesamt|gesamt|zusammen|Summe|Gesamt\w*)\b")
_PART_WORDS = re.compile(r"\b[Dd]avon\b")
_ANNUAL_WORDS = re.compile(r"jährlich|pro Jahr|je Jahr|jedes Jahr|im Jahr\b|p\.\s?a\.|Jahresbetrag")
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
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= PASSAGE_SIMILARITY


def parse_period(period: Any) -> tuple[pd.Timestamp | None, str | None]:
    """ISO period ("2016", "2013-12", "2013-12-02") -> (first day, precision)."""
    if is_missing(period):
        return None, None
    s = str(period).strip()
    for pattern, precision, fmt in ((r"\d{4}-\d{2}-\d{2}", "day", "%Y-%m-%d"),
                                    (r"\d{4}-\d{2}", "month", "%Y-%m"), (r"\d{4}", "year", "%Y")):
        if re.fullmatch(pattern, s):
            return pd.Timestamp(pd.to_datetime(s, format=fmt)), precision
    m = re.match(r"(\d{4})", s)  # e.g. "2016/2017": the first year, at year precision
    return (pd.Timestamp(int(m.group(1)), 1, 1), "year") if m else (None, None)


def _same_period(a: pd.Timestamp, pa: str, b: pd.Timestamp, pb: str) -> bool:
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
    finer = _PRECISION_RANK.get(dprec or "year", 2) < _PRECISION_RANK[pprec]
    if ddate is not None and finer and _same_period(pdate, pprec, ddate, pprec):
        return ddate, dprec
    return pdate, pprec


def prepare_facts(facts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Typed facts without rejected ones, with document date, cluster and as-of date."""
    f = registry.coerce("facts", facts)
    f = f[f["curation_status"].fillna("") != "rejected"].copy()
    docs = registry.coerce("documents", documents) if documents is not None and len(documents) else \
        registry.coerce("documents", pd.DataFrame({"doc_id": pd.Series([], dtype="string")}))
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
    return f.sort_values(["rank", "as_of_date", "doc_id", "start", "fact_id"],
                         na_position="last", kind="stable").reset_index(drop=True)


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

    for members in by_key.values():
        for a_i, a in enumerate(members):
            for b in members[a_i + 1:]:
                if compatible(a, b) and (clusters[a] == clusters[b] or shared_passage(quotes[a], quotes[b])):
                    g.union(a, b)
    return sorted(g.groups(), key=lambda grp: grp[0])


def _sources(f: pd.DataFrame, idx: list[int]) -> dict[str, Any]:
    sub = f.iloc[idx]
    return {"doc_ids": join_ids(sub["doc_id"]), "fact_ids": join_ids(sub["fact_id"]),
            "quote": sub["quote"].iloc[0], "n_sources": int(sub["doc_id"].nunique())}


# ------------------------------------------------------------------- rollout
def _district_count_for(f: pd.DataFrame, i: int, districts: pd.DataFrame) -> Any:
    """District count of a ki_count fact: same sentence first, else the document's one value."""
    row = f.iloc[i]
    same_doc = districts[districts["doc_id"] == row["doc_id"]]
    if same_doc.empty:
        return pd.NA
    same_sentence = same_doc[same_doc["quote"] == row["quote"]]
    if not same_sentence.empty:
        nearest = (same_sentence["start"] - row["start"]).abs().idxmin()
        return int(same_sentence.loc[nearest, "value"])
    values = same_doc["value"].dropna().unique()
    return int(values[0]) if len(values) == 1 else pd.NA


def rollout_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The network's size over time from prepared facts (see ``prepare_facts``)."""
    ki = facts[(facts["measure"] == "ki_count") & (facts["per_unit"].fillna(False) == False)]  # noqa: E712
    ki = ki.reset_index(drop=True)
    districts = facts[facts["measure"] == "district_count"]
    ki = ki.assign(ki_value=ki["value"].round().astype("Int64"),
                   district_value=pd.Series([_district_count_for(ki, i, districts) for i in range(len(ki))],
                                            dtype="Int64"))
    rows = []
    for grp in _merge(ki, ["ki_value", "district_value", "qualifier"]):
        rep = ki.iloc[grp[0]]
        kc, dc = rep["ki_value"], rep["district_value"]
        rows.append({
            "statement_id": rep["fact_id"], "as_of_date": rep["as_of_date"],
            "date_precision": rep["as_of_precision"], "ki_count": kc, "district_count": dc,
            "coverage_pct": round(kc / dc * 100, 2) if not is_missing(dc) and dc else pd.NA,
            "qualifier": rep["qualifier"], "has_unknown_period": bool(rep["has_unknown_period"]),
            **_sources(ki, grp)})
    out = pd.DataFrame(rows, columns=[c for c in registry.table("rollout").columns])
    conflict = [False] * len(out)
    for i in range(len(out)):
        for j in range(len(out)):
            if i == j or not _same_period(out.at[i, "as_of_date"], out.at[i, "date_precision"],
                                          out.at[j, "as_of_date"], out.at[j, "date_precision"]):
                continue
            for col in ("ki_count", "district_count"):
                a, b = out.at[i, col], out.at[j, col]
                if not is_missing(a) and not is_missing(b) and a != b:
                    conflict[i] = True
    out["has_conflict"] = conflict
    return registry.coerce("rollout", out)


# ------------------------------------------------------------------- funding
def _clause(quote: Any, value_text: Any) -> str:
    """The clause of ``quote`` around the number (between commas/semicolons)."""
    if is_missing(quote):
        return ""
    q = str(quote)
    pos = q.find(str(value_text)) if not is_missing(value_text) else -1
    if pos < 0:
        return q
    left = max(q.rfind(sep, 0, pos) for sep in (",", ";", ":")) + 1
    rights = [q.find(sep, pos) for sep in (",", ";")]
    right = min([r for r in rights if r >= 0], default=len(q))
    return q[left:right]


def funding_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Amounts in euros by period, funder and recipient, with shares of stated totals."""
    fu = facts[facts["measure"] == "funding_eur"].reset_index(drop=True)
    rows = []
    for grp in _merge(fu, ["value", "qualifier", "funder", "subject", "district_ags"]):
        rep = fu.iloc[grp[0]]
        rows.append({
            "funding_id": rep["fact_id"], "period": rep["period"],
            "period_precision": rep["period_precision"], "funder": rep["funder"],
            "recipient_or_programme": rep["subject"], "district_ags": rep["district_ags"],
            "amount_eur": rep["value"], "qualifier": rep["qualifier"],
            "is_annual": bool(rep["is_annual"]) if not is_missing(rep["is_annual"])
            else bool(_ANNUAL_WORDS.search(_clause(rep["quote"], rep["value_text"]))),
            "is_total": False, "share_pct": pd.NA, "total_id": pd.NA,
            "has_unknown_period": bool(rep["has_unknown_period"]), **_sources(fu, grp),
            "_doc": rep["doc_id"], "_start": int(rep["start"]), "_end": int(rep["end"])})
    out = pd.DataFrame(rows)
    if out.empty:
        return registry.coerce("funding", pd.DataFrame(columns=registry.table("funding").columns))
    _mark_totals(out)
    return registry.coerce("funding", out)


def _mark_totals(out: pd.DataFrame) -> None:
    """Find stated totals and their parts in place (``is_total``, ``total_id``, ``share_pct``).

    A total is an amount with at least two smaller amounts of the same document and
    period close to it: after it ("insgesamt X. Davon ..."), marked by a total or
    "davon" word; or before it ("... damit insgesamt X"), marked by a total word and
    then only if the parts add up (no "davon" to say they belong together).
    """
    from .checks import interval  # the same qualifier intervals the reconciliation uses

    period = out["period"].fillna("")
    for i in out.sort_values("amount_eur", ascending=False, kind="stable").index:
        total = out.loc[i]
        if not pd.isna(total["total_id"]):
            continue
        near = out[(out["_doc"] == total["_doc"]) & (out.index != i) & out["total_id"].isna()
                   & ~out["is_total"] & (out["amount_eur"] < total["amount_eur"])
                   & ((period == (period.at[i])) | (period == ""))]
        after = near[(near["_start"] > total["_end"]) & (near["_start"] - total["_end"] <= PARTS_WINDOW_CHARS)]
        before = near[(near["_end"] < total["_start"]) & (total["_start"] - near["_end"] <= PARTS_WINDOW_CHARS)]
        has_total_word = bool(_TOTAL_WORDS.search(str(total["quote"])))
        parts = None
        if len(after) >= 2 and (has_total_word or any(_PART_WORDS.search(str(q)) for q in after["quote"])):
            parts = after
        elif len(before) >= 2 and has_total_word:
            lo = sum(interval(v, q)[0] for v, q in zip(before["amount_eur"], before["qualifier"]))
            hi = sum(interval(v, q)[1] for v, q in zip(before["amount_eur"], before["qualifier"]))
            t_lo, t_hi = interval(total["amount_eur"], total["qualifier"])
            if lo <= t_hi and t_lo <= hi:
                parts = before
        if parts is None:
            continue
        out.at[i, "is_total"] = True
        for j in parts.index:
            out.at[j, "total_id"] = total["funding_id"]
            out.at[j, "share_pct"] = round(out.at[j, "amount_eur"] / total["amount_eur"] * 100, 2)


# ------------------------------------------------------------------ staffing
def _fmt_num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _centres_for(row: pd.Series, rollout: pd.DataFrame) -> list[tuple[str, int, pd.Series]]:
    """Counts to multiply a per-centre figure by: the rollout statement of the same
    document (else the latest one up to its date), as existing centres and as districts."""
    docs = set(str(row["doc_ids"]).split(SEP))
    cand = rollout[rollout["doc_ids"].map(lambda d: bool(docs & set(str(d).split(SEP))))]
    if cand.empty and not is_missing(row["as_of_date"]):
        cand = rollout[rollout["as_of_date"] <= row["as_of_date"]].tail(1)
    if cand.empty:
        return []
    st = cand.sort_values(["n_sources", "as_of_date"], kind="stable").iloc[-1]
    out = []
    if not is_missing(st["ki_count"]):
        out.append(("ki_count", int(st["ki_count"]), st))
    if not is_missing(st["district_count"]) and st["district_count"] != st["ki_count"]:
        out.append(("district_count", int(st["district_count"]), st))
    return out


def staffing_table(facts: pd.DataFrame, rollout: pd.DataFrame) -> pd.DataFrame:
    """Positions and teachers as stated, plus per-centre × centres as derived rows."""
    st = facts[facts["measure"].isin(["staff_positions", "teachers"])].reset_index(drop=True)
    rows = []
    for grp in _merge(st, ["measure", "value", "qualifier", "per_unit", "funder"]):
        rep = st.iloc[grp[0]]
        rows.append({
            "staffing_id": rep["fact_id"], "as_of_date": rep["as_of_date"],
            "date_precision": rep["as_of_precision"], "measure": rep["measure"], "value": rep["value"],
            "unit": rep["unit"], "qualifier": rep["qualifier"], "per_unit": rep["per_unit"],
            "is_derived": False, "formula": pd.NA, "centre_count": pd.NA, "centre_basis": pd.NA,
            "funder": rep["funder"], "has_unknown_period": bool(rep["has_unknown_period"]),
            **_sources(st, grp)})
    derived = []
    for row in rows:
        if is_missing(row["per_unit"]) or not bool(row["per_unit"]):
            continue
        for basis, n, statement in _centres_for(pd.Series(row), rollout):
            derived.append({
                **row, "staffing_id": f"{row['staffing_id']}*{basis}", "value": row["value"] * n,
                "per_unit": False, "is_derived": True, "formula": f"{_fmt_num(row['value'])} × {n}",
                "centre_count": n, "centre_basis": basis,
                "doc_ids": join_ids(row["doc_ids"].split(SEP) + str(statement["doc_ids"]).split(SEP)),
                "fact_ids": join_ids(str(row["fact_ids"]).split(SEP) + str(statement["fact_ids"]).split(SEP)),
                "n_sources": len(set(row["doc_ids"].split(SEP)) | set(str(statement["doc_ids"]).split(SEP))),
            })
    out = pd.DataFrame(rows + derived, columns=registry.table("staffing").columns)
    return registry.coerce("staffing", out)


# --------------------------------------------------------------- districts
def districts_table(reference: pd.DataFrame) -> pd.DataFrame:
    """The reference districts CSV (`nrw_districts.csv`) under the registry's names."""
    ref = reference.rename(columns={"ags": "district_ags", "name": "district_name", "type": "district_type"})
    return registry.coerce("districts", ref)


def _districts_from(gazetteer: Any) -> pd.DataFrame | None:
    """The reference districts held by the corpus stage's Gazetteer (``table()``)."""
    table = getattr(gazetteer, "table", None)
    return table() if callable(table) else None


def _event_tables(documents: Any, base: dict[str, pd.DataFrame], gazetteer: Any) -> dict[str, pd.DataFrame]:
    """mentions/programmes/events from ``base``, else from the corpus helper's ``events`` module."""
    out = {n: base[n] for n in ("mentions", "programmes", "events") if n in base}
    if len(out) == 3:
        return out
    if documents is None:
        return out
    try:
        from .events import event_tables  # the corpus stage's mentions/programmes/events
    except ImportError:
        return out
    made = event_tables(documents, gazetteer, dates=base.get("dates"))
    for n in ("mentions", "programmes", "events"):
        if n not in out and n in made:
            out[n] = made[n]
    return out


# ------------------------------------------------------------------ entry
def derive_tables(documents: Any, base: dict[str, pd.DataFrame], gazetteer: Any = None) -> dict[str, pd.DataFrame]:
    """All published tables from the base tables (documents, facts, numbers, dates, ...).

    ``documents`` (the corpus' Document objects) is only passed through to the event
    extraction; ``gazetteer`` supplies the districts reference table when it has one
    (else pass ``base["districts"]``, the raw reference CSV).
    """
    if "facts" not in base:
        raise KiError(f"derive_tables needs a facts table; got {', '.join(sorted(base)) or 'nothing'}")
    docs = base.get("documents")
    facts = prepare_facts(base["facts"], docs)
    rollout = rollout_table(facts)
    tables: dict[str, pd.DataFrame] = {
        "documents": registry.coerce("documents", docs) if docs is not None else None,
        "facts": registry.coerce("facts", base["facts"]),
        "numbers": registry.coerce("numbers", base["numbers"]) if "numbers" in base else None,
        "dates": registry.coerce("dates", base["dates"]) if "dates" in base else None,
        "rollout": rollout,
        "funding": funding_table(facts),
        "staffing": staffing_table(facts, rollout),
    }
    for name, df in _event_tables(documents, base, gazetteer).items():
        tables[name] = registry.coerce(name, df)
    ref = base.get("districts")
    if ref is None and gazetteer is not None:
        ref = _districts_from(gazetteer)
    if ref is not None:
        tables["districts"] = districts_table(ref)
    from .checks import reconcile  # here, not at import: checks reads tables' helpers
    tables = {k: v for k, v in tables.items() if v is not None}
    tables["checks"] = reconcile(tables)
    return {name: tables[name] for name in registry.TABLE_NAMES if name in tables}
