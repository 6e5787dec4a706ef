"""The staffing chart: positions and teachers per centre, stated and implied totals."""
from __future__ import annotations

from typing import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import fmt
from ..phrases import phrase
from ..errors import KiError
from .base import Chart, DERIVED_HATCH, GREY, OKABE_ITO, finish, frame, legend_stated_derived, require_columns, source_line, sources_for, table_title, theme, themed, value_label, year_span

# ----------------------------------------------------------------------- staffing
@themed
def staffing_chart(staffing: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """Positions and teachers per centre, and totals: implied (derived) against stated."""
    lang = fmt.check_lang(lang)
    require_columns(staffing, "staffing", ["measure", "value", "unit", "qualifier", "per_unit",
                                    "is_derived", "formula", "as_of_date", "doc_ids"])
    df = staffing.dropna(subset=["value"]).copy()
    df = df[df["measure"].isin(["staff_positions", "teachers"])]
    if df.empty:
        raise KiError("table 'staffing' has no positions or teachers to chart")
    sources = sources_for(df, documents, "staffing")
    df["per_unit"] = df["per_unit"].fillna(False).astype(bool)
    df["is_derived"] = df["is_derived"].fillna(False).astype(bool)
    df["panel"] = np.where(df["per_unit"], "per_centre", "total")
    df = df.sort_values(["panel", "measure", "is_derived", "as_of_date", "value"], kind="stable")
    df["label"] = [value_label(v, "FTE" if u == "FTE" else "count", q, lang)
                   for v, u, q in zip(df["value"], df["unit"], df["qualifier"])]
    per = df[df["panel"] == "per_centre"]
    tot = df[df["panel"] == "total"]
    bits = [f"{r['label']} {fmt.label('measure', r['measure'], lang)}" for r in per.to_dict("records")]
    period = year_span(df["as_of_date"])
    if lang == "de":
        title = ("Je Zentrum " + " und ".join(bits) if bits else "Personal der Zentren")
    else:
        title = ("Each centre: " + " and ".join(bits) if bits else "Staff of the centres")
    stated_t = tot[(tot["measure"] == "teachers") & ~tot["is_derived"]]
    implied_t = tot[(tot["measure"] == "teachers") & tot["is_derived"]]
    if len(stated_t) and len(implied_t):
        lo, hi = float(implied_t["value"].min()), float(implied_t["value"].max())
        implied = fmt.fmt_number(lo, lang) + ("" if lo == hi else "–" + fmt.fmt_number(hi, lang))
        title += (f"; rechnerisch {implied} Lehrkräfte, genannt {stated_t.iloc[0]['label']}"
                  if lang == "de" else f"; {implied} teachers implied, {stated_t.iloc[0]['label']} stated")
    subtitle = (f"{table_title('staffing', lang)}: {fmt.label('measure', 'staff_positions', lang)} "
                f"{'und' if lang == 'de' else 'and'} {fmt.label('measure', 'teachers', lang)}, "
                f"{phrase('per_centre', lang)} {'und' if lang == 'de' else 'and'} {phrase('total', lang)} · {phrase('nrw', lang)} · {period}")
    src = source_line(sources, lang)
    fig, axes = frame(title, subtitle, src, 1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
    colors = {"staff_positions": OKABE_ITO["blue"], "teachers": OKABE_ITO["orange"]}
    with theme():
        for ax, part, head in ((axes[0, 0], per, phrase("per_centre", lang)), (axes[0, 1], tot, phrase("total", lang))):
            part = part.reset_index(drop=True)
            n = len(part)
            for i, r in part.iterrows():
                y = n - 1 - i
                c = colors[r["measure"]]
                ax.barh(y, r["value"], color="white" if r["is_derived"] else c, edgecolor=c,
                        hatch=DERIVED_HATCH if r["is_derived"] else None, lw=1.2, height=0.6)
                note = f"  = {_formula(r, lang)}" if r["is_derived"] else ""
                ax.annotate(r["label"] + note, (r["value"], y), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=8.5)
            ax.set_yticks(range(n - 1, -1, -1),
                          [f"{fmt.label('measure', m, lang)}\n({phrase('derived', lang) if d else phrase('stated', lang)})"
                           for m, d in zip(part["measure"], part["is_derived"])])
            ax.set_xlim(0, float(part["value"].max()) * 1.7 if n else 1)
            ax.set_title(head, fontsize=10)
            ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt.fmt_number(v, lang)))
        legend_stated_derived(axes[0, 1], lang, GREY)
    items = "; ".join(
        f"{fmt.label('measure', r['measure'], lang)} {phrase('per_centre', lang) if r['per_unit'] else phrase('total', lang)}"
        f"{' (' + phrase('derived', lang) + ': ' + _formula(r, lang) + ')' if r['is_derived'] else ''}: {r['label']}"
        for r in df.to_dict("records"))
    alt = f"{phrase('bar', lang)}: {title}. {items}."
    cols = ["panel", "measure", "value", "unit", "qualifier", "per_unit", "is_derived", "formula",
            "centre_count", "label", "doc_ids"]
    out = df[[c for c in cols if c in df.columns]]
    return finish("staffing", lang, fig, title, subtitle, src, alt, out, sources)


def _formula(row: Mapping, lang: str) -> str:
    """A derived row's formula with numbers in ``lang`` ("3,5 × 53"), from its centre count."""
    n = row.get("centre_count")
    if not fmt.is_missing(n) and n:
        return f"{fmt.fmt_number(float(row['value']) / float(n), lang)} × {fmt.fmt_count(n, lang)}"
    f = row.get("formula")
    return "" if fmt.is_missing(f) else str(f)
