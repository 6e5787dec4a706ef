"""The funding table: amounts by period, funder and recipient; stated totals and their parts;
and the figures derived from them (sum of the parts, amount per centre) as marked rows."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .. import registry, schema
from ..vocab import FORMULA_WORDS, QUALIFIER_SYMBOL
from . import derived
from .facts import SEP, _merge, _same_period, _sources, is_missing, join_ids, least_review, parse_period
from .intervals import interval, rounding_half_unit

#: A part of a stated total follows it closely ("... insgesamt X. Davon kamen Y ...").
PARTS_WINDOW_CHARS = 400

_TOTAL_WORDS = re.compile(r"\b(insgesamt|gesamt|zusammen|Summe|Gesamt\w*)\b")

_PART_WORDS = re.compile(r"\b[Dd]avon\b")

_ANNUAL_WORDS = re.compile(r"jährlich|pro Jahr|je Jahr|jedes Jahr|im Jahr\b|p\.\s?a\.|Jahresbetrag")

#: Suffixes of the derived rows' ids: ``<funding_id of the total>*sum_of_parts``.
SUM_OF_PARTS = "sum_of_parts"
PER_CENTRE = "per_centre"


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


def funding_table(facts: pd.DataFrame, rollout: pd.DataFrame) -> pd.DataFrame:
    """Amounts in euros by period, funder and recipient, with shares of stated totals, and the
    derived rows: the sum of each total's parts, and the amount per centre of each period's
    latest total (divided by the latest count of centres in ``rollout`` up to the period's end)."""
    fu = facts[facts["measure"] == "funding_eur"].reset_index(drop=True)
    rows = []
    for grp in _merge(fu, ["value", "qualifier", "funder", "subject", "district_ags"]):
        rep = fu.iloc[grp[0]]
        rows.append(
            {
                "funding_id": rep["fact_id"],
                "period": rep["period"],
                "period_precision": rep["period_precision"],
                "funder": rep["funder"],
                "recipient_or_programme": rep["subject"],
                "district_ags": rep["district_ags"],
                "amount_eur": rep["value"],
                "qualifier": rep["qualifier"],
                "is_annual": bool(rep["is_annual"])
                if not is_missing(rep["is_annual"])
                else bool(_ANNUAL_WORDS.search(_clause(rep["quote"], rep["value_text"]))),
                "is_total": False,
                "share_pct": pd.NA,
                "total_id": pd.NA,
                "has_unknown_period": bool(rep["has_unknown_period"]),
                "is_derived": False,
                "formula": pd.NA,
                "has_mixed_dates": False,
                **_sources(fu, grp),
                "_doc": rep["doc_id"],
                "_start": int(rep["start"]),
                "_end": int(rep["end"]),
                "_doc_date": rep["doc_date"],
                "_half": rounding_half_unit(rep["value"], rep["value_text"]),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return schema.coerce("funding", pd.DataFrame(columns=registry.table("funding").columns))
    _mark_totals(out)
    stated = out.to_dict("records")
    extra = sums_of_parts(stated) + amounts_per_centre(stated, rollout)
    return schema.coerce("funding", pd.DataFrame(stated + extra))


def _input(row: dict) -> derived.Stated:
    return derived.Stated(float(row["amount_eur"]), row["qualifier"], row.get("_half", 0.0))


def _term(value: Any, qualifier: Any) -> str:
    """A stated figure in a formula: "≈ 39400000", "< 5300000", "19600000"."""
    symbol = "" if is_missing(qualifier) else QUALIFIER_SYMBOL.get(str(qualifier), "")
    return f"{symbol} {derived.plain(value)}" if symbol else derived.plain(value)


def _iso(date: Any, precision: Any) -> str:
    """A date in a formula at its precision: 2015-12-09, 2013-12, 2017."""
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d")
    return pd.Timestamp(date).strftime(fmt)


def _period_text(row: dict) -> str:
    return FORMULA_WORDS["period_not_stated"].en if is_missing(row["period"]) else str(row["period"])


def _derived_row(
    base: dict,
    suffix: str,
    result: derived.Derived,
    formula: str,
    mixed: bool,
    doc_ids: list[str],
    fact_ids: list[str],
    reviews: list[str],
) -> dict:
    """A derived row about the stated total ``base``: its period, funder and quote, the sources of
    every input, and the review of its least-reviewed input."""
    return {
        **{k: v for k, v in base.items() if not k.startswith("_")},
        "funding_id": f"{base['funding_id']}*{suffix}",
        "amount_eur": result.value,
        "qualifier": result.qualifier,
        "is_total": False,
        "share_pct": pd.NA,
        "total_id": pd.NA,
        "is_derived": True,
        "formula": formula,
        "has_mixed_dates": mixed,
        "doc_ids": join_ids(doc_ids),
        "fact_ids": join_ids(fact_ids),
        "n_sources": len(set(doc_ids)),
        "review_status": least_review(reviews),
    }


def _ids(rows: list[dict], column: str) -> list[str]:
    return [i for r in rows for i in str(r[column]).split(SEP) if not is_missing(r[column])]


def sums_of_parts(rows: list[dict]) -> list[dict]:
    """One derived row per stated total with parts: the parts added up, each part with its
    qualifier, rounded to what the parts allow ("fast 5,3" makes the sum "fast")."""
    out = []
    for total in rows:
        if not total["is_total"]:
            continue
        parts = [r for r in rows if r["total_id"] == total["funding_id"]]
        if not parts:
            continue
        result = derived.sum_of(_input(p) for p in parts)
        periods = {_period_text(p) for p in parts}
        mixed = len(periods) > 1
        if mixed:
            formula = " + ".join(
                f"{_term(p['amount_eur'], p['qualifier'])} EUR ({_period_text(p)})" for p in parts
            )
        else:
            formula = (
                " + ".join(_term(p["amount_eur"], p["qualifier"]) for p in parts) + f" EUR ({periods.pop()})"
            )
        out.append(
            _derived_row(
                total,
                SUM_OF_PARTS,
                result,
                formula,
                mixed,
                _ids(parts, "doc_ids"),
                _ids(parts, "fact_ids"),
                [p["review_status"] for p in parts],
            )
        )
    return out


def _period_end(period: Any) -> pd.Timestamp | None:
    start, precision = parse_period(period)
    if start is None:
        return None
    return {"year": start + pd.offsets.YearEnd(0), "month": start + pd.offsets.MonthEnd(0)}.get(
        precision or "day", start
    )


def latest_count(rollout: pd.DataFrame, until: pd.Timestamp) -> dict | None:
    """The latest statement of the number of centres dated up to ``until`` (the highest count
    when one date has several)."""
    r = rollout.dropna(subset=["ki_count", "as_of_date"])
    r = r[r["as_of_date"] <= until]
    if r.empty:
        return None
    return r.sort_values(["as_of_date", "ki_count", "statement_id"], kind="stable").iloc[-1].to_dict()


def amounts_per_centre(rows: list[dict], rollout: pd.DataFrame) -> list[dict]:
    """One derived row per period with a stated total: its latest total divided by the latest
    count of centres stated up to the end of the period. When the count is of another date than
    the total's period, the row says so (``has_mixed_dates``); the formula names both dates."""
    latest: dict[str, dict] = {}
    for r in rows:  # the latest document's total per period; ties by id
        if r["is_total"] and not is_missing(r["period"]):
            key = (
                pd.Timestamp(r["_doc_date"]) if not is_missing(r["_doc_date"]) else pd.Timestamp.min,
                r["funding_id"],
            )
            seen = latest.get(str(r["period"]))
            if seen is None or key > seen["_key"]:
                latest[str(r["period"])] = {**r, "_key": key}
    out = []
    for period, total in sorted(latest.items()):
        end = _period_end(period)
        count = latest_count(rollout, end) if end is not None else None
        if count is None:
            continue
        centres = derived.Stated(float(count["ki_count"]), count["qualifier"])
        result = derived.quotient(_input(total), centres)
        start, precision = parse_period(period)
        mixed = not _same_period(start, precision, pd.Timestamp(count["as_of_date"]), count["date_precision"])
        formula = (
            f"{_term(total['amount_eur'], total['qualifier'])} EUR ({period}) / "
            f"{_term(count['ki_count'], count['qualifier'])} {FORMULA_WORDS['centres'].en} "
            f"({FORMULA_WORDS['as_of'].en} {_iso(count['as_of_date'], count['date_precision'])})"
        )
        docs = str(total["doc_ids"]).split(SEP) + str(count["doc_ids"]).split(SEP)
        facts = str(total["fact_ids"]).split(SEP) + str(count["fact_ids"]).split(SEP)
        reviews = [total["review_status"], count["review_status"]]
        out.append(_derived_row(total, PER_CENTRE, result, formula, mixed, docs, facts, reviews))
    return out


def _mark_totals(out: pd.DataFrame) -> None:
    """Find stated totals and their parts in place (``is_total``, ``total_id``, ``share_pct``).

    A total is an amount with at least two smaller amounts of the same document and
    period close to it: after it ("insgesamt X. Davon ..."), marked by a total or
    "davon" word; or before it ("... damit insgesamt X"), marked by a total word and
    then only if the parts add up (no "davon" to say they belong together).
    """
    for _, doc_rows in out.groupby("_doc", sort=False):
        rows = doc_rows.sort_values("amount_eur", ascending=False, kind="stable").to_dict("records")
        index = list(doc_rows.sort_values("amount_eur", ascending=False, kind="stable").index)
        part_of: dict[int, int] = {}
        totals: set[int] = set()
        for t, total in enumerate(rows):
            if t in part_of:
                continue
            period = "" if is_missing(total["period"]) else total["period"]
            near = [
                k
                for k, r in enumerate(rows)
                if k != t
                and k not in part_of
                and k not in totals
                and r["amount_eur"] < total["amount_eur"]
                and (is_missing(r["period"]) or r["period"] == period)
            ]
            after = [k for k in near if 0 < rows[k]["_start"] - total["_end"] <= PARTS_WINDOW_CHARS]
            before = [k for k in near if 0 < total["_start"] - rows[k]["_end"] <= PARTS_WINDOW_CHARS]
            has_total_word = bool(_TOTAL_WORDS.search(str(total["quote"])))
            parts: list[int] = []
            if len(after) >= 2 and (
                has_total_word or any(_PART_WORDS.search(str(rows[k]["quote"])) for k in after)
            ):
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
