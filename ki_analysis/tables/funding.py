"""The funding table: amounts by period, funder and recipient; stated totals and their parts."""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .. import registry, schema
from .intervals import interval
from .facts import is_missing, _merge, _sources

#: A part of a stated total follows it closely ("... insgesamt X. Davon kamen Y ...").
PARTS_WINDOW_CHARS = 400


_TOTAL_WORDS = re.compile(r"\b(insgesamt|gesamt|zusammen|Summe|Gesamt\w*)\b")


_PART_WORDS = re.compile(r"\b[Dd]avon\b")


_ANNUAL_WORDS = re.compile(r"jährlich|pro Jahr|je Jahr|jedes Jahr|im Jahr\b|p\.\s?a\.|Jahresbetrag")


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


def funding_table(facts: pd.DataFrame, rollout: pd.DataFrame | None = None) -> pd.DataFrame:
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
        return schema.coerce("funding", pd.DataFrame(columns=registry.table("funding").columns))
    _mark_totals(out)
    return schema.coerce("funding", out)


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
