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
from ..phrases import phrase
from ..vocab import LANGS, WARN_REL, label
from .facts import SEP, is_missing, join_ids
from .intervals import _gap, _overlap, interval, rounding_half_unit

#: ``ki check`` speaks English; the table carries each sentence in English and German
#: (``explanation``/``values`` and ``explanation_de``/``values_de``).
LANG = "en"


def fmt(v: float, lang: str = LANG) -> str:
    """A figure for the explanations: 39 400 000, 3.5 (German 3,5), inf as ∞."""
    if v == math.inf:
        return "∞"
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", " ")
    text = f"{v:,.6g}".replace(",", " ")
    return text.replace(".", ",") if lang == "de" else text


def _stated(value: float, qualifier: Any, lang: str = LANG) -> str:
    """A figure with its qualifier's word: "about 39 400 000", "über 100", "19 600 000"."""
    q = "exact" if is_missing(qualifier) else str(qualifier)
    return fmt(value, lang) if q == "exact" else f"{label('qualifier', q, lang)} {fmt(value, lang)}"


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
def parts_total(funding: pd.DataFrame, half: dict[str, float], lang: str = LANG) -> list[dict]:
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
        values = " + ".join(_stated(p.amount_eur, p.qualifier, lang) for p in parts.itertuples(index=False))
        period = total.period if not is_missing(total.period) else phrase("check_period_unknown", lang)
        out.append(
            _row(
                f"parts_total:{total.funding_id}",
                "parts_total",
                status,
                phrase(
                    f"check_parts_{status}",
                    lang,
                    n=len(parts),
                    parts=values,
                    eur=phrase("check_eur", lang),
                    total=_stated(total.amount_eur, total.qualifier, lang),
                    period=period,
                ),
                values=f"{values} = {fmt(observed, lang)}",
                observed=observed,
                expected=total.amount_eur,
                unit="EUR",
                tolerance=f"parts {_range((lo, hi))} vs total {_range(expected)}",
                doc_ids=join_ids(list(parts["doc_ids"].str.split(SEP).explode()) + total.doc_ids.split(SEP)),
            )
        )
    return out


def per_centre_total(staffing: pd.DataFrame, half: dict[str, float], lang: str = LANG) -> list[dict]:
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
                f"{p.formula} = {fmt(p.value, lang)} ({label('centre_basis', p.centre_basis, lang)}: "
                f"{phrase(f'check_product_{s}', lang)})"
                for p, _, s in results
            ]
            out.append(
                _row(
                    f"per_centre_total:{per_id}:{total.staffing_id}",
                    "per_centre_total",
                    status,
                    phrase(
                        "check_per_centre",
                        lang,
                        measure=label("measure", first["measure"], lang),
                        products="; ".join(parts),
                        total=_stated(total.value, total.qualifier, lang),
                    ),
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


def count_conflicts(
    facts: pd.DataFrame, rollout: pd.DataFrame, districts: pd.DataFrame | None, lang: str = LANG
) -> list[dict]:
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
                why = phrase("check_districts_aachen", lang, n=n_units, n_plus=n_units + 1)
            else:
                why = phrase("check_districts_other", lang)
            and_ = f" {phrase('and', lang)} "
            out.append(
                _row(
                    "count_conflict:district_count",
                    "count_conflict",
                    "conflict",
                    phrase("check_districts", lang, values=and_.join(map(str, values)), why=why),
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
            phrase(
                "check_centres_of",
                lang,
                centres=_stated(r.ki_count, r.qualifier, lang),
                districts=r.district_count if not is_missing(r.district_count) else "?",
            )
            + f" ({r.doc_ids})"
            for r in same.itertuples(index=False)
        )
        out.append(
            _row(
                f"count_conflict:ki_count:{key}",
                "count_conflict",
                "conflict",
                phrase("check_centres_differ", lang, when=key),
                values=listing,
                unit="count",
                doc_ids=join_ids(same["doc_ids"].str.split(SEP).explode()),
            )
        )
    return out


def _how_sources_relate(doc_ids: str, clusters: dict[str, str], lang: str = LANG) -> str:
    """ "one release in N editions" or "N separate releases" (a copy still corroborates)."""
    docs = doc_ids.split(SEP)
    groups = {clusters.get(d, d) for d in docs}
    if len(groups) == 1:
        return phrase("check_one_release", lang, n=len(docs))
    if len(groups) == len(docs):
        return phrase("check_releases", lang, n=len(groups))
    return phrase("check_releases_docs", lang, n=len(groups), m=len(docs))


def corroboration(tables: dict[str, pd.DataFrame], lang: str = LANG) -> list[dict]:
    """A figure stated in several documents: one row of the table, several sources."""
    out = []
    docs = tables.get("documents")
    clusters = (
        {}
        if docs is None
        else {d: c for d, c in zip(docs["doc_id"], docs["duplicate_cluster"]) if not is_missing(c)}
    )
    centres, districts = (label("centre_basis", b, lang) for b in ("ki_count", "district_count"))

    def centres_of(r: Any) -> str:
        stated = f"{_stated(r.ki_count, r.qualifier, lang)} {centres}"
        if is_missing(r.district_count):
            return stated
        return phrase("check_centres_of", lang, centres=stated, districts=f"{r.district_count} {districts}")

    specs = {
        "rollout": ("statement_id", centres_of),
        "funding": (
            "funding_id",
            lambda r: f"{_stated(r.amount_eur, r.qualifier, lang)} {phrase('check_eur', lang)}",
        ),
        "staffing": (
            "staffing_id",
            lambda r: f"{_stated(r.value, r.qualifier, lang)} {label('measure', r.measure, lang)}",
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
                    phrase(
                        "check_corroborated",
                        lang,
                        what=describe(r),
                        how=_how_sources_relate(r.doc_ids, clusters, lang),
                    ),
                    values=describe(r),
                    doc_ids=r.doc_ids,
                )
            )
    return out


def unknown_periods(tables: dict[str, pd.DataFrame], lang: str = LANG) -> list[dict]:
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
                    phrase("check_no_period", lang, table=name),
                    values=str(r.quote)[:120] if not is_missing(r.quote) else "",
                    doc_ids=r.doc_ids,
                )
            )
    return out


def references(tables: dict[str, pd.DataFrame], lang: str = LANG) -> list[dict]:
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
                    phrase("check_missing_document", lang, doc_id=doc_id),
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
                    phrase("check_over_coverage", lang, centres=r.ki_count, districts=r.district_count),
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

    def rows(lang: str) -> pd.DataFrame:
        found = (
            parts_total(t["funding"], half, lang)
            + per_centre_total(t["staffing"], half, lang)
            + count_conflicts(t["facts"], t["rollout"], t.get("districts"), lang)
            + corroboration(t, lang)
            + unknown_periods(t, lang)
            + references(t, lang)
        )
        return pd.DataFrame(found, columns=list(_row("", "", "", "")))

    out = rows(LANG).drop_duplicates("check_id")
    for lang in LANGS:
        if lang != LANG:  # the same checks worded in another language: its two columns
            other = rows(lang).drop_duplicates("check_id").set_index("check_id")
            for col in ("values", "explanation"):
                out[f"{col}_{lang}"] = out["check_id"].map(other[col])
    out = out.sort_values("check_id", kind="stable")
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
                    phrase("check_schema", LANG, table=name, summary=summary),
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
