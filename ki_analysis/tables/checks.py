"""Reconciliation: do the figures agree with each other, and where do sources differ?

``reconcile(tables)`` is a pure function from the derived tables to the ``checks``
table. A disagreement between sources is data, not a failure: it becomes a
``conflict`` row that explains itself, and the build goes on. Only broken data
(a fact pointing at no document, a table that does not match its schema) is an
``error``; ``ki check`` exits non-zero on those alone.

Every figure is read as an interval that its qualifier and its stated digits allow;
two figures agree when their intervals overlap.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pandas as pd

from .. import registry, schema
from ..vocab import WARN_REL, label
from .facts import SEP, is_missing, join_ids
from .intervals import _gap, _overlap, interval, rounding_half_unit

#: ``ki check`` and the explanations speak English; codes are worded by ``vocab.label``.
LANG = "en"


def fmt(v: float) -> str:
    """A figure for the explanations: 39 400 000, 3.5, inf as ∞."""
    if v == math.inf:
        return "∞"
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", " ")
    return f"{v:,.6g}".replace(",", " ")


def _stated(value: float, qualifier: Any) -> str:
    """A figure with its qualifier's word: "about 39 400 000", "over 100", "19 600 000"."""
    q = "exact" if is_missing(qualifier) else str(qualifier)
    return fmt(value) if q == "exact" else f"{label('qualifier', q, LANG)} {fmt(value)}"


