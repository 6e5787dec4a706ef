"""The rollout chart: centres over time against districts, and coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt, vocab
from ..phrases import phrase
from .base import (
    GREY,
    OKABE_ITO,
    Chart,
    field_label,
    finish,
    frame,
    require_columns,
    review_alt,
    review_mark,
    review_note,
    short_source,
    source_line,
    sources_for,
    split_ids,
    subtitle,
    table_title,
    themed,
    unreviewed,
    value_label,
    year_span,
)


# ------------------------------------------------------------------------ rollout
@themed
def rollout_chart(
    rollout: pd.DataFrame, documents: pd.DataFrame, events: pd.DataFrame | None = None, lang: str = "de"
) -> Chart:
    """Centres over time against the number of districts, and coverage in %.

    Each point is labelled with its value (and qualifier) and its sources. The
    law of 2012 and the LaKI opening are marked from ``events`` when it has them.
    """
    lang = fmt.check_lang(lang)
    require_columns(
        rollout,
        "rollout",
        ["as_of_date", "ki_count", "district_count", "coverage_pct", "qualifier", "doc_ids"],
    )
    data = rollout.dropna(subset=["as_of_date", "ki_count"]).copy()
    sources = sources_for(data, documents, "rollout")
    data = data.sort_values(["as_of_date", "ki_count"], kind="stable")
    data["as_of_date"] = pd.to_datetime(data["as_of_date"])
    data["label"] = [
        value_label(k, "count", q, lang) + ("" if fmt.is_missing(d) else f"/{fmt.fmt_count(d, lang)}")
        for k, d, q in zip(data["ki_count"], data["district_count"], data["qualifier"])
    ]
    data["source_label"] = [short_source(split_ids(s), documents, lang) for s in data["doc_ids"]]
    data["is_unreviewed"] = unreviewed(data)
    marks = _event_marks(events, lang)

    first, last = data.iloc[0], data.iloc[-1]
    period = year_span(data["as_of_date"])
    centres, districts = (fmt.label("measure", m, lang) for m in ("ki_count", "district_count"))
    counts = {
        "first": fmt.fmt_count(first["ki_count"], lang),
        "last": fmt.fmt_count(last["ki_count"], lang),
        "period": period,
    }
    if fmt.is_missing(last["coverage_pct"]):
        title = phrase("rollout_title", lang, **counts)
    else:
        title = phrase(
            "rollout_title_coverage", lang, **counts, pct=fmt.fmt_pct(last["coverage_pct"], lang, 0)
        )
    has_spans = bool(data["date_precision"].isin(["month", "year"]).any())
    sub = subtitle(
        phrase(
            "rollout_sub",
            lang,
            table=table_title("rollout", lang),
            centres=fmt.label("centre_basis", "ki_count", lang),
            districts=fmt.label("centre_basis", "district_count", lang),
        ),
        phrase("nrw", lang),
        period,
        phrase("rollout_sub_spans", lang) if has_spans else "",
    )
    src = source_line(sources, lang, extra=review_note(data["is_unreviewed"], lang) or None)
    fig, axes = frame(title, sub, src, 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax, ax2 = axes[:, 0]
    blue, grey = OKABE_ITO["blue"], GREY
    ax.plot(data["as_of_date"], data["ki_count"], color=blue, marker="o", lw=2, label=centres)
    todo = data[data["is_unreviewed"]]
    if len(todo):  # hollow: no person has checked these yet
        ax.plot(
            todo["as_of_date"],
            todo["ki_count"],
            ls="",
            marker="o",
            ms=7,
            mfc="white",
            mec=blue,
            mew=1.8,
            label=f"{vocab.label('review_status', 'unreviewed', lang)} ({vocab.UNREVIEWED_MARK})",
        )
    for row in data.itertuples():  # a date known only to the month or year: its whole span
        span = _date_span(row.as_of_date, row.date_precision)
        if span is not None:
            ax.hlines(row.ki_count, *span, color=blue, lw=5, alpha=0.3)
    has_d = data.dropna(subset=["district_count"])
    ax.plot(
        has_d["as_of_date"], has_d["district_count"], color=grey, marker="s", lw=1, ls="--", label=districts
    )
    for i, row in enumerate(data.itertuples()):
        ax.annotate(
            f"{review_mark(row.label, row.is_unreviewed)}\n{row.source_label}",
            (row.as_of_date, row.ki_count),
            xytext=(0, -30 - 12 * (i % 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7.5,
            color="#222222",
        )
    lo = float(min(data["ki_count"].min(), has_d["district_count"].min() if len(has_d) else np.inf))
    hi = float(max(data["ki_count"].max(), has_d["district_count"].max() if len(has_d) else 0))
    ax.set_ylim(max(0, lo - 12), hi + 4)
    count = fmt.label("unit", "count", lang)
    ax.set_ylabel(count[:1].upper() + count[1:])  # "Number", as "Coverage (%)" below
    # above the axes, in one row: inside, it met the value labels once unreviewed points had an entry
    ax.legend(
        loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, fontsize=8.5, borderaxespad=0.2
    )
    cov = data.dropna(subset=["coverage_pct"])
    ax2.plot(cov["as_of_date"], cov["coverage_pct"], color=OKABE_ITO["orange"], marker="o", lw=2)
    for row in cov.itertuples():
        ax2.annotate(
            fmt.fmt_pct(row.coverage_pct, lang),
            (row.as_of_date, row.coverage_pct),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax2.set_ylim(0, 110)
    ax2.set_ylabel(field_label("rollout", "coverage_pct", lang, with_unit=True))
    for date, text, _ in marks:
        for a in (ax, ax2):
            a.axvline(date, color=OKABE_ITO["purple"], lw=1, ls=":")
        ax.annotate(
            text,
            (date, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            va="top",
            fontsize=7.5,
            color=OKABE_ITO["purple"],
        )
    spans = [sp for r in data.itertuples() if (sp := _date_span(r.as_of_date, r.date_precision))]
    dates = list(data["as_of_date"]) + [d for d, _, _ in marks] + [e for _, e in spans]
    x0 = min(dates) - pd.Timedelta(days=200)
    x1 = max(dates) + pd.Timedelta(days=120)
    ax2.set_xlim(x0, x1)
    years = range(x0.year + (x0.month > 1), x1.year + 1)
    ax2.set_xticks([pd.Timestamp(y, 1, 1) for y in years], [str(y) for y in years])

    points = "; ".join(
        review_alt(
            row.label
            + ("" if fmt.is_missing(row.coverage_pct) else f" ({fmt.fmt_pct(row.coverage_pct, lang)})")
            + ", "
            + phrase("as_of", lang, date=fmt.fmt_date(row.as_of_date, lang, _prec(row.date_precision)))
            + " ["
            + row.source_label.replace("\n", " ")
            + "]",
            row.is_unreviewed,
            lang,
        )
        for row in data.itertuples()
    )
    kind = phrase("line", lang)
    alt = (
        phrase(
            "rollout_alt_marks",
            lang,
            kind=kind,
            title=title,
            points=points,
            marks="; ".join(txt for _, _, txt in marks),
        )
        if marks
        else phrase("rollout_alt", lang, kind=kind, title=title, points=points)
    )
    out = data[
        [
            "as_of_date",
            "date_precision",
            "ki_count",
            "district_count",
            "coverage_pct",
            "qualifier",
            "label",
            "doc_ids",
        ]
        + (["review_status"] if "review_status" in data.columns else [])
    ].copy()
    return finish("rollout", lang, fig, title, sub, src, alt, out, sources)


def _prec(value: object) -> str:
    return "day" if fmt.is_missing(value) else str(value)


def _date_span(date: pd.Timestamp, precision: object) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """(first, last day) of a month- or year-precision date; None for a day."""
    if precision == "month":
        return date.replace(day=1), date.replace(day=1) + pd.offsets.MonthEnd(0)
    if precision == "year":
        return pd.Timestamp(date.year, 1, 1), pd.Timestamp(date.year, 12, 31)
    return None


def _event_marks(events: pd.DataFrame | None, lang: str) -> list[tuple[pd.Timestamp, str, str]]:
    """(date, axis label, text) of the first law passed and the first office opened, if the
    events have them."""
    if events is None or events.empty or "event_type" not in events.columns:
        return []
    marks = []
    for kind in ("law_passed", "office_opened"):
        rows = events[(events["event_type"] == kind) & events["date"].notna()]
        if rows.empty:
            continue
        row = rows.sort_values("date", kind="stable").iloc[0]
        d = pd.Timestamp(row["date"])
        prec = row.get("date_precision")
        prec = "day" if fmt.is_missing(prec) else str(prec)
        name = fmt.label("event_type", kind, lang)
        marks.append(
            (d, f"{name}\n{fmt.fmt_date_short(d, lang, prec)}", f"{name} ({fmt.fmt_date(d, lang, prec)})")
        )
    return marks
