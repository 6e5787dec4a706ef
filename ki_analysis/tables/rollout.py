"""The rollout table: the network's size over time, one row per statement, with its sources."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from .. import registry, schema
from .facts import _merge, _same_period, _sources, is_missing


# ------------------------------------------------------------------- rollout
def _district_counts(ki: pd.DataFrame, districts: pd.DataFrame) -> list[Any]:
    """District count of each ki_count fact: the nearest one in the same sentence, else
    the document's district count if it states only one."""
    by_doc: dict[str, list[tuple[Any, int, float]]] = defaultdict(list)
    for doc, quote, start, value in zip(
        districts["doc_id"], districts["quote"], districts["start"], districts["value"]
    ):
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
    ki = ki.assign(
        ki_value=ki["value"].round().astype("Int64"),
        district_value=pd.Series(_district_counts(ki, districts), dtype="Int64"),
    )
    rows = []
    for grp in _merge(ki, ["ki_value", "district_value", "qualifier"]):
        rep = ki.iloc[grp[0]]
        kc, dc = rep["ki_value"], rep["district_value"]
        rows.append(
            {
                "statement_id": rep["fact_id"],
                "as_of_date": rep["as_of_date"],
                "date_precision": rep["as_of_precision"],
                "ki_count": kc,
                "district_count": dc,
                "coverage_pct": round(kc / dc * 100, 2) if not is_missing(dc) and dc else pd.NA,
                "qualifier": rep["qualifier"],
                "has_unknown_period": bool(rep["has_unknown_period"]),
                **_sources(ki, grp),
            }
        )
    out = pd.DataFrame(rows, columns=registry.table("rollout").columns)
    out["has_conflict"] = _conflicts(
        list(out["as_of_date"]),
        list(out["date_precision"]),
        list(out["ki_count"]),
        list(out["district_count"]),
    )
    return schema.coerce("rollout", out)
