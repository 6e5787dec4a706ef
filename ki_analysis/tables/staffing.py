"""The staffing table: positions and teachers as stated, and per-centre figures times centres."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from .. import registry, schema
from ..vocab import FORMULA_WORDS
from . import derived
from .facts import SEP, _merge, _same_period, _sources, is_missing, join_ids, least_review
from .intervals import rounding_half_unit


# ------------------------------------------------------------------ staffing
def _iso(date, precision) -> str:
    return pd.Timestamp(date).strftime({"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d"))


def _centres_for(row: dict, rollout: list[dict], by_doc: dict[str, list[int]]) -> list[tuple[str, int, dict]]:
    """Counts to multiply a per-centre figure by: the rollout statement of the same
    document (else the latest one up to its date), as existing centres and as districts."""
    cand = sorted({i for d in str(row["doc_ids"]).split(SEP) for i in by_doc.get(d, [])})
    if not cand and not is_missing(row["as_of_date"]):
        earlier = [
            i
            for i, r in enumerate(rollout)
            if not is_missing(r["as_of_date"]) and r["as_of_date"] <= row["as_of_date"]
        ]
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
        rows.append(
            {
                "staffing_id": rep["fact_id"],
                "as_of_date": rep["as_of_date"],
                "date_precision": rep["as_of_precision"],
                "measure": rep["measure"],
                "value": rep["value"],
                "unit": rep["unit"],
                "qualifier": rep["qualifier"],
                "per_unit": rep["per_unit"],
                "is_derived": False,
                "formula": pd.NA,
                "has_mixed_dates": False,
                "centre_count": pd.NA,
                "centre_basis": pd.NA,
                "funder": rep["funder"],
                "has_unknown_period": bool(rep["has_unknown_period"]),
                **_sources(st, grp),
                "_half": rounding_half_unit(rep["value"], rep["value_text"]),
            }
        )
    statements = rollout.sort_values(["as_of_date", "statement_id"], kind="stable").to_dict("records")
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(statements):
        for d in str(r["doc_ids"]).split(SEP):
            by_doc[d].append(i)
    products = []
    for row in rows:
        if is_missing(row["per_unit"]) or not bool(row["per_unit"]):
            continue
        per = derived.Stated(float(row["value"]), row["qualifier"], row["_half"])
        for basis, n, statement in _centres_for(row, statements, by_doc):
            centres = derived.Stated(float(n), statement["qualifier"] if basis == "ki_count" else "exact")
            result = derived.product(per, centres)
            mixed = not (
                is_missing(row["as_of_date"]) or is_missing(statement["as_of_date"])
            ) and not _same_period(
                row["as_of_date"], row["date_precision"], statement["as_of_date"], statement["date_precision"]
            )
            per_text = derived.plain(row["value"])
            formula = (
                f"{per_text} ({_iso(row['as_of_date'], row['date_precision'])}) × {n} "
                f"({FORMULA_WORDS['as_of'].en} {_iso(statement['as_of_date'], statement['date_precision'])})"
                if mixed
                else f"{per_text} × {n}"
            )
            products.append(
                {
                    **row,
                    "staffing_id": f"{row['staffing_id']}*{basis}",
                    "value": result.value,
                    "qualifier": result.qualifier,
                    "per_unit": False,
                    "is_derived": True,
                    "formula": formula,
                    "has_mixed_dates": mixed,
                    "centre_count": n,
                    "centre_basis": basis,
                    "doc_ids": join_ids(row["doc_ids"].split(SEP) + str(statement["doc_ids"]).split(SEP)),
                    "fact_ids": join_ids(
                        str(row["fact_ids"]).split(SEP) + str(statement["fact_ids"]).split(SEP)
                    ),
                    "n_sources": len(
                        set(row["doc_ids"].split(SEP)) | set(str(statement["doc_ids"]).split(SEP))
                    ),
                    "review_status": least_review([row["review_status"], statement["review_status"]]),
                }
            )
    out = pd.DataFrame(rows + products, columns=registry.table("staffing").columns)
    return schema.coerce("staffing", out)