def stated_rows(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of table ``name`` that a text states: derived rows (sums, products, amounts per
    centre) are left out wherever stated figures are compared or counted."""
    if "is_derived" not in registry.table(name).columns:
        return df
    return df[~df["is_derived"].fillna(False).astype(bool)]


def _range(iv: tuple[float, float]) -> str:
    return f"[{fmt(iv[0])}, {fmt(iv[1])}]"


def _row(
    check_id: str,
    kind: str,
    status: str,
    explanation: str,
    *,
    values: str = "",
    observed: Any = pd.NA,
    expected: Any = pd.NA,
    unit: Any = pd.NA,
    tolerance: str = "",
    doc_ids: str = "",
) -> dict:
    return {
        "check_id": check_id,
        "check_kind": kind,
        "status": status,
        "values": values or pd.NA,
        "observed": observed,
        "expected": expected,
        "unit": unit,
        "tolerance": tolerance or pd.NA,
        "doc_ids": doc_ids or pd.NA,
        "explanation": explanation,
    }


def _status(observed: tuple[float, float], expected: tuple[float, float], stated: float) -> str:
    if _overlap(observed, expected):
        return "ok"
    return "warn" if _gap(observed, expected) <= WARN_REL * abs(stated) else "conflict"


def _half_units(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    facts = tables.get("facts")
    if facts is None or facts.empty:
        return {}
    return {
        fid: rounding_half_unit(v, vt)
        for fid, v, vt in zip(facts["fact_id"], facts["value"], facts["value_text"])
        if not is_missing(v)
    }


def _first_fact(fact_ids: Any) -> str:
    return str(fact_ids).split(SEP)[0] if not is_missing(fact_ids) else ""


# ----------------------------------------------------------------- the checks
def parts_total(funding: pd.DataFrame, half: dict[str, float]) -> list[dict]:
    """Parts of a stated total against the total, within their qualifiers."""
    out = []
    funding = stated_rows("funding", funding)
    for total in funding[funding["is_total"].fillna(False)].itertuples(index=False):
        parts = funding[funding["total_id"] == total.funding_id]
        lo = hi = 0.0
        for p in parts.itertuples(index=False):
            a, b = interval(p.amount_eur, p.qualifier, half.get(p.funding_id, 0.0))
            lo, hi = lo + a, hi + b
        expected = interval(total.amount_eur, total.qualifier, half.get(total.funding_id, 0.0))
        observed = float(parts["amount_eur"].sum())
        status = _status((lo, hi), expected, total.amount_eur)
        values = " + ".join(_stated(p.amount_eur, p.qualifier) for p in parts.itertuples(index=False))
        verdict = {"ok": "agree with", "warn": "nearly agree with", "conflict": "do not add up to"}[status]
        out.append(
            _row(
                f"parts_total:{total.funding_id}",
                "parts_total",
                status,
                f"The {len(parts)} parts ({values} EUR) {verdict} the stated total of "
                f"{_stated(total.amount_eur, total.qualifier)} EUR for {total.period if not is_missing(total.period) else 'an unknown period'}.",
                values=f"{values} = {fmt(observed)}",
                observed=observed,
                expected=total.amount_eur,
                unit="EUR",
                tolerance=f"parts {_range((lo, hi))} vs total {_range(expected)}",
                doc_ids=join_ids(list(parts["doc_ids"].str.split(SEP).explode()) + total.doc_ids.split(SEP)),
            )
        )
    return out


def per_centre_total(staffing: pd.DataFrame, half: dict[str, float]) -> list[dict]:
    """Per-centre figures × number of centres against stated totals of the same measure."""
    out: list[dict] = []
    derived = staffing[staffing["is_derived"].fillna(False)]
    totals = staffing[~staffing["is_derived"].fillna(False) & ~staffing["per_unit"].fillna(False)]
    if derived.empty or totals.empty:
        return out
    stated = staffing.set_index("staffing_id")
    derived = derived.assign(_per=derived["staffing_id"].str.rsplit("*", n=1).str[0])
    for per_id, products in derived.groupby("_per", sort=True):
        first = products.iloc[0]
        per = stated.loc[per_id]  # the per-centre figure as stated; the products are rounded
        docs = set(first["doc_ids"].split(SEP))
        cands = totals[totals["measure"] == first["measure"]]
        shared = cands[[bool(docs & set(d.split(SEP))) for d in cands["doc_ids"]]]
        if shared.empty and not is_missing(first["as_of_date"]):
            shared = cands[cands["as_of_date"].dt.year == first["as_of_date"].year]
        for total in shared.itertuples(index=False):
            expected = interval(total.value, total.qualifier, half.get(_first_fact(total.fact_ids), 0.0))
            results = []
            for p in products.itertuples(index=False):
                iv = interval(per["value"], per["qualifier"], half.get(per_id, 0.0))
                iv = (iv[0] * p.centre_count, iv[1] * p.centre_count)
                results.append((p, iv, _status(iv, expected, total.value)))
            best = min(results, key=lambda r: ("ok", "warn", "conflict").index(r[2]))
            status = best[2]
            parts = [
                f"{p.formula} = {fmt(p.value)} ({label('centre_basis', p.centre_basis, LANG)}: "
                f"{'agrees' if s == 'ok' else 'nearly agrees' if s == 'warn' else 'disagrees'})"
                for p, _, s in results
            ]
            measure = label("measure", first["measure"], LANG)
            out.append(
                _row(
                    f"per_centre_total:{per_id}:{total.staffing_id}",
                    "per_centre_total",
                    status,
                    f"Per-centre {measure} times the number of centres give {'; '.join(parts)}, "
                    f"against a stated total of {_stated(total.value, total.qualifier)}.",
                    values="; ".join(p.formula for p, _, _ in results),
                    observed=best[0].value,
                    expected=total.value,
                    unit=total.unit,
                    tolerance=f"product {_range(best[1])} vs stated {_range(expected)}",
                    doc_ids=join_ids(
                        list(products["doc_ids"].str.split(SEP).explode()) + total.doc_ids.split(SEP)
                    ),
                )
            )
    return out


def count_conflicts(facts: pd.DataFrame, rollout: pd.DataFrame, districts: pd.DataFrame | None) -> list[dict]:
    """Different district counts across sources, and different centre counts for one period."""
    out = []
    dc = facts[(facts["measure"] == "district_count") & facts["value"].notna()]
    if not dc.empty:
        by_value = {int(v): join_ids(g["doc_id"]) for v, g in dc.groupby(dc["value"].round())}
        if len(by_value) > 1:
            values = sorted(by_value)
            listing = "; ".join(f"{v} ({by_value[v]})" for v in values)
            n_units = len(districts) if districts is not None and len(districts) else None
            if n_units and set(values) <= {n_units, n_units + 1}:
                why = (
                    f"{n_units} counts NRW's Kreis-level units; {n_units + 1} also counts Stadt Aachen, "
                    "which keeps its own Kommunales Integrationszentrum inside Städteregion Aachen "
                    "(see data/reference/SOURCES.md). Both are right under their own convention."
                )
            else:
                why = "The sources count the Kreise und kreisfreie Städte differently."
            out.append(
                _row(
                    "count_conflict:district_count",
                    "count_conflict",
                    "conflict",
                    f"Sources give {' and '.join(map(str, values))} districts: {why}",
                    values=listing,
                    unit="count",
                    doc_ids=join_ids(dc["doc_id"]),
                )
            )
    flagged = rollout[rollout["has_conflict"].fillna(False)]
    seen: set[str] = set()
    for row in flagged.itertuples(index=False):
        key = f"{row.as_of_date:%Y}" if row.date_precision == "year" else f"{row.as_of_date:%Y-%m}"
        if key in seen:
            continue
        seen.add(key)
        pattern = "%Y" if row.date_precision == "year" else "%Y-%m"
        same = flagged[[f"{d:{pattern}}" == key for d in flagged["as_of_date"]]]
        listing = "; ".join(
            f"{_stated(r.ki_count, r.qualifier)} of {r.district_count if not is_missing(r.district_count) else '?'} "
            f"({r.doc_ids})"
            for r in same.itertuples(index=False)
        )
        out.append(
            _row(
                f"count_conflict:ki_count:{key}",
                "count_conflict",
                "conflict",
                f"Statements for {key} give different numbers of centres; both are kept side by side.",
                values=listing,
                unit="count",
                doc_ids=join_ids(same["doc_ids"].str.split(SEP).explode()),
            )
        )
    return out


def _how_sources_relate(doc_ids: str, clusters: dict[str, str]) -> str:
    """ "one release in N editions" or "N separate releases" (a copy still corroborates)."""
    docs = doc_ids.split(SEP)
    groups = {clusters.get(d, d) for d in docs}
    if len(groups) == 1:
        return f"one release in {len(docs)} editions"
    return (
        f"{len(groups)} separate releases"
        if len(groups) == len(docs)
        else f"{len(groups)} separate releases, {len(docs)} documents"
    )


def corroboration(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """A figure stated in several documents: one row of the table, several sources."""
    out = []
    docs = tables.get("documents")
    clusters = (
        {}
        if docs is None
        else {d: c for d, c in zip(docs["doc_id"], docs["duplicate_cluster"]) if not is_missing(c)}
    )
    centres, districts = (label("centre_basis", b, LANG) for b in ("ki_count", "district_count"))
    specs = {
        "rollout": (
            "statement_id",
            lambda r: (
                f"{_stated(r.ki_count, r.qualifier)} {centres}"
                + ("" if is_missing(r.district_count) else f" of {r.district_count} {districts}")
            ),
        ),
        "funding": ("funding_id", lambda r: f"{_stated(r.amount_eur, r.qualifier)} EUR"),
        "staffing": (
            "staffing_id",
            lambda r: f"{_stated(r.value, r.qualifier)} {label('measure', r.measure, LANG)}",
        ),
    }
    for name, (key, describe) in specs.items():
        df = tables.get(name)
        if df is None or df.empty:
            continue
        df = stated_rows(name, df)
        for r in df[df["n_sources"] > 1].itertuples(index=False):
            out.append(
                _row(
                    f"corroboration:{name}:{getattr(r, key)}",
                    "corroboration",
                    "ok",
                    f"{describe(r)} is stated in {_how_sources_relate(r.doc_ids, clusters)}; "
                    "it is counted once.",
                    values=describe(r),
                    doc_ids=r.doc_ids,
                )
            )
    return out


def unknown_periods(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Figures whose text names no period: kept, dated by their document, and flagged."""
    out = []
    for name, key in (("rollout", "statement_id"), ("funding", "funding_id"), ("staffing", "staffing_id")):
        df = tables.get(name)
        if df is None or df.empty:
            continue
        df = stated_rows(name, df)
        for r in df[df["has_unknown_period"].fillna(False)].itertuples(index=False):
            out.append(
                _row(
                    f"unknown_period:{name}:{getattr(r, key)}",
                    "unknown_period",
                    "warn",
                    f"The text gives no period for this {name} figure; it is dated by its document and kept.",
                    values=str(r.quote)[:120] if not is_missing(r.quote) else "",
                    doc_ids=r.doc_ids,
                )
            )
    return out


def references(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Broken links: facts or rows pointing at documents that do not exist; impossible shares."""
    out = []
    docs = tables.get("documents")
    facts = tables.get("facts")
    if docs is not None and facts is not None:
        known = set(docs["doc_id"])
        for doc_id in sorted(set(facts["doc_id"]) - known):
            out.append(
                _row(
                    f"reference:facts:{doc_id}",
                    "reference",
                    "error",
                    f"Facts refer to document {doc_id}, which is not in the documents table.",
                    doc_ids=doc_id,
                )
            )
    rollout = tables.get("rollout")
    if rollout is not None:
        for r in rollout[rollout["coverage_pct"].fillna(0) > 100].itertuples(index=False):
            out.append(
                _row(
                    f"reference:coverage:{r.statement_id}",
                    "reference",
                    "conflict",
                    f"{r.ki_count} centres for {r.district_count} districts is more than one per district.",
                    observed=r.coverage_pct,
                    unit="percent",
                    doc_ids=r.doc_ids,
                )
            )
    return out


def reconcile(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The checks table: one row per reconciliation, each with a status and a sentence."""
    empty = {
        n: schema.coerce(n, pd.DataFrame(columns=registry.table(n).columns))
        for n in ("facts", "rollout", "funding", "staffing")
    }
    t = {**empty, **{k: v for k, v in tables.items() if v is not None}}
    half = _half_units(t)
    rows = (
        parts_total(t["funding"], half)
        + per_centre_total(t["staffing"], half)
        + count_conflicts(t["facts"], t["rollout"], t.get("districts"))
        + corroboration(t)
        + unknown_periods(t)
        + references(t)
    )
    out = pd.DataFrame(rows, columns=registry.table("checks").columns)
    out = out.drop_duplicates("check_id").sort_values("check_id", kind="stable")
    return schema.coerce("checks", out)


# ----------------------------------------------------------------------- CLI
def validate(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Schema errors of loaded tables, as check rows (status error)."""
    out = []
    for name, df in tables.items():
        found = schema.problems(name, df)
        if found:
            summary = "; ".join(found)[:300]
            out.append(
                _row(
                    f"schema:{name}",
                    "reference",
                    "error",
                    f"Table {name} does not match its schema ({summary}).",
                    values=summary,
                )
            )
    return out


def format_table(checks: pd.DataFrame, width: int = 100) -> str:
    """The checks as an aligned plain-text table, errors and conflicts first; status and kind
    worded by the vocabulary, as charts and reports word them."""
    order = {"error": 0, "conflict": 1, "warn": 2, "ok": 3}
    df = checks.assign(_o=checks["status"].map(order)).sort_values(["_o", "check_id"], kind="stable")
    status = [label("status", s, LANG) for s in df["status"]]
    kind = [label("check_kind", k, LANG) for k in df["check_kind"]]
    head = [registry.label(f, LANG) for f in ("status", "check_kind", "explanation")]
    w_status = max(len(s) for s in [head[0], *status])
    w_kind = max(len(k) for k in [head[1], *kind])
    indent = " " * (w_status + w_kind + 4)
    lines = [
        f"{head[0]:<{w_status}}  {head[1]:<{w_kind}}  {head[2]}",
        f"{'-' * w_status}  {'-' * w_kind}  {'-' * len(head[2])}",
    ]
    for r, s, k in zip(df.itertuples(index=False), status, kind):
        text = str(r.explanation) + ("" if is_missing(r.doc_ids) else f" [{r.doc_ids}]")
        wrapped = textwrap.wrap(text, width=max(width - len(indent), 30), break_on_hyphens=False) or [""]
        lines.append(f"{s:<{w_status}}  {k:<{w_kind}}  {wrapped[0]}")
        lines += [indent + more for more in wrapped[1:]]
    counts = checks["status"].value_counts()
    lines += [
        "",
        ", ".join(
            f"{counts.get(s, 0)} {label('status', s, LANG)}" for s in ("ok", "warn", "conflict", "error")
        ),
    ]
    return "\n".join(lines)


def main(args: Any = None) -> int:
    """``ki check``: print the reconciliation; exit 1 on ``error`` rows only."""
    from ..published import load_all

    tables = load_all()
    recomputed = reconcile(tables)
    extra = pd.DataFrame(validate(tables), columns=registry.table("checks").columns)
    frames = [f for f in (recomputed, schema.coerce("checks", extra)) if len(f)]
    checks = pd.concat(frames, ignore_index=True) if frames else recomputed
    if tables.get("checks") is not None and len(tables["checks"]) != len(recomputed):
        note = schema.coerce(
            "checks",
            pd.DataFrame(
                [
                    _row(
                        "reference:stale_checks",
                        "reference",
                        "warn",
                        "The committed checks table differs from a fresh reconciliation; run `ki build`.",
                    )
                ]
            ),
        )
        checks = pd.concat([checks, note], ignore_index=True)
    print(format_table(checks))
    return 1 if (checks["status"] == "error").any() else 0
