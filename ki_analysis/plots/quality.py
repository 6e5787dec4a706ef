"""Charts of the corpus and its quality: documents, numeric mentions, checks."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .. import fmt
from ..errors import KiError
from ..phrases import phrase
from ..vocab import codes
from .base import (
    OKABE_ITO,
    PALETTE,
    STATUS_COLORS,
    Chart,
    alt_text,
    finish,
    frame,
    require_columns,
    source_line,
    sources_for,
    subtitle,
    table_title,
    themed,
    year_span,
)


def _counts(vocabulary: str, counted: pd.Series, lang: str, keep: set[str] | None = None) -> str:
    """ "stimmig: 6, Widerspruch: 1" - each code of ``vocabulary`` by its label, in the
    vocabulary's order; codes not in ``keep`` (default: those counted) are left out."""
    n = counted.value_counts()
    keep = set(n.index) if keep is None else keep
    return ", ".join(
        f"{fmt.label(vocabulary, c, lang)}: {fmt.fmt_count(int(n.get(c, 0)), lang)}"
        for c in codes(vocabulary)
        if c in keep
    )


# ------------------------------------------------------------------------- checks
@themed
def checks_chart(checks: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """Reconciliation checks by kind and status (ok / warn / conflict / error)."""
    lang = fmt.check_lang(lang)
    require_columns(checks, "checks", ["check_id", "check_kind", "status", "doc_ids"])
    if checks.empty:
        raise KiError("table 'checks' is empty; nothing to chart")
    sourced = checks[checks["doc_ids"].notna() & (checks["doc_ids"].astype(str) != "")]
    sources = sources_for(sourced, documents, "checks") if len(sourced) else documents.iloc[0:0]
    statuses = [s for s in codes("status") if (checks["status"] == s).any()]
    data = checks.groupby(["check_kind", "status"], sort=True).size().rename("n_checks").reset_index()
    wide = data.pivot(index="check_kind", columns="status", values="n_checks").fillna(0)
    wide = wide.reindex(columns=statuses).fillna(0).astype(int).sort_index()
    # ok, conflict and warn always (a reader looks for them), error only when there is one
    keep = {"ok", "warn", "conflict"} | ({"error"} if (checks["status"] == "error").any() else set())
    title = phrase(
        "checks_title",
        lang,
        n=fmt.fmt_count(len(checks), lang),
        counts=_counts("status", checks["status"], lang, keep),
    )
    sub = subtitle(
        phrase("checks_sub", lang, table=table_title("checks", lang)),
        phrase("nrw", lang),
        year_span(sources["date"]) if len(sources) else "",
    )
    src = source_line(sources, lang) if len(sources) else ""
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    left = np.zeros(len(wide))
    ys = np.arange(len(wide))[::-1]
    for s in statuses:
        vals = wide[s].to_numpy()
        ax.barh(ys, vals, left=left, color=STATUS_COLORS[s], height=0.6, label=fmt.label("status", s, lang))
        for y, start, v in zip(ys, left, vals):
            if v:
                ax.text(
                    start + v / 2,
                    y,
                    fmt.fmt_count(v, lang),
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if s != "warn" else "black",
                    weight="bold",
                )
        left = left + vals
    ax.set_yticks(ys, [fmt.label("check_kind", k, lang) for k in wide.index])
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlim(0, float(left.max()) * 1.1 + 0.5)
    ax.set_xlabel(phrase("checks_axis", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, fontsize=8.5, ncols=len(statuses))
    items = [
        f"{fmt.label('check_kind', k, lang)}: "
        + ", ".join(f"{fmt.label('status', s, lang)}: {int(row[s])}" for s in statuses if row[s])
        for k, row in wide.iterrows()
    ]
    alt = alt_text("bar", title, items, lang)
    return finish("checks", lang, fig, title, sub, src, alt, data, sources)


# ------------------------------------------------------------------------- corpus
@themed
def documents_chart(documents: pd.DataFrame, lang: str = "de") -> Chart:
    """The corpus on a timeline: one row per publisher, coloured by kind; an uncertain
    date is drawn as a bar from its earliest to its latest possible day."""
    lang = fmt.check_lang(lang)
    require_columns(
        documents,
        "documents",
        [
            "doc_id",
            "publisher_short",
            "kind",
            "date",
            "date_precision",
            "date_earliest",
            "date_latest",
            "duplicate_cluster",
        ],
    )
    data = documents.dropna(subset=["date"]).copy()
    sources = sources_for(data, documents, "documents")
    data["date"] = pd.to_datetime(data["date"])
    data = data.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
    data["date_label"] = [
        fmt.fmt_date(d, lang, p or "day") for d, p in zip(data["date"], data["date_precision"])
    ]
    pubs = list(dict.fromkeys(data["publisher_short"].astype(str)))
    kinds = sorted(set(data["kind"].astype(str)))
    kcol = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    period = year_span(data["date"])
    n_rel = data["duplicate_cluster"].fillna(data["doc_id"]).nunique()
    title = phrase(
        "documents_title",
        lang,
        n=fmt.fmt_count(len(data), lang),
        releases=fmt.fmt_count(n_rel, lang),
        publishers=fmt.fmt_count(len(pubs), lang),
        period=period,
    )
    sub = subtitle(
        phrase("documents_sub", lang, table=table_title("documents", lang)), phrase("nrw", lang), period
    )
    src = source_line(sources, lang)
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    seen_in_row: dict[str, int] = {}
    for r in data.itertuples():
        y = len(pubs) - 1 - pubs.index(str(r.publisher_short))
        k = seen_in_row.get(r.publisher_short, 0)
        seen_in_row[r.publisher_short] = k + 1
        c = kcol[str(r.kind)]
        x = r.date
        if (
            r.date_precision != "day"
            and not fmt.is_missing(r.date_earliest)
            and not fmt.is_missing(r.date_latest)
        ):
            # an uncertain date: the range it lies in, with a hollow marker in its middle
            e, l_ = pd.Timestamp(r.date_earliest), pd.Timestamp(r.date_latest)
            ax.plot([e, l_], [y, y], color=c, lw=6, alpha=0.45, solid_capstyle="butt")
            x = e + (l_ - e) / 2
            ax.plot([x], [y], marker="o", mfc="white", mec=c, mew=2, ms=8, ls="none")
        else:
            ax.plot([x], [y], marker="o", color=c, ms=8, ls="none")
        ax.annotate(
            f"{r.doc_id}", (x, y), xytext=(0, 9 + 10 * k), textcoords="offset points", ha="center", fontsize=7
        )
    ax.set_yticks(range(len(pubs) - 1, -1, -1), pubs)
    ax.set_ylim(-0.6, len(pubs) - 0.2)
    x0, x1 = data["date"].min(), data["date"].max()
    ax.set_xlim(x0 - pd.Timedelta(days=200), x1 + pd.Timedelta(days=300))
    years = range(x0.year, x1.year + 2)
    ax.set_xticks([pd.Timestamp(y, 1, 1) for y in years], [str(y) for y in years])
    ax.legend(
        handles=[Patch(color=kcol[k], label=fmt.label("kind", k, lang)) for k in kinds],
        loc="upper right",
        frameon=False,
        fontsize=8.5,
    )
    items = [
        f"{r.publisher_short} ({fmt.label('kind', r.kind, lang)}), {r.date_label}" for r in data.itertuples()
    ]
    alt = alt_text("timeline", title, items, lang)
    out = data[
        ["doc_id", "publisher_short", "kind", "date", "date_precision", "date_label", "duplicate_cluster"]
    ]
    return finish("documents", lang, fig, title, sub, src, alt, out, sources)


@themed
def numbers_chart(numbers: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """The accounting of every numeric mention: dispositions per document (stacked bars)."""
    lang = fmt.check_lang(lang)
    require_columns(numbers, "numbers", ["doc_id", "disposition"])
    if numbers.empty:
        raise KiError("table 'numbers' is empty; nothing to chart")
    sources = sources_for(numbers, documents, "numbers")
    order = ["fact", "date", "ignored", "unexplained"]
    data = numbers.groupby(["doc_id", "disposition"], sort=True).size().rename("n_numbers").reset_index()
    wide = data.pivot(index="doc_id", columns="disposition", values="n_numbers")
    wide = wide.reindex(columns=order).fillna(0).astype(int)
    doc_order = list(sources["doc_id"])
    wide = wide.reindex([d for d in doc_order if d in wide.index])
    title = phrase(
        "numbers_title",
        lang,
        n=fmt.fmt_count(len(numbers), lang),
        counts=_counts("disposition", numbers["disposition"], lang, set(order)),
    )
    sub = subtitle(
        phrase("numbers_sub", lang, table=table_title("numbers", lang)),
        phrase("nrw", lang),
        year_span(sources["date"]),
    )
    src = source_line(sources, lang)
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    colors = {
        "fact": OKABE_ITO["blue"],
        "date": OKABE_ITO["sky"],
        "ignored": "#bbbbbb",
        "unexplained": OKABE_ITO["vermillion"],
    }
    ys = np.arange(len(wide))[::-1]
    left = np.zeros(len(wide))
    for d in order:
        vals = wide[d].to_numpy()
        ax.barh(ys, vals, left=left, color=colors[d], height=0.6, label=fmt.label("disposition", d, lang))
        for y, start, v in zip(ys, left, vals):
            if v:
                ax.text(
                    start + v / 2,
                    y,
                    str(v),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if d in ("fact", "unexplained") else "black",
                )
        left = left + vals
    ax.set_yticks(ys, list(wide.index), fontsize=8)
    ax.set_xlim(0, float(left.max()) * 1.05 + 0.5)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(phrase("numbers_axis", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=4, frameon=False, fontsize=8.5)
    items = [
        f"{doc}: " + ", ".join(f"{fmt.label('disposition', d, lang)}: {int(row[d])}" for d in order if row[d])
        for doc, row in wide.iterrows()
    ]
    alt = alt_text("bar", title, items, lang)
    return finish("numbers", lang, fig, title, sub, src, alt, data, sources)
