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

    similar: dict[tuple[str, str], bool] = {}  # one comparison per pair of distinct quotes

    def same_passage(a: int, b: int) -> bool:
        qa, qb = sorted((str(quotes[a]), str(quotes[b])))
        if (qa, qb) not in similar:
            similar[(qa, qb)] = shared_passage(qa, qb)
        return similar[(qa, qb)]

    for members in by_key.values():
        for a_i, a in enumerate(members):
            for b in members[a_i + 1:]:
                if g.find(a) != g.find(b) and compatible(a, b) and \
                        (clusters[a] == clusters[b] or same_passage(a, b)):
                    g.union(a, b)
    return sorted(g.groups(), key=lambda grp: grp[0])


def _sources(f: pd.DataFrame, idx: list[int]) -> dict[str, Any]:
    docs = [f["doc_id"].iat[i] for i in idx]
    return {"doc_ids": join_ids(docs), "fact_ids": join_ids(f["fact_id"].iat[i] for i in idx),
            "quote": f["quote"].iat[idx[0]], "n_sources": len(set(docs))}


# ------------------------------------------------------------------- rollout
def _district_counts(ki: pd.DataFrame, districts: pd.DataFrame) -> list[Any]:
    """District count of each ki_count fact: the nearest one in the same sentence, else
    the document's district count if it states only one."""
    by_doc: dict[str, list[tuple[Any, int, float]]] = defaultdict(list)
    for doc, quote, start, value in zip(districts["doc_id"], districts["quote"], districts["start"],
                                        districts["value"]):
        if not is_missing(value):
            by_doc[doc].append((quote, int(start), float(value)))
    out: list[Any] = []
    for doc, quote, start in zip(ki["doc_id"], ki["quote"], ki["start"]):
        cands = by_doc.get(doc, [])
        same = [c for c in cands if c[0] == quote]
        if same:
            out.append(int(round(min(same, key=lambda c: abs(c[1] - start))[2])))
        elif len({c[2] for c in cands}) == 1:
            out.append(int(round(cands[0][2])))
        else:
            out.append(pd.NA)
    return out


def _conflicts(dates: list[Any], precisions: list[Any], *columns: list[Any]) -> list[bool]:
    """For each statement: does another one for the same period give a different figure?"""
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(dates):
        if not is_missing(d):
            by_year[d.year].append(i)
    out = [False] * len(dates)
    for members in by_year.values():
        for i in members:
            for j in members:
                if i == j or not _same_period(dates[i], precisions[i], dates[j], precisions[j]):
                    continue
                if any(not is_missing(c[i]) and not is_missing(c[j]) and c[i] != c[j] for c in columns):
                    out[i] = True
                    break
    return out


def rollout_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The network's size over time from prepared facts (see ``prepare_facts``)."""
    ki = facts[(facts["measure"] == "ki_count") & ~facts["per_unit"].fillna(False)].reset_index(drop=True)
    districts = facts[facts["measure"] == "district_count"]
    ki = ki.assign(ki_value=ki["value"].round().astype("Int64"),
                   district_value=pd.Series(_district_counts(ki, districts), dtype="Int64"))
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
    out = pd.DataFrame(rows, columns=registry.table("rollout").columns)
    out["has_conflict"] = _conflicts(list(out["as_of_date"]), list(out["date_precision"]),
                                     list(out["ki_count"]), list(out["district_count"]))
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

    for _, doc_rows in out.groupby("_doc", sort=False):
        rows = doc_rows.sort_values("amount_eur", ascending=False, kind="stable").to_dict("records")
        index = list(doc_rows.sort_values("amount_eur", ascending=False, kind="stable").index)
        part_of: dict[int, int] = {}
        totals: set[int] = set()
        for t, total in enumerate(rows):
            if t in part_of:
                continue
            period = "" if is_missing(total["period"]) else total["period"]
            near = [k for k, r in enumerate(rows)
                    if k != t and k not in part_of and k not in totals
                    and r["amount_eur"] < total["amount_eur"]
                    and (is_missing(r["period"]) or r["period"] == period)]
            after = [k for k in near if 0 < rows[k]["_start"] - total["_end"] <= PARTS_WINDOW_CHARS]
            before = [k for k in near if 0 < total["_start"] - rows[k]["_end"] <= PARTS_WINDOW_CHARS]
            has_total_word = bool(_TOTAL_WORDS.search(str(total["quote"])))
            parts: list[int] = []
            if len(after) >= 2 and (has_total_word or
                                    any(_PART_WORDS.search(str(rows[k]["quote"])) for k in after)):
                parts = after
            elif len(before) >= 2 and has_total_word:
                ivs = [interval(rows[k]["amount_eur"], rows[k]["qualifier"]) for k in before]
                t_lo, t_hi = interval(total["amount_eur"], total["qualifier"])
                if sum(lo for lo, _ in ivs) <= t_hi and t_lo <= sum(hi for _, hi in ivs):
                    parts = before
            if parts:
                totals.add(t)
                part_of.update({k: t for k in parts})
        for t in totals:
            out.at[index[t], "is_total"] = True
        for k, t in part_of.items():
            out.at[index[k], "total_id"] = rows[t]["funding_id"]
            out.at[index[k], "share_pct"] = round(rows[k]["amount_eur"] / rows[t]["amount_eur"] * 100, 2)


# ------------------------------------------------------------------ staffing
def _fmt_num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _centres_for(row: dict, rollout: list[dict], by_doc: dict[str, list[int]]) -> list[tuple[str, int, dict]]:
    """Counts to multiply a per-centre figure by: the rollout statement of the same
    document (else the latest one up to its date), as existing centres and as districts."""
    cand = sorted({i for d in str(row["doc_ids"]).split(SEP) for i in by_doc.get(d, [])})
    if not cand and not is_missing(row["as_of_date"]):
        earlier = [i for i, r in enumerate(rollout)
                   if not is_missing(r["as_of_date"]) and r["as_of_date"] <= row["as_of_date"]]
        cand = earlier[-1:]  # rollout is in date order
    if not cand:
        return []
    # the best-attested statement, then the latest
    st = rollout[max(cand, key=lambda i: (rollout[i]["n_sources"], rollout[i]["as_of_date"], -i))]
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
    statements = rollout.sort_values(["as_of_date", "statement_id"], kind="stable").to_dict("records")
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(statements):
        for d in str(r["doc_ids"]).split(SEP):
            by_doc[d].append(i)
    derived = []
    for row in rows:
        if is_missing(row["per_unit"]) or not bool(row["per_unit"]):
            continue
        for basis, n, statement in _centres_for(row, statements, by_doc):
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
