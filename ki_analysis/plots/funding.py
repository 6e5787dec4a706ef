"""The funding chart: the composition of one period's funding by funder."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import pandas as pd

from .. import fmt
from ..errors import KiError
from ..phrases import phrase
from ..tables.funding import PER_CENTRE, SUM_OF_PARTS
from .base import (
    DERIVED_HATCH,
    OKABE_ITO,
    PALETTE,
    Chart,
    alt_text,
    eur_axis,
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
)

#: Groups of the chart's rows: the composition panel, then one small panel each.
COMPOSITION = ("part", "total", SUM_OF_PARTS)
SIDE_PANELS = ("annual", PER_CENTRE)


def _funder_label(value: object, lang: str) -> str:
    if fmt.is_missing(value) or not str(value).strip():
        return phrase("funder_unknown", lang)
    return fmt.label("funder", str(value).strip(), lang)


def _flag(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def _row_name(r: dict, lang: str) -> str:
    """What a row of the chart is, as its axis label and in the alt text."""
    if r["group"] == "total":
        return phrase("funding_total_stated", lang)
    if r["group"] == SUM_OF_PARTS:
        return phrase("funding_sum_of_parts", lang)
    if r["group"] == PER_CENTRE:
        return phrase("per_centre", lang)
    return _funder_label(r["funder"], lang)


def chart_rows(funding: pd.DataFrame, period: str | None) -> tuple[str, pd.DataFrame]:
    """The period shown and the table's rows for it, each with its ``group``: the parts of its
    stated total, the total, the derived sum of the parts, annual amounts of single funders and
    the derived amount per centre. Rows are taken as the table has them; nothing is computed."""
    df = funding.dropna(subset=["amount_eur"]).copy()
    df["period"] = df["period"].astype("string")
    is_derived = _flag(df["is_derived"])
    stated = df[~is_derived]
    totals = stated[_flag(stated["is_total"])]
    with_parts = totals[totals["funding_id"].isin(stated["total_id"].dropna())]
    if period is None:
        cands = with_parts if not with_parts.empty else totals
        if cands.empty:
            raise KiError("table 'funding' has no stated total to compose; nothing to chart")
        period = str(cands.sort_values(["period", "funding_id"], kind="stable")["period"].iloc[-1])
    total_rows = with_parts[with_parts["period"] == period]
    if total_rows.empty:
        total_rows = totals[totals["period"] == period]
    if total_rows.empty:
        raise KiError(f"table 'funding' has no stated total for period {period!r}")
    total = total_rows.iloc[0]
    parts = stated[stated["total_id"] == total["funding_id"]].sort_values(
        "amount_eur", ascending=False, kind="stable"
    )
    annual = stated[
        _flag(stated["is_annual"])
        & ~_flag(stated["is_total"])
        & ~stated["funding_id"].isin(parts["funding_id"])
    ]
    derived = df[is_derived]
    sum_of_parts = derived[derived["funding_id"] == f"{total['funding_id']}*{SUM_OF_PARTS}"]
    per_centre = derived[derived["funding_id"].str.endswith(f"*{PER_CENTRE}") & (derived["period"] == period)]
    groups = [
        (parts, "part"),
        (total_rows.iloc[[0]], "total"),
        (sum_of_parts, SUM_OF_PARTS),
        (annual.sort_values(["period", "funding_id"], kind="stable"), "annual"),
        (per_centre, PER_CENTRE),
    ]
    rows = pd.concat([g.assign(group=name) for g, name in groups if len(g)], ignore_index=True)
    return period, rows


@themed
def funding_chart(
    funding: pd.DataFrame, documents: pd.DataFrame, lang: str = "de", period: str | None = None
) -> Chart:
    """The composition of one period's funding by funder, with shares and the stated total.

    ``period`` defaults to the latest period that has a stated total with parts. The derived
    rows of the table (sum of the parts, amount per centre) are drawn hatched with their
    formula; annual amounts of single funders (``is_annual``) and the amount per centre get
    their own small panels, since their scales differ from the total's.
    """
    lang = fmt.check_lang(lang)
    require_columns(
        funding,
        "funding",
        [
            "funding_id",
            "period",
            "funder",
            "amount_eur",
            "qualifier",
            "is_annual",
            "is_total",
            "share_pct",
            "total_id",
            "is_derived",
            "formula",
            "has_mixed_dates",
            "doc_ids",
        ],
    )
    period, rows = chart_rows(funding, period)
    data = rows[
        [
            "group",
            "funding_id",
            "funder",
            "period",
            "amount_eur",
            "qualifier",
            "share_pct",
            "is_derived",
            "formula",
            "has_mixed_dates",
            "doc_ids",
        ]
        + (["review_status"] if "review_status" in rows.columns else [])
    ].copy()
    data["is_derived"] = _flag(data["is_derived"])
    data["has_mixed_dates"] = _flag(data["has_mixed_dates"])
    sources = sources_for(data, documents, "funding")
    data["label"] = [
        value_label(a, "EUR", q, lang, derived=d)
        for a, q, d in zip(data["amount_eur"], data["qualifier"], data["is_derived"])
    ]
    flags = unreviewed(data)
    records = [{**r, "is_unreviewed": bool(u)} for r, u in zip(data.to_dict("records"), flags)]
    total = next(r for r in records if r["group"] == "total")
    parts = [r for r in records if r["group"] == "part"]
    if parts:
        title = phrase(
            "funding_title_lead",
            lang,
            total=total["label"],
            period=period,
            funder=_funder_label(parts[0]["funder"], lang),
            share=fmt.fmt_pct(parts[0]["share_pct"], lang, 0),
        )
    else:
        title = phrase("funding_title", lang, total=total["label"], period=period)
    sub = subtitle(
        phrase("funding_sub", lang, table=table_title("funding", lang), unit=fmt.label("unit", "EUR", lang)),
        phrase("nrw", lang),
        period,
    )
    notes = [
        phrase(
            "note_mixed_dates",
            lang,
            what=_row_name(r, lang),
            formula=unbroken_numbers(fmt.formula(r["formula"], lang)),
        )
        for r in records
        if r["has_mixed_dates"]
    ]
    notes.append(review_note(flags, lang))
    src = source_line(sources, lang, extra=" ".join(n for n in notes if n) or None)
    side = [r for r in records if r["group"] in SIDE_PANELS]
    fig, axes = frame(
        title, sub, src, 1, 2 if side else 1, gridspec_kw={"width_ratios": [2.4, 1]} if side else {}
    )
    _draw_composition(axes[0, 0], [r for r in records if r["group"] in COMPOSITION], period, lang)
    if side:
        _draw_side_panels(fig, axes[0, 1], side, lang)
    items = []
    for r in records:
        share = (
            ""
            if r["group"] != "part" or fmt.is_missing(r["share_pct"])
            else f", {fmt.fmt_pct(r['share_pct'], lang)}"
        )
        how = (
            f" ({phrase('derived', lang)}: {fmt.formula(r['formula'], lang)})"
            if r["is_derived"]
            else f" ({phrase('annual', lang)}, {r['period']})"
            if r["group"] == "annual"
            else ""
        )
        items.append(review_alt(f"{_row_name(r, lang)}{how}: {r['label']}{share}", r["is_unreviewed"], lang))
    alt = alt_text("bar", title, items, lang)
    return finish("funding", lang, fig, title, sub, src, alt, data, sources)


def _draw_composition(ax, rows: list[dict], period: str, lang: str) -> None:
    """Parts, the stated total and the derived sum of the parts, one bar each."""
    n = len(rows)
    for i, r in enumerate(rows):
        y = n - 1 - i
        color = PALETTE[i % len(PALETTE)] if r["group"] == "part" else OKABE_ITO["black"]
        derived = r["is_derived"]
        ax.barh(
            y,
            r["amount_eur"],
            color="white" if derived else color,
            edgecolor=color,
            hatch=DERIVED_HATCH if derived else None,
            lw=1.2,
            height=0.62,
        )
        share = (
            f" ({fmt.fmt_pct(r['share_pct'], lang)})"
            if r["group"] == "part" and not fmt.is_missing(r["share_pct"])
            else ""
        )
        ax.annotate(
            review_mark(r["label"], r["is_unreviewed"]) + share,
            (r["amount_eur"], y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
    ax.set_yticks(range(n - 1, -1, -1), [_row_name(r, lang) for r in rows])
    ax.set_xlim(0, max(float(r["amount_eur"]) for r in rows) * 1.45)
    eur_axis(ax, lang)
    ax.set_title(period, fontsize=10)
    legend_stated_derived(ax, lang, OKABE_ITO["black"])


def _draw_side_panels(fig, placeholder, rows: list[dict], lang: str) -> None:
    """One small axes per amount: an annual budget and an amount per centre differ by orders
    of magnitude and must not share a scale."""
    spec = placeholder.get_subplotspec()
    placeholder.remove()
    grid = spec.subgridspec(len(rows), 1)
    color = OKABE_ITO["sky"]
    for i, r in enumerate(rows):
        ax = fig.add_subplot(grid[i, 0])
        derived = r["is_derived"]
        ax.barh(
            0,
            r["amount_eur"],
            color="white" if derived else color,
            edgecolor=color,
            hatch=DERIVED_HATCH if derived else None,
            lw=1.2,
            height=0.5,
        )
        ax.annotate(
            review_mark(r["label"], r["is_unreviewed"]),
            (r["amount_eur"], 0),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
        if r["group"] == "annual":
            head = phrase(
                "funding_annual_head", lang, funder=_funder_label(r["funder"], lang), period=r["period"]
            )
        else:
            head = phrase(
                "funding_per_centre_head",
                lang,
                period=r["period"],
                formula=unbroken_numbers(fmt.formula(r["formula"], lang)),
            )
        ax.set_title(textwrap.fill(head, 30, break_long_words=False), fontsize=8, weight="normal", loc="left")
        ax.set_yticks([])
        ax.set_ylim(-0.6, 0.6)
        ax.set_xlim(0, float(r["amount_eur"]) * 2.2)
        ax.xaxis.set_major_locator(mpl.ticker.FixedLocator([0, float(r["amount_eur"])]))
        ticks = {
            0.0: "0",
            float(r["amount_eur"]): value_label(r["amount_eur"], "EUR", None, lang, derived=derived),
        }
        ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _, t=ticks: t.get(float(v), "")))
        ax.tick_params(axis="x", labelsize=7.5)
