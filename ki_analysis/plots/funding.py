"""The funding chart: the composition of one period's funding by funder."""
from __future__ import annotations

import textwrap
from typing import Mapping

import matplotlib as mpl
import pandas as pd

from .. import fmt
from ..phrases import phrase
from ..errors import KiError
from .base import PALETTE, Chart, DERIVED_HATCH, OKABE_ITO, eur_axis, field_label, finish, frame, legend_stated_derived, require_columns, source_line, sources_for, split_ids, table_title, theme, themed, value_label

# ------------------------------------------------------------------------ funding
def _funder_label(value: object, lang: str) -> str:
    """A funder in ``lang``; a missing one is "unbekannt" / "unknown"."""
    if fmt.is_missing(value) or not str(value).strip():
        return phrase("unknown", lang)
    return fmt.label("funder", str(value).strip(), lang)


@themed
def funding_chart(funding: pd.DataFrame, documents: pd.DataFrame, lang: str = "de",
                  period: str | None = None, rollout: pd.DataFrame | None = None) -> Chart:
    """The composition of one period's funding by funder, with shares and the stated total.

    ``period`` defaults to the latest period that has a stated total with parts.
    Annual amounts of single funders (``is_annual``) are shown in their own panel;
    the sum of the parts is drawn as a derived bar. With ``rollout``, the amount
    per centre (total / the latest count of centres up to that period) is added
    there as a derived bar with its formula.
    """
    lang = fmt.check_lang(lang)
    require_columns(funding, "funding", ["period", "funder", "amount_eur", "qualifier", "is_annual",
                                  "is_total", "share_pct", "total_id", "funding_id", "doc_ids"])
    df = funding.dropna(subset=["amount_eur"]).copy()
    df["period"] = df["period"].astype("string")
    totals = df[df["is_total"].fillna(False).astype(bool)]
    with_parts = totals[totals["funding_id"].isin(df["total_id"].dropna())]
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
    parts = df[df["total_id"] == total["funding_id"]].sort_values("amount_eur", ascending=False,
                                                                  kind="stable")
    annual = df[df["is_annual"].fillna(False).astype(bool) & ~df["is_total"].fillna(False).astype(bool)]
    annual = annual[~annual["funding_id"].isin(parts["funding_id"])]

    rows = []
    for r in parts.to_dict("records"):
        rows.append({"group": "part", "funder": r["funder"], "period": r["period"],
                     "amount_eur": float(r["amount_eur"]), "qualifier": r["qualifier"],
                     "share_pct": r["share_pct"], "is_derived": False, "doc_ids": r["doc_ids"]})
    rows.append({"group": "total", "funder": "total", "period": total["period"],
                 "amount_eur": float(total["amount_eur"]), "qualifier": total["qualifier"],
                 "share_pct": 100.0, "is_derived": False, "doc_ids": total["doc_ids"]})
    if len(parts):
        part_ids = "; ".join(sorted({d for ids in parts["doc_ids"] for d in split_ids(ids)}))
        rows.append({"group": "sum_of_parts", "funder": "total", "period": total["period"],
                     "amount_eur": float(parts["amount_eur"].sum()), "qualifier": "exact",
                     "share_pct": float(parts["amount_eur"].sum() / total["amount_eur"] * 100),
                     "is_derived": True, "doc_ids": part_ids})
    for r in annual.sort_values(["period", "funding_id"], kind="stable").to_dict("records"):
        rows.append({"group": "annual", "funder": r["funder"], "period": r["period"],
                     "amount_eur": float(r["amount_eur"]), "qualifier": r["qualifier"],
                     "share_pct": pd.NA, "is_derived": False, "doc_ids": r["doc_ids"]})
    count = _count_up_to(rollout, period) if rollout is not None else None
    if count is not None:
        ids = "; ".join(sorted(set(split_ids(total["doc_ids"])) | set(split_ids(count["doc_ids"]))))
        rows.append({"group": "per_centre", "funder": "total", "period": total["period"],
                     "amount_eur": float(total["amount_eur"]) / int(count["ki_count"]),
                     "qualifier": total["qualifier"], "share_pct": pd.NA, "is_derived": True,
                     "doc_ids": ids,
                     "formula": f"{fmt.fmt_eur(total['amount_eur'], lang)} / {int(count['ki_count'])} "
                                f"({'Stand' if lang == 'de' else 'as of'} "
                                f"{fmt.fmt_date_short(count['as_of_date'], lang, _prec(count['date_precision']))})"})
    data = pd.DataFrame(rows)
    if "formula" not in data.columns:
        data["formula"] = pd.NA
    data["share_pct"] = pd.to_numeric(data["share_pct"]).astype("Float64")
    sources = sources_for(data, documents, "funding")
    data["label"] = [value_label(a, "EUR", q, lang) for a, q in zip(data["amount_eur"], data["qualifier"])]
    tot_txt = value_label(total["amount_eur"], "EUR", total["qualifier"], lang)
    main = data[data["group"] == "part"]
    if lang == "de":
        title = f"{tot_txt} für die Kommunalen Integrationszentren {period}"
        if len(main):
            top = main.iloc[0]
            title += (f": den größten Teil tragen {_funder_label(top['funder'], lang)} "
                      f"({fmt.fmt_pct(top['share_pct'], lang, 0)})")
    else:
        title = f"{tot_txt} for the integration centres in {period}"
        if len(main):
            top = main.iloc[0]
            title += (f"; {_funder_label(top['funder'], lang)} paid the largest share "
                      f"({fmt.fmt_pct(top['share_pct'], lang, 0)})")
    subtitle = (f"{table_title('funding', lang)}: {field_label('funding', 'amount_eur', lang)} "
                f"{'nach' if lang == 'de' else 'by'} {field_label('funding', 'funder', lang)}, "
                f"{fmt.label('unit', 'EUR', lang)} · {phrase('nrw', lang)} · {period}")
    src = source_line(sources, lang)
    has_annual = data["group"].isin(["annual", "per_centre"]).any()
    fig, axes = frame(title, subtitle, src, 1, 2 if has_annual else 1,
                       gridspec_kw={"width_ratios": [2.4, 1]} if has_annual else {})
    ylabels = []
    with theme():
        ax = axes[0, 0]
        comp = data[~data["group"].isin(["annual", "per_centre"])].reset_index(drop=True)
        colors = [PALETTE[i % len(PALETTE)] for i in range(len(comp))]
        for i, r in comp.iterrows():
            y = len(comp) - 1 - i
            if r["group"] == "part":
                ylabels.append((y, _funder_label(r["funder"], lang)))
                color = colors[i]
            elif r["group"] == "total":
                ylabels.append((y, f"{phrase('total', lang)} ({phrase('stated', lang)})"))
                color = OKABE_ITO["black"]
            else:
                ylabels.append((y, ("Summe der Teile" if lang == "de" else "sum of the parts")))
                color = OKABE_ITO["black"]
            derived = bool(r["is_derived"])
            ax.barh(y, r["amount_eur"], color="white" if derived else color, edgecolor=color,
                    hatch=DERIVED_HATCH if derived else None, lw=1.2, height=0.62)
            share = "" if r["group"] == "total" or fmt.is_missing(r["share_pct"]) else \
                f" ({fmt.fmt_pct(r['share_pct'], lang)})"
            ax.annotate(r["label"] + share, (r["amount_eur"], y), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8.5)
        ax.set_yticks([y for y, _ in ylabels], [s for _, s in ylabels])
        ax.set_xlim(0, float(comp["amount_eur"].max()) * 1.45)
        eur_axis(ax, lang)
        ax.set_title(f"{period}", fontsize=10)
        legend_stated_derived(ax, lang, OKABE_ITO["black"])
        if has_annual:
            # one small axes per amount: an annual budget and a per-centre amount differ
            # by orders of magnitude and must not share a scale
            ann = data[data["group"].isin(["annual", "per_centre"])].reset_index(drop=True)
            spec = axes[0, 1].get_subplotspec()
            axes[0, 1].remove()
            sub = spec.subgridspec(len(ann), 1)
            c = OKABE_ITO["sky"]
            for i, r in ann.iterrows():
                ax_a = fig.add_subplot(sub[i, 0])
                derived = bool(r["is_derived"])
                ax_a.barh(0, r["amount_eur"], color="white" if derived else c, edgecolor=c,
                          hatch=DERIVED_HATCH if derived else None, lw=1.2, height=0.5)
                ax_a.annotate(r["label"], (r["amount_eur"], 0), xytext=(4, 0),
                              textcoords="offset points", va="center", fontsize=8.5)
                head = (f"{'jährlich' if lang == 'de' else 'per year'}: {_funder_label(r['funder'], lang)}, "
                        f"{r['period']}" if r["group"] == "annual" else
                        f"{phrase('per_centre', lang)} {r['period']} ({phrase('derived', lang)}):\n= {r['formula']}")
                ax_a.set_title(textwrap.fill(head, 28, break_long_words=False), fontsize=8.5,
                               weight="normal", loc="left")
                ax_a.set_yticks([])
                ax_a.set_ylim(-0.6, 0.6)
                ax_a.set_xlim(0, float(r["amount_eur"]) * 2.2)
                ax_a.xaxis.set_major_locator(mpl.ticker.FixedLocator([0, float(r["amount_eur"])]))
                ax_a.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(
                    lambda v, _: "0" if v == 0 else fmt.fmt_eur(v, lang)))
                ax_a.tick_params(axis="x", labelsize=7.5)

    def _name(r: Mapping) -> str:
        if r["group"] == "sum_of_parts":
            return "Summe der Teile" if lang == "de" else "sum of the parts"
        if r["group"] == "per_centre":
            return f"{phrase('per_centre', lang)} = {r['formula']}"
        return _funder_label(r["funder"], lang)

    items = "; ".join(
        f"{_name(r)}"
        f"{' (' + phrase('derived', lang) + ')' if r['is_derived'] else ''}"
        f"{' (' + ('jährlich' if lang == 'de' else 'per year') + ')' if r['group'] == 'annual' else ''}: "
        f"{r['label']}"
        f"{'' if r['group'] in ('total', 'annual') or fmt.is_missing(r['share_pct']) else ', ' + fmt.fmt_pct(r['share_pct'], lang)}"
        for r in data.to_dict("records"))
    alt = f"{phrase('bar', lang)}: {title}. {items}."
    out = data[["group", "funder", "period", "amount_eur", "qualifier", "share_pct", "is_derived",
                "formula", "label", "doc_ids"]]
    return finish("funding", lang, fig, title, subtitle, src, alt, out, sources)


def _prec(value: object) -> str:
    return "day" if fmt.is_missing(value) else str(value)


def _count_up_to(rollout: pd.DataFrame, period: str) -> Mapping | None:
    """The latest count of centres stated for a date up to the end of ``period`` (a year)."""
    if rollout.empty or "ki_count" not in rollout.columns:
        return None
    try:
        end = pd.Timestamp(int(str(period)[:4]), 12, 31)
    except ValueError:
        return None
    r = rollout.dropna(subset=["ki_count", "as_of_date"])
    r = r[pd.to_datetime(r["as_of_date"]) <= end]
    if r.empty:
        return None
    return r.sort_values(["as_of_date", "ki_count"], kind="stable").iloc[-1].to_dict()
