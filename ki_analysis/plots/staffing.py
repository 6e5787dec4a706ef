"""The staffing chart: positions and teachers per centre, stated and implied totals."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import fmt
from ..errors import KiError
from ..phrases import phrase
from .base import (
    DERIVED_HATCH,
    GREY,
    OKABE_ITO,
    Chart,
    alt_text,
    finish,
    frame,
    legend_stated_derived,
    require_columns,
    review_alt,
    review_mark,
    review_note,
    source_line,
    sources_for,
    subtitle,
    table_title,
    themed,
    unbroken_numbers,
    unreviewed,
    value_label,
    year_span,
)

MEASURES = ("staff_positions", "teachers")
#: The table's columns the chart's data shows (and so needs).
SHOWN = (
    "staffing_id",
    "measure",
    "value",
    "unit",
    "qualifier",
    "per_unit",
    "is_derived",
    "formula",
    "has_mixed_dates",
    "centre_count",
)
COLORS = {"staff_positions": OKABE_ITO["blue"], "teachers": OKABE_ITO["orange"]}


@themed
def staffing_chart(staffing: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """Positions and teachers per centre, and totals: implied (derived rows) against stated."""
    lang = fmt.check_lang(lang)
    require_columns(staffing, "staffing", [*SHOWN, "as_of_date", "doc_ids"])
    df = staffing.dropna(subset=["value"]).copy()
    df = df[df["measure"].isin(MEASURES)]
    if df.empty:
        raise KiError("table 'staffing' has no positions or teachers to chart")
    sources = sources_for(df, documents, "staffing")
    df["per_unit"] = df["per_unit"].fillna(False).astype(bool)
    df["is_derived"] = df["is_derived"].fillna(False).astype(bool)
    df["has_mixed_dates"] = df["has_mixed_dates"].fillna(False).astype(bool)
    df["panel"] = np.where(df["per_unit"], "per_centre", "total")
    df["is_unreviewed"] = unreviewed(df)
    df = df.sort_values(["panel", "measure", "is_derived", "as_of_date", "value"], kind="stable")
    df["label"] = [
        value_label(v, "FTE" if u == "FTE" else "count", q, lang)
        for v, u, q in zip(df["value"], df["unit"], df["qualifier"])
    ]
    stated = df.set_index("staffing_id")
    df["shown_formula"] = [
        shown_formula(r, stated, lang) if r["is_derived"] else pd.NA for r in df.to_dict("records")
    ]
    per = df[df["panel"] == "per_centre"]
    tot = df[df["panel"] == "total"]
    items = f" {phrase('and', lang)} ".join(
        f"{r['label']} {fmt.label('measure', r['measure'], lang)}" for r in per.to_dict("records")
    )
    stated_t = tot[(tot["measure"] == "teachers") & ~tot["is_derived"]]
    implied_t = tot[(tot["measure"] == "teachers") & tot["is_derived"]]
    if not items:
        title = phrase("staffing_title_none", lang)
    elif len(stated_t) and len(implied_t):
        lo, hi = implied_t["value"].min(), implied_t["value"].max()
        implied = fmt.fmt_number(lo, lang) + ("" if lo == hi else "–" + fmt.fmt_number(hi, lang))
        title = phrase(
            "staffing_title_implied",
            lang,
            items=items,
            implied=implied,
            teachers=fmt.label("measure", "teachers", lang),
            stated=stated_t.iloc[0]["label"],
        )
    else:
        title = phrase("staffing_title", lang, items=items)
    sub = subtitle(
        phrase(
            "staffing_sub",
            lang,
            table=table_title("staffing", lang),
            positions=fmt.label("measure", "staff_positions", lang),
            teachers=fmt.label("measure", "teachers", lang),
        ),
        phrase("nrw", lang),
        year_span(df["as_of_date"]),
    )
    notes = [
        phrase(
            "note_mixed_dates",
            lang,
            what=f"{fmt.label('measure', r['measure'], lang)} {phrase('total', lang)}",
            formula=unbroken_numbers(fmt.formula(r["formula"], lang)),
        )
        for r in tot.to_dict("records")
        if r["has_mixed_dates"]
    ]
    notes.append(review_note(df["is_unreviewed"], lang))
    src = source_line(sources, lang, extra=" ".join(n for n in notes if n) or None)
    fig, axes = frame(title, sub, src, 1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
    panels = ((axes[0, 0], per, phrase("per_centre", lang)), (axes[0, 1], tot, phrase("total", lang)))
    for ax, part, head in panels:
        part = part.reset_index(drop=True)
        n = len(part)
        for i, r in part.iterrows():
            y = n - 1 - i
            c = COLORS[r["measure"]]
            ax.barh(
                y,
                r["value"],
                color="white" if r["is_derived"] else c,
                edgecolor=c,
                hatch=DERIVED_HATCH if r["is_derived"] else None,
                lw=1.2,
                height=0.6,
            )
            note = f"  = {r['shown_formula']}" if r["is_derived"] else ""
            ax.annotate(
                review_mark(r["label"], r["is_unreviewed"]) + note,
                (r["value"], y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
            )
        ax.set_yticks(
            range(n - 1, -1, -1),
            [
                f"{fmt.label('measure', m, lang)}\n({phrase('derived' if d else 'stated', lang)})"
                for m, d in zip(part["measure"], part["is_derived"])
            ],
        )
        ax.set_xlim(0, float(part["value"].max()) * 1.7 if n else 1)
        ax.set_title(head, fontsize=10)
        ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt.fmt_number(v, lang)))
    legend_stated_derived(axes[0, 1], lang, GREY)
    alt_items = [
        review_alt(
            fmt.label("measure", r["measure"], lang)
            + " "
            + phrase("per_centre" if r["per_unit"] else "total", lang)
            + (f" ({phrase('derived', lang)}: {r['shown_formula']})" if r["is_derived"] else "")
            + f": {r['label']}",
            r["is_unreviewed"],
            lang,
        )
        for r in df.to_dict("records")
    ]
    alt = alt_text("bar", title, alt_items, lang)
    out = df[
        ["panel", *SHOWN, "label", "doc_ids"] + (["review_status"] if "review_status" in df.columns else [])
    ]
    return finish("staffing", lang, fig, title, sub, src, alt, out, sources)


def shown_formula(row: Mapping, stated: pd.DataFrame, lang: str, *, basis: bool = False) -> str:
    """A derived row's formula in ``lang`` ("3,5 × 47"; with ``basis``: "3,5 × 47 Zentren"): the
    stated per-centre figure it multiplies (its id before "*") and the count of centres, both
    from the table. A row whose inputs are not in the table, or of mixed dates, shows the
    table's formula worded in ``lang`` (``fmt.formula``). The chart and the report table use it."""
    per_id = str(row["staffing_id"]).rsplit("*", 1)[0]
    n, mixed = row["centre_count"], row["has_mixed_dates"]
    if per_id in stated.index and not fmt.is_missing(n) and (fmt.is_missing(mixed) or not mixed):
        text = f"{fmt.fmt_number(stated.loc[per_id, 'value'], lang)} × {fmt.fmt_count(n, lang)}"
        if basis and not fmt.is_missing(row.get("centre_basis")):
            text += f" {fmt.label('centre_basis', row['centre_basis'], lang)}"
        return text
    return fmt.formula(row["formula"], lang)
