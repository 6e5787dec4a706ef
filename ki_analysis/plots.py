"""Charts that stand alone: message title, subtitle, source line, alt text, data.

Every chart function is a pure function from tables (DataFrames as
``ki_analysis.load`` returns them) to a ``Chart``. It

- takes the table's title and the fields' labels and units from the metadata
  registry (``ki_analysis.registry``) and refuses to render a table the registry
  does not know, or rows without a source document (``KiError``);
- names the releases behind the plotted rows (publisher, date) in a source line,
  taken from the ``documents`` table;
- shows qualifiers (≈, >, ≤, <; see ``ki_analysis.fmt``) and draws derived values
  hatched and outlined, stated values solid;
- writes labels in ``lang`` ("de" or "en") with ``ki_analysis.fmt``;
- draws inside ``theme()``, a scoped rc context, so nothing leaks into later charts.

``chart(name, lang)`` loads what a chart needs by table name; notebooks and
report templates call only that (and ``describe``).
"""
from __future__ import annotations

import functools
import io
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import fmt
from .errors import KiError

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())
GREY = "#595959"       # secondary text; 7:1 contrast on white
LIGHT = "#e6e6e6"      # districts without data
FIGSIZE = (9.0, 5.6)   # inches; with DPI 100 a 900 x 560 px PNG
DPI = 100
DERIVED_HATCH = "///"
STATUS_COLORS = {"ok": OKABE_ITO["green"], "warn": OKABE_ITO["orange"],
                 "conflict": OKABE_ITO["vermillion"], "error": OKABE_ITO["black"]}
#: Where the district boundaries come from (shown on every map).
MAP_CREDIT = "Verwaltungsgrenzen / boundaries: © GeoBasis-DE / BKG (2020), dl-de/by-2-0, Daten verändert"

_TEXT = {
    "de": {"source": "Quelle", "sources": "Quellen", "nrw": "Nordrhein-Westfalen",
           "stated": "genannt", "derived": "abgeleitet (berechnet)", "derived_short": "abgeleitet", "per_centre": "je Zentrum",
           "total": "insgesamt", "map": "Karte", "bar": "Balkendiagramm", "line": "Liniendiagramm",
           "timeline": "Zeitleiste", "and": "und"},
    "en": {"source": "Source", "sources": "Sources", "nrw": "North Rhine-Westphalia",
           "stated": "stated", "derived": "derived (computed)", "derived_short": "derived", "per_centre": "per centre",
           "total": "total", "map": "Map", "bar": "Bar chart", "line": "Line chart",
           "timeline": "Timeline", "and": "and"},
}


# --------------------------------------------------------------------------- theme
def theme_rc() -> dict:
    """The one theme: seaborn's whitegrid, bundled font, Okabe–Ito colours, fixed DPI."""
    import seaborn as sns

    rc: dict = {}
    rc.update(sns.axes_style("whitegrid"))   # plain dicts: nothing is set globally
    rc.update(sns.plotting_context("notebook", font_scale=0.85))
    rc.update({
        "font.family": "DejaVu Sans",        # bundled with matplotlib: same glyphs everywhere
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.titlelocation": "left", "axes.titleweight": "bold",
        "figure.dpi": DPI, "savefig.dpi": DPI, "figure.figsize": FIGSIZE,
        "hatch.linewidth": 0.8, "svg.hashsalt": "ki-analysis",
        "axes.unicode_minus": True,
    })
    return rc


@contextmanager
def theme() -> Iterator[None]:
    """Apply the theme inside the block only (``matplotlib.rc_context``)."""
    with mpl.rc_context(theme_rc()):
        yield


# --------------------------------------------------------------------------- chart
@dataclass(frozen=True, repr=False)
class Chart:
    """A rendered chart and everything needed to publish it without the picture."""

    name: str
    lang: str
    figure: Figure
    title: str
    subtitle: str
    source_line: str
    alt_text: str
    data: pd.DataFrame
    sources: pd.DataFrame

    def png(self) -> bytes:
        """The PNG, byte-identical for the same input (no software/date metadata)."""
        buf = io.BytesIO()
        with theme():
            self.figure.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
        return buf.getvalue()

    def save(self, path) -> None:
        """Write the PNG atomically."""
        from .atomic import write_bytes

        write_bytes(path, self.png())

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:  # stable: no memory addresses in notebook outputs
        return f"<Chart {self.name} ({self.lang}): {self.title}>"


def _plain_float(v: float) -> str:
    """Floats as plain decimals (19600000, 49.75), never in exponent notation."""
    return f"{v:.4f}".rstrip("0").rstrip(".")


def describe(chart: Chart, *, max_colwidth: int = 60) -> str:
    """Everything a chart says, as text: title, subtitle, alt text, sources and its data.

    Notebooks print this under each chart, so nbval sees every figure behind it.
    """
    with pd.option_context("display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", max_colwidth, "display.max_rows", 500):
        table = chart.data.to_string(index=False, float_format=_plain_float)
    return "\n".join([chart.title, chart.subtitle, "", textwrap.fill(chart.alt_text, 100), "",
                      textwrap.fill(chart.source_line, 100), "", table])


# ------------------------------------------------------------- registry and sources
def _registry():
    """The metadata registry module; charts cannot be titled without it."""
    try:
        from . import registry
    except ImportError:
        raise KiError("the metadata registry (ki_analysis.registry) is missing; "
                      "charts take their titles and units from it") from None
    return registry


def table_title(table: str, lang: str) -> str:
    """Chart title of a registered table (its table title where it has no chart title)."""
    t = _registry().table(table)  # KiError for an unregistered table
    title = getattr(t, f"chart_title_{lang}", None) or getattr(t, f"title_{lang}")
    return str(title)


def field_label(table: str, field: str, lang: str, *, with_unit: bool = False) -> str:
    """Label of a field of a registered table, in ``lang``; KiError if either is unknown."""
    reg = _registry()
    t = reg.table(table)
    t.field(field)  # the field must belong to the table
    return reg.label(field, lang, with_unit=with_unit)


def _doc_ids(value: object) -> list[str]:
    if fmt.is_missing(value):
        return []
    return [p.strip() for p in str(value).split(";") if p.strip()]


def _row_sources(df: pd.DataFrame) -> pd.Series:
    """Doc ids per row from ``doc_ids`` / ``source_doc_ids`` / ``doc_id``, whichever the table has."""
    cols = [c for c in ("doc_ids", "source_doc_ids", "doc_id") if c in df.columns]
    if not cols:
        raise KiError("the chart's data has no source column (doc_ids, source_doc_ids or doc_id)")

    def one(row: pd.Series) -> tuple[str, ...]:
        ids: list[str] = []
        for c in cols:
            for d in _doc_ids(row[c]):
                if d not in ids:
                    ids.append(d)
        return tuple(ids)

    return df.apply(one, axis=1) if len(df) else pd.Series([], dtype=object)


def sources_for(data: pd.DataFrame, documents: pd.DataFrame, table: str) -> pd.DataFrame:
    """The documents behind ``data``'s rows, oldest first; KiError if any row has none.

    A chart with an unsourced row, or a source missing from the documents table, is
    refused: a figure that cannot be traced is not drawn.
    """
    _registry().table(table)
    if data.empty:
        raise KiError(f"no rows to chart in table {table!r}")
    per_row = _row_sources(data)
    bad = [i for i, ids in enumerate(per_row) if not ids]
    if bad:
        raise KiError(f"table {table!r}: {len(bad)} row(s) have no source document "
                      f"(first: row {bad[0]}); a chart draws only sourced figures")
    ids = sorted({d for ids in per_row for d in ids})
    known = set(documents["doc_id"].astype(str))
    unknown = [d for d in ids if d not in known]
    if unknown:
        raise KiError(f"table {table!r} cites document(s) missing from the documents table: "
                      f"{', '.join(unknown)}")
    cols = [c for c in ("doc_id", "publisher_short", "publisher", "date", "date_precision",
                        "title", "url") if c in documents.columns]
    out = documents.loc[documents["doc_id"].astype(str).isin(ids), cols].copy()
    return out.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)


def _publisher(row: Mapping) -> str:
    short = row.get("publisher_short")
    return str(short) if not fmt.is_missing(short) and str(short) else str(row.get("publisher"))


def source_line(sources: pd.DataFrame, lang: str, extra: str | None = None) -> str:
    """ "Quellen: MAIS, 2. Dezember 2013; MSW, 9. Dezember 2015" (duplicates named once)."""
    seen: list[str] = []
    for row in sources.to_dict("records"):
        item = f"{_publisher(row)}, {fmt.fmt_date(row.get('date'), lang, row.get('date_precision') or 'day')}"
        if item not in seen:
            seen.append(item)
    word = _TEXT[lang]["sources" if len(seen) > 1 else "source"]
    return f"{word}: " + "; ".join(seen) + (f". {extra}" if extra else "")


def _short_source(ids: Sequence[str], documents: pd.DataFrame, lang: str) -> str:
    """Point label for one or more documents: "MAIS 02.12.2013 + SPD MdL Dortmund 12/2013"."""
    docs = documents.set_index(documents["doc_id"].astype(str))
    parts: list[str] = []
    for d in ids:
        row = docs.loc[d]
        item = f"{_publisher(row.to_dict())} {fmt.fmt_date_short(row['date'], lang, row.get('date_precision') or 'day')}"
        if item not in parts:
            parts.append(item)
    return " +\n".join(parts)


def _period(dates: pd.Series) -> str:
    years = sorted({int(d.year) for d in pd.to_datetime(dates.dropna())})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _themed(fn: Callable[..., Chart]) -> Callable[..., Chart]:
    """Build the whole figure inside ``theme()``: rc values are read when artists are made."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Chart:
        with theme():
            return fn(*args, **kwargs)

    return wrapper


# ------------------------------------------------------------------- figure frame
def _frame(title: str, subtitle: str, source: str, nrows: int = 1, ncols: int = 1,
           **grid) -> tuple[Figure, np.ndarray]:
    """A figure with the title block on top, the source line at the bottom, and
    constrained layout for the axes in between (so long tick labels never clip)."""
    title_lines = textwrap.wrap(title, 72)
    sub_lines = textwrap.wrap(subtitle, 125)
    src_lines = textwrap.wrap(source, 155)
    h_in = FIGSIZE[1]
    top_in = 0.18 + 0.26 * len(title_lines) + 0.18 * len(sub_lines) + 0.12
    bottom_in = 0.12 + 0.15 * len(src_lines) + 0.05
    top, bottom = 1 - top_in / h_in, bottom_in / h_in
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    fig.set_layout_engine("constrained", rect=(0.01, bottom, 0.98, top - bottom),
                          w_pad=0.06, h_pad=0.06)
    fig.text(0.02, 1 - 0.15 / h_in, "\n".join(title_lines), ha="left", va="top", fontsize=13.5,
             weight="bold")
    fig.text(0.02, 1 - (0.2 + 0.26 * len(title_lines)) / h_in, "\n".join(sub_lines), ha="left",
             va="top", fontsize=9.5, color=GREY)
    fig.text(0.02, 0.1 / h_in, "\n".join(src_lines), ha="left", va="bottom", fontsize=7.5,
             color=GREY)
    axes = fig.subplots(nrows, ncols, squeeze=False, **grid)
    return fig, axes


def _finish(name: str, lang: str, fig: Figure, title: str, subtitle: str, source: str, alt: str,
            data: pd.DataFrame, sources: pd.DataFrame) -> Chart:
    return Chart(name, lang, fig, title, subtitle, source, alt, data.reset_index(drop=True), sources)


def _require(df: pd.DataFrame, table: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KiError(f"table {table!r} lacks column(s) {', '.join(missing)} needed for its chart")


def _value_label(value: float, unit: str, qualifier: object, lang: str) -> str:
    return fmt.fmt_value(value, unit, lang, None if fmt.is_missing(qualifier) else str(qualifier))


def _legend_stated_derived(ax, lang: str, color: str) -> None:
    """Legend under the axes: solid = stated in a text, hatched outline = computed by us."""
    t = _TEXT[lang]
    ax.legend(handles=[Patch(facecolor=color, edgecolor=color, label=t["stated"]),
                       Patch(facecolor="white", edgecolor=color, hatch=DERIVED_HATCH,
                             label=t["derived"])], loc="upper left", bbox_to_anchor=(0, -0.09),
              ncols=2, frameon=False, fontsize=8.5)


def _eur_axis(ax, lang: str, nbins: int = 4) -> None:
    """Euro ticks in millions with the unit once in the axis label (short ticks never collide)."""
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt.fmt_number(v / 1e6, lang)))
    ax.set_xlabel("Mio. €" if lang == "de" else "€m", fontsize=8.5)


# ------------------------------------------------------------------------ rollout
@_themed
def rollout_chart(rollout: pd.DataFrame, documents: pd.DataFrame, events: pd.DataFrame | None = None,
                  lang: str = "de") -> Chart:
    """Centres over time against the number of districts, and coverage in %.

    Each point is labelled with its value (and qualifier) and its sources. The
    law of 2012 and the LaKI opening are marked from ``events`` when it has them.
    """
    lang = fmt.check_lang(lang)
    _require(rollout, "rollout", ["as_of_date", "ki_count", "district_count", "coverage_pct",
                                  "qualifier", "doc_ids"])
    data = rollout.dropna(subset=["as_of_date", "ki_count"]).copy()
    sources = sources_for(data, documents, "rollout")
    data = data.sort_values(["as_of_date", "ki_count"], kind="stable")
    data["as_of_date"] = pd.to_datetime(data["as_of_date"])
    data["label"] = [
        _value_label(k, "count", q, lang) + ("" if fmt.is_missing(d) else f"/{fmt.fmt_count(d, lang)}")
        for k, d, q in zip(data["ki_count"], data["district_count"], data["qualifier"])]
    data["source_label"] = [_short_source(_doc_ids(s), documents, lang) for s in data["doc_ids"]]
    marks = _event_marks(events, lang)

    first, last = data.iloc[0], data.iloc[-1]
    period = _period(data["as_of_date"])
    t = _TEXT[lang]
    if lang == "de":
        title = (f"Von {fmt.fmt_count(first['ki_count'], lang)} auf {fmt.fmt_count(last['ki_count'], lang)} "
                 f"Kommunale Integrationszentren ({period})")
        if not fmt.is_missing(last["coverage_pct"]):
            title += f": {fmt.fmt_pct(last['coverage_pct'], lang, 0)} der Kreise abgedeckt"
    else:
        title = (f"Integration centres grew from {fmt.fmt_count(first['ki_count'], lang)} to "
                 f"{fmt.fmt_count(last['ki_count'], lang)} ({period})")
        if not fmt.is_missing(last["coverage_pct"]):
            title += f", covering {fmt.fmt_pct(last['coverage_pct'], lang, 0)} of districts"
    subtitle = (f"{table_title('rollout', lang)}: {field_label('rollout', 'ki_count', lang)} "
                f"{'und' if lang == 'de' else 'and'} {field_label('rollout', 'district_count', lang)}; "
                f"{field_label('rollout', 'coverage_pct', lang, with_unit=True)} · {t['nrw']} · {period}"
                + ("; Balken: Stand nur auf Monat/Jahr genau" if lang == "de"
                   else "; bars: as-of date known to the month or year only"))
    src = source_line(sources, lang)
    fig, axes = _frame(title, subtitle, src, 2, 1, sharex=True,
                       gridspec_kw={"height_ratios": [3, 2]})
    ax, ax2 = axes[:, 0]
    with theme():
        blue, grey = OKABE_ITO["blue"], GREY
        ax.plot(data["as_of_date"], data["ki_count"], color=blue, marker="o", lw=2,
                label=field_label("rollout", "ki_count", lang))
        for row in data.itertuples():  # a date known only to the month or year: its whole span
            span = _date_span(row.as_of_date, row.date_precision)
            if span is not None:
                ax.hlines(row.ki_count, *span, color=blue, lw=5, alpha=0.3)
        has_d = data.dropna(subset=["district_count"])
        ax.plot(has_d["as_of_date"], has_d["district_count"], color=grey, marker="s", lw=1,
                ls="--", label=field_label("rollout", "district_count", lang))
        for i, row in enumerate(data.itertuples()):
            ax.annotate(f"{row.label}\n{row.source_label}", (row.as_of_date, row.ki_count),
                        xytext=(0, -30 - 12 * (i % 2)), textcoords="offset points", ha="center",
                        va="top", fontsize=7.5, color="#222222")
        lo = float(min(data["ki_count"].min(), has_d["district_count"].min() if len(has_d) else np.inf))
        hi = float(max(data["ki_count"].max(), has_d["district_count"].max() if len(has_d) else 0))
        ax.set_ylim(max(0, lo - 12), hi + 4)
        ax.set_ylabel(fmt.label("unit", "count", lang))
        ax.legend(loc="lower right", frameon=False, fontsize=8.5)
        cov = data.dropna(subset=["coverage_pct"])
        ax2.plot(cov["as_of_date"], cov["coverage_pct"], color=OKABE_ITO["orange"], marker="o", lw=2)
        for row in cov.itertuples():
            ax2.annotate(fmt.fmt_pct(row.coverage_pct, lang), (row.as_of_date, row.coverage_pct),
                         xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8)
        ax2.set_ylim(0, 110)
        ax2.set_ylabel(field_label("rollout", "coverage_pct", lang, with_unit=True))
        for date, text, _ in marks:
            for a in (ax, ax2):
                a.axvline(date, color=OKABE_ITO["purple"], lw=1, ls=":")
            ax.annotate(text, (date, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", va="top", fontsize=7.5, color=OKABE_ITO["purple"])
        spans = [sp for r in data.itertuples() if (sp := _date_span(r.as_of_date, r.date_precision))]
        dates = list(data["as_of_date"]) + [d for d, _, _ in marks] + [e for _, e in spans]
        x0 = min(dates) - pd.Timedelta(days=200)
        x1 = max(dates) + pd.Timedelta(days=120)
        ax2.set_xlim(x0, x1)
        years = range(x0.year + (x0.month > 1), x1.year + 1)
        ax2.set_xticks([pd.Timestamp(y, 1, 1) for y in years], [str(y) for y in years])

    alt_points = "; ".join(
        f"{row.label}" + ("" if fmt.is_missing(row.coverage_pct) else f" ({fmt.fmt_pct(row.coverage_pct, lang)})")
        + f", {'Stand' if lang == 'de' else 'as of'} "
        f"{fmt.fmt_date(row.as_of_date, lang, 'day' if fmt.is_missing(row.date_precision) else row.date_precision)}"
        f" [{row.source_label.replace(chr(10), ' ')}]" for row in data.itertuples())
    alt = (f"{t['line']}: {title}. " + ("Punkte: " if lang == "de" else "Points: ") + alt_points + "."
           + (" " + ("Markiert: " if lang == "de" else "Marked: ")
              + "; ".join(txt for _, _, txt in marks) + "." if marks else ""))
    out = data[["as_of_date", "date_precision", "ki_count", "district_count", "coverage_pct",
                "qualifier", "label", "doc_ids"]].copy()
    return _finish("rollout", lang, fig, title, subtitle, src, alt, out, sources)


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
        marks.append((d, f"{name}\n{fmt.fmt_date_short(d, lang, prec)}",
                      f"{name} ({fmt.fmt_date(d, lang, prec)})"))
    return marks


# ------------------------------------------------------------------------ funding
_FUNDER_KEYS = {"kommunal": "kommunal", "kommunale haushalte": "kommunal", "kommunen": "kommunal",
                "land": "land", "land nrw": "land", "bund": "bund", "eu": "eu",
                "stiftungs- und drittmittel": "stiftungen_drittmittel", "total": "total"}


def _funder_label(value: object, lang: str) -> str:
    """Funder in ``lang``: "Land (Integrationsministerium)" -> "State of NRW (Integrationsministerium)".

    Known funders are translated; a detail in brackets is kept verbatim; an unknown
    funder is shown as the text names it.
    """
    if fmt.is_missing(value) or not str(value).strip():
        return fmt.label("funder", "unknown", lang)
    text = str(value).strip()
    head, sep, rest = text.partition(" (")
    key = _FUNDER_KEYS.get(head.lower()) or (head if head in fmt.LABELS["funder"] else None)
    if key is None:
        return text
    return fmt.label("funder", key, lang) + (f" ({rest}" if sep else "")


@_themed
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
    _require(funding, "funding", ["period", "funder", "amount_eur", "qualifier", "is_annual",
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
        part_ids = "; ".join(sorted({d for ids in parts["doc_ids"] for d in _doc_ids(ids)}))
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
        ids = "; ".join(sorted(set(_doc_ids(total["doc_ids"])) | set(_doc_ids(count["doc_ids"]))))
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
    data["label"] = [_value_label(a, "EUR", q, lang) for a, q in zip(data["amount_eur"], data["qualifier"])]

    t = _TEXT[lang]
    tot_txt = _value_label(total["amount_eur"], "EUR", total["qualifier"], lang)
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
                f"{fmt.label('unit', 'EUR', lang)} · {t['nrw']} · {period}")
    src = source_line(sources, lang)
    has_annual = data["group"].isin(["annual", "per_centre"]).any()
    fig, axes = _frame(title, subtitle, src, 1, 2 if has_annual else 1,
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
                ylabels.append((y, f"{t['total']} ({t['stated']})"))
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
        _eur_axis(ax, lang)
        ax.set_title(f"{period}", fontsize=10)
        _legend_stated_derived(ax, lang, OKABE_ITO["black"])
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
                        f"{t['per_centre']} {r['period']} ({t['derived_short']}):\n= {r['formula']}")
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
            return f"{t['per_centre']} = {r['formula']}"
        return _funder_label(r["funder"], lang)

    items = "; ".join(
        f"{_name(r)}"
        f"{' (' + t['derived_short'] + ')' if r['is_derived'] else ''}"
        f"{' (' + ('jährlich' if lang == 'de' else 'per year') + ')' if r['group'] == 'annual' else ''}: "
        f"{r['label']}"
        f"{'' if r['group'] in ('total', 'annual') or fmt.is_missing(r['share_pct']) else ', ' + fmt.fmt_pct(r['share_pct'], lang)}"
        for r in data.to_dict("records"))
    alt = f"{t['bar']}: {title}. {items}."
    out = data[["group", "funder", "period", "amount_eur", "qualifier", "share_pct", "is_derived",
                "formula", "label", "doc_ids"]]
    return _finish("funding", lang, fig, title, subtitle, src, alt, out, sources)


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


# ----------------------------------------------------------------------- staffing
@_themed
def staffing_chart(staffing: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """Positions and teachers per centre, and totals: implied (derived) against stated."""
    lang = fmt.check_lang(lang)
    _require(staffing, "staffing", ["measure", "value", "unit", "qualifier", "per_unit",
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
    df["label"] = [_value_label(v, "FTE" if u == "FTE" else "count", q, lang)
                   for v, u, q in zip(df["value"], df["unit"], df["qualifier"])]
    t = _TEXT[lang]
    per = df[df["panel"] == "per_centre"]
    tot = df[df["panel"] == "total"]
    bits = [f"{r['label']} {fmt.label('measure', r['measure'], lang)}" for r in per.to_dict("records")]
    period = _period(df["as_of_date"])
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
                f"{t['per_centre']} {'und' if lang == 'de' else 'and'} {t['total']} · {t['nrw']} · {period}")
    src = source_line(sources, lang)
    fig, axes = _frame(title, subtitle, src, 1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
    colors = {"staff_positions": OKABE_ITO["blue"], "teachers": OKABE_ITO["orange"]}
    with theme():
        for ax, part, head in ((axes[0, 0], per, t["per_centre"]), (axes[0, 1], tot, t["total"])):
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
                          [f"{fmt.label('measure', m, lang)}\n({t['derived_short'] if d else t['stated']})"
                           for m, d in zip(part["measure"], part["is_derived"])])
            ax.set_xlim(0, float(part["value"].max()) * 1.7 if n else 1)
            ax.set_title(head, fontsize=10)
            ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt.fmt_number(v, lang)))
        _legend_stated_derived(axes[0, 1], lang, GREY)
    items = "; ".join(
        f"{fmt.label('measure', r['measure'], lang)} {t['per_centre'] if r['per_unit'] else t['total']}"
        f"{' (' + t['derived_short'] + ': ' + _formula(r, lang) + ')' if r['is_derived'] else ''}: {r['label']}"
        for r in df.to_dict("records"))
    alt = f"{t['bar']}: {title}. {items}."
    cols = ["panel", "measure", "value", "unit", "qualifier", "per_unit", "is_derived", "formula",
            "centre_count", "label", "doc_ids"]
    out = df[[c for c in cols if c in df.columns]]
    return _finish("staffing", lang, fig, title, subtitle, src, alt, out, sources)


def _formula(row: Mapping, lang: str) -> str:
    """A derived row's formula with numbers in ``lang`` ("3,5 × 53"), from its centre count."""
    n = row.get("centre_count")
    if not fmt.is_missing(n) and n:
        return f"{fmt.fmt_number(float(row['value']) / float(n), lang)} × {fmt.fmt_count(n, lang)}"
    f = row.get("formula")
    return "" if fmt.is_missing(f) else str(f)


# ------------------------------------------------------------------------ mentions
def mention_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and distinct documents per district, most mentioned first."""
    m = mentions.dropna(subset=["district_ags"])
    g = m.groupby(["district_ags", "district_name"], sort=True)
    out = pd.DataFrame({"n_mentions": g.size(), "n_documents": g["doc_id"].nunique(),
                        "doc_ids": g["doc_id"].agg(lambda s: "; ".join(sorted(set(map(str, s)))))})
    out = out.reset_index().sort_values(["n_mentions", "n_documents", "district_ags"],
                                        ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)


@_themed
def mentions_chart(mentions: pd.DataFrame, documents: pd.DataFrame, lang: str = "de",
                   top: int = 20) -> Chart:
    """Mentions per district (bars) with the number of documents naming it."""
    lang = fmt.check_lang(lang)
    _require(mentions, "mentions", ["doc_id", "district_ags", "district_name"])
    _registry().table("mentions")
    data = mention_counts(mentions)
    if data.empty:
        raise KiError("table 'mentions' has no district mentions to chart")
    sources = sources_for(data, documents, "mentions")
    shown = data.head(top)
    t = _TEXT[lang]
    lead = shown.iloc[0]
    n = len(data)
    if lang == "de":
        title = (f"{n} von 53 Kreisen und kreisfreien Städten werden genannt, "
                 f"{lead['district_name']} am häufigsten ({fmt.fmt_count(lead['n_mentions'], lang)}-mal)")
    else:
        title = (f"{n} of 53 districts are named; {lead['district_name']} most often "
                 f"({fmt.fmt_count(lead['n_mentions'], lang)} times)")
    period = _period(sources["date"])
    subtitle = (f"{table_title('mentions', lang)}: "
                f"{'Anzahl der Nennungen je Kreis (Dokumente in Klammern)' if lang == 'de' else 'number of mentions per district (documents in brackets)'}"
                f" · {t['nrw']} · {period}"
                + (f" · {'die' if lang == 'de' else 'top'} {top}" if n > top else ""))
    src = source_line(sources, lang)
    fig, axes = _frame(title, subtitle, src)
    ax = axes[0, 0]
    with theme():
        ys = np.arange(len(shown))[::-1]
        ax.barh(ys, shown["n_mentions"], color=OKABE_ITO["blue"], height=0.6)
        for y, r in zip(ys, shown.itertuples()):
            ax.annotate(f"{fmt.fmt_count(r.n_mentions, lang)} ({fmt.fmt_count(r.n_documents, lang)})",
                        (r.n_mentions, y), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8.5)
        ax.set_yticks(ys, list(shown["district_name"]))
        ax.set_xlim(0, float(shown["n_mentions"].max()) * 1.2 + 1)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("Nennungen" if lang == "de" else "mentions")
    items = "; ".join(f"{r.district_name}: {fmt.fmt_count(r.n_mentions, lang)} "
                      f"({fmt.fmt_count(r.n_documents, lang)} {'Dok.' if lang == 'de' else 'docs'})"
                      for r in shown.itertuples())
    alt = f"{t['bar']}: {title}. {items}."
    return _finish("mentions", lang, fig, title, subtitle, src, alt, data, sources)


# ---------------------------------------------------------------------------- map
MAP_VIEWS = ("corpus", "visits", "regierungsbezirk")


def map_data(districts: pd.DataFrame, mentions: pd.DataFrame, events: pd.DataFrame | None,
             view: str) -> pd.DataFrame:
    """One row per district (all 53) with the category the map colours it by."""
    if view not in MAP_VIEWS:
        raise KiError(f"unknown map view {view!r}; use one of {', '.join(MAP_VIEWS)}")
    base = districts[["district_ags", "district_name", "regierungsbezirk"]].copy()
    base = base.sort_values("district_ags", kind="stable").reset_index(drop=True)
    counts = mention_counts(mentions) if len(mentions) else pd.DataFrame(
        columns=["district_ags", "n_mentions", "n_documents", "doc_ids"])
    base = base.merge(counts[["district_ags", "n_mentions", "n_documents", "doc_ids"]],
                      on="district_ags", how="left")
    base["n_mentions"] = base["n_mentions"].fillna(0).astype(int)
    base["n_documents"] = base["n_documents"].fillna(0).astype(int)
    if view == "corpus":
        base["category"] = np.where(base["n_mentions"] > 0, "mentioned", "not_mentioned")
    elif view == "visits":
        ev = events if events is not None else pd.DataFrame(columns=["event_type", "district_ags"])
        ev = ev[ev["event_type"].isin(["visit_done", "visit_planned"]) & ev["district_ags"].notna()]
        done = set(ev.loc[ev["event_type"] == "visit_done", "district_ags"].astype(str))
        planned = set(ev.loc[ev["event_type"] == "visit_planned", "district_ags"].astype(str))
        ids = ev.groupby(ev["district_ags"].astype(str)).apply(
            lambda g: "; ".join(sorted({d for c in ("doc_id", "source_doc_ids") if c in g
                                        for v in g[c] for d in _doc_ids(v)})), include_groups=False)
        base["category"] = ["visit_done" if a in done else "visit_planned" if a in planned
                             else "none" for a in base["district_ags"]]
        base["doc_ids"] = [ids.get(a, pd.NA) if c != "none" else pd.NA
                           for a, c in zip(base["district_ags"], base["category"])]
    else:
        base["category"] = base["regierungsbezirk"]
    return base


@_themed
def map_chart(districts: pd.DataFrame, shapes: Sequence, mentions: pd.DataFrame,
              documents: pd.DataFrame, events: pd.DataFrame | None = None, lang: str = "de",
              view: str = "corpus", highlight: str | None = None) -> Chart:
    """Choropleth of NRW's districts: ``view`` "corpus" (named in the corpus), "visits"
    (visits done, planned hatched) or "regierungsbezirk" (mentions by region).

    ``highlight`` (an AGS) outlines one district, for the district reports.
    """
    from .geo import draw_districts

    lang = fmt.check_lang(lang)
    _registry().table("districts")
    data = map_data(districts, mentions, events, view)
    known = set(data["district_ags"])
    if highlight is not None and highlight not in known:
        raise KiError(f"cannot highlight {highlight!r}: not an AGS of the 53 districts")
    shape_ags = {s.ags for s in shapes}
    if shape_ags != known:
        raise KiError(f"district boundaries and district table disagree on "
                      f"{', '.join(sorted(shape_ags ^ known)[:5])}")
    # Only coloured districts carry sources; the others are reference geometry. A map with
    # nothing coloured still renders (it says "0 of 53"), credited to the boundaries only.
    sourced = data[data["doc_ids"].notna() & (data["doc_ids"].astype(str) != "")]
    if sourced.empty and view == "regierungsbezirk":
        raise KiError("no district mentions to map")
    sources = (sources_for(sourced, documents, "events" if view == "visits" else "mentions")
               if len(sourced) else documents.iloc[0:0])
    t = _TEXT[lang]
    period = _period(sources["date"]) if len(sources) else ""
    colors: dict[str, str] = {}
    hatches: dict[str, str] = {}
    legend: list[Patch] = []
    if view == "corpus":
        n = int((data["category"] == "mentioned").sum())
        title = (f"{n} von 53 Kreisen und kreisfreien Städten werden in den Pressemitteilungen genannt"
                 if lang == "de" else f"{n} of NRW's 53 districts are named in the press releases")
        measure = ("Kreise mit mindestens einer Nennung" if lang == "de"
                   else "districts with at least one mention")
        for r in data.itertuples():
            if r.n_mentions:
                colors[r.district_ags] = OKABE_ITO["blue"] if r.n_documents > 1 else OKABE_ITO["sky"]
        legend = [Patch(color=OKABE_ITO["blue"], label="in mehreren Dokumenten" if lang == "de"
                        else "in several documents"),
                  Patch(color=OKABE_ITO["sky"], label="in einem Dokument" if lang == "de"
                        else "in one document"),
                  Patch(color=LIGHT, label="nicht genannt" if lang == "de" else "not named")]
    elif view == "visits":
        done = int((data["category"] == "visit_done").sum())
        planned = int((data["category"] == "visit_planned").sum())
        title = (f"Besuche in {done} Kreisen erfolgt, in {planned} angekündigt"
                 if lang == "de" else f"Visits done in {done} districts, announced in {planned}")
        measure = "Besuche je Kreis" if lang == "de" else "visits per district"
        for r in data.itertuples():
            if r.category == "visit_done":
                colors[r.district_ags] = OKABE_ITO["vermillion"]
            elif r.category == "visit_planned":
                colors[r.district_ags] = "#f6d2bf"
                hatches[r.district_ags] = "////"
        legend = [Patch(color=OKABE_ITO["vermillion"], label=fmt.label("event_type", "visit_done", lang)),
                  Patch(facecolor="#f6d2bf", edgecolor="#333333", hatch="////",
                        label=fmt.label("event_type", "visit_planned", lang)),
                  Patch(color=LIGHT, label="kein Besuch genannt" if lang == "de" else "no visit named")]
    else:
        rb = (data.groupby("regierungsbezirk", sort=True)
              .agg(n_districts=("district_ags", "size"),
                   n_named=("n_mentions", lambda s: int((s > 0).sum())),
                   n_mentions=("n_mentions", "sum")).reset_index())
        lead = rb.sort_values(["n_mentions", "regierungsbezirk"], ascending=[False, True]).iloc[0]
        title = (f"Nennungen nach Regierungsbezirk: {lead['regierungsbezirk']} vorn "
                 f"({fmt.fmt_count(lead['n_mentions'], lang)})" if lang == "de" else
                 f"Mentions by administrative region: {lead['regierungsbezirk']} leads "
                 f"({fmt.fmt_count(lead['n_mentions'], lang)})")
        measure = ("Regierungsbezirke; genannte Kreise kräftig, Nennungen in der Legende" if lang == "de"
                   else "administrative regions; named districts in strong colour, mentions in the legend")
        # alphabetical: Arnsberg, Detmold, Düsseldorf, Köln, Münster; neighbours get distinct hues
        rb_colors = dict(zip(rb["regierungsbezirk"], (OKABE_ITO[k] for k in
                                                      ("blue", "green", "orange", "purple", "vermillion"))))
        for r in data.itertuples():
            base_c = rb_colors[r.regierungsbezirk]
            colors[r.district_ags] = base_c if r.n_mentions else _tint(base_c, 0.3)
        legend = [Patch(color=rb_colors[r.regierungsbezirk],
                        label=f"{r.regierungsbezirk}: {r.n_named}/{r.n_districts} "
                              f"{'Kreise' if lang == 'de' else 'districts'}, "
                              f"{fmt.fmt_count(r.n_mentions, lang)} "
                              f"{_plural(r.n_mentions, *(('Nennung', 'Nennungen') if lang == 'de' else ('mention', 'mentions')))}")
                  for r in rb.itertuples()]
        data = data.merge(rb.rename(columns={"n_mentions": "rb_mentions"}), on="regierungsbezirk")
    name = None
    if highlight is not None:
        name = str(data.loc[data["district_ags"] == highlight, "district_name"].iloc[0])
        measure += f"; {'schwarz umrandet' if lang == 'de' else 'outlined in black'}: {name}"
    subtitle = (f"{table_title('districts', lang)}: {measure} · {t['nrw']}" + (f" · {period}" if period else ""))
    src = source_line(sources, lang, extra=MAP_CREDIT) if len(sources) else MAP_CREDIT
    fig, axes = _frame(title, subtitle, src)
    ax = axes[0, 0]
    with theme():
        draw_districts(ax, shapes, colors, default_color=LIGHT, hatches=hatches, highlight=highlight)
        if highlight is not None:
            shp = next(s for s in shapes if s.ags == highlight)
            x, y = shp.label_point()
            ax.annotate(name, (x, y), xytext=(0, 0), textcoords="offset points", ha="center",
                        va="center", fontsize=8, weight="bold",
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
        ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                  fontsize=8.5)
    listing = {
        "corpus": lambda: "; ".join(f"{r.district_name} ({fmt.fmt_count(r.n_mentions, lang)})"
                                    for r in data[data["n_mentions"] > 0].itertuples()),
        "visits": lambda: "; ".join(f"{r.district_name}: {fmt.label('event_type', r.category, lang)}"
                                    for r in data[data["category"] != "none"].itertuples()),
        "regierungsbezirk": lambda: "; ".join(str(p.get_label()) for p in legend),
    }[view]()
    alt = (f"{t['map']} ({'53 Kreise und kreisfreie Städte' if lang == 'de' else '53 districts'}): "
           f"{title}. {listing or ('keine' if lang == 'de' else 'none')}."
           + (f" {'Hervorgehoben' if lang == 'de' else 'Highlighted'}: {name}." if highlight else ""))
    return _finish(f"map_{view}", lang, fig, title, subtitle, src, alt, data, sources)


def _plural(n: int, one: str, many: str) -> str:
    return one if int(n) == 1 else many


def _tint(hex_color: str, amount: float) -> str:
    """Mix a colour with white: amount 1 keeps it, 0 gives white."""
    rgb = np.array(mpl.colors.to_rgb(hex_color))
    return mpl.colors.to_hex(1 - amount * (1 - rgb))


# ------------------------------------------------------------------------- checks
@_themed
def checks_chart(checks: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """Reconciliation checks by kind and status (ok / warn / conflict / error)."""
    lang = fmt.check_lang(lang)
    _require(checks, "checks", ["check_id", "check_kind", "status", "doc_ids"])
    _registry().table("checks")
    if checks.empty:
        raise KiError("table 'checks' is empty; nothing to chart")
    sourced = checks[checks["doc_ids"].notna() & (checks["doc_ids"].astype(str) != "")]
    sources = sources_for(sourced, documents, "checks") if len(sourced) else documents.iloc[0:0]
    statuses = [s for s in ("ok", "warn", "conflict", "error") if (checks["status"] == s).any()]
    data = (checks.groupby(["check_kind", "status"], sort=True).size().rename("n_checks")
            .reset_index())
    wide = data.pivot(index="check_kind", columns="status", values="n_checks").fillna(0)
    wide = wide.reindex(columns=statuses).fillna(0).astype(int).sort_index()
    counts = {s: int(checks["status"].eq(s).sum()) for s in ("ok", "warn", "conflict", "error")}
    t = _TEXT[lang]
    if lang == "de":
        title = (f"{len(checks)} Abgleiche: {counts['ok']} stimmig, {counts['conflict']} {_plural(counts['conflict'], 'Widerspruch', 'Widersprüche')}, "
                 f"{counts['warn']} zu prüfen" + (f", {counts['error']} Fehler" if counts["error"] else ""))
    else:
        title = (f"{len(checks)} checks: {counts['ok']} consistent, {counts['conflict']} {_plural(counts['conflict'], 'conflict', 'conflicts')}, "
                 f"{counts['warn']} to review" + (f", {counts['error']} errors" if counts["error"] else ""))
    subtitle = (f"{table_title('checks', lang)}: {'Anzahl nach Prüfart und Status' if lang == 'de' else 'number by kind and status'}"
                f" · {t['nrw']}" + (f" · {_period(sources['date'])}" if len(sources) else ""))
    src = source_line(sources, lang) if len(sources) else ""
    fig, axes = _frame(title, subtitle, src)
    ax = axes[0, 0]
    with theme():
        left = np.zeros(len(wide))
        ys = np.arange(len(wide))[::-1]
        for s in statuses:
            vals = wide[s].to_numpy()
            ax.barh(ys, vals, left=left, color=STATUS_COLORS[s], height=0.6,
                    label=fmt.label("status", s, lang))
            for y, l, v in zip(ys, left, vals):
                if v:
                    ax.text(l + v / 2, y, fmt.fmt_count(v, lang), ha="center", va="center",
                            fontsize=8.5, color="white" if s != "warn" else "black", weight="bold")
            left = left + vals
        ax.set_yticks(ys, [field_kind_label(k, lang) for k in wide.index])
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlim(0, float(left.max()) * 1.1 + 0.5)
        ax.set_xlabel("Anzahl" if lang == "de" else "number of checks")
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, fontsize=8.5,
                  ncols=len(statuses))
    items = "; ".join(f"{field_kind_label(k, lang)}: " + ", ".join(
        f"{int(row[s])} {fmt.label('status', s, lang)}" for s in statuses if row[s])
        for k, row in wide.iterrows())
    alt = f"{t['bar']}: {title}. {items}."
    return _finish("checks", lang, fig, title, subtitle, src, alt, data, sources)


_CHECK_KINDS = {
    "parts_total": {"de": "Teile gegen Summe", "en": "parts vs total"},
    "per_centre_total": {"de": "je Zentrum × Zentren gegen Summe", "en": "per centre × centres vs total"},
    "count_conflict": {"de": "widersprüchliche Anzahlen", "en": "conflicting counts"},
    "corroboration": {"de": "Bestätigung durch Dubletten", "en": "corroboration"},
    "unknown_period": {"de": "Zeitraum unbekannt", "en": "unknown period"},
    "reference": {"de": "Referenzdaten", "en": "reference data"},
}


def field_kind_label(kind: str, lang: str) -> str:
    """Readable name of a check kind."""
    return _CHECK_KINDS.get(str(kind), {}).get(lang, str(kind))


# ------------------------------------------------------------------------- corpus
@_themed
def documents_chart(documents: pd.DataFrame, lang: str = "de") -> Chart:
    """The corpus on a timeline: one row per publisher, coloured by kind; an uncertain
    date is drawn as a bar from its earliest to its latest possible day."""
    lang = fmt.check_lang(lang)
    _require(documents, "documents", ["doc_id", "publisher_short", "kind", "date", "date_precision",
                                      "date_earliest", "date_latest", "duplicate_cluster"])
    data = documents.dropna(subset=["date"]).copy()
    sources = sources_for(data, documents, "documents")
    data["date"] = pd.to_datetime(data["date"])
    data = data.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
    data["date_label"] = [fmt.fmt_date(d, lang, p or "day") for d, p in zip(data["date"], data["date_precision"])]
    pubs = list(dict.fromkeys(data["publisher_short"].astype(str)))
    kinds = sorted(set(data["kind"].astype(str)))
    kcol = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    t = _TEXT[lang]
    period = _period(data["date"])
    n_rel = data["duplicate_cluster"].fillna(data["doc_id"]).nunique()
    title = (f"{len(data)} Dokumente ({n_rel} Pressemitteilungen) von {len(pubs)} Herausgebern, {period}"
             if lang == "de" else
             f"{len(data)} documents ({n_rel} press releases) from {len(pubs)} publishers, {period}")
    subtitle = (f"{table_title('documents', lang)}: {field_label('documents', 'date', lang)} "
                f"{'nach' if lang == 'de' else 'by'} {field_label('documents', 'publisher', lang)} "
                f"{'und' if lang == 'de' else 'and'} {field_label('documents', 'kind', lang)}; "
                f"{'Balken und offene Kreise: Datum nur auf Monat/Jahr bekannt' if lang == 'de' else 'bars and open circles: date known to the month or year only'}"
                f" · {t['nrw']} · {period}")
    src = source_line(sources, lang)
    fig, axes = _frame(title, subtitle, src)
    ax = axes[0, 0]
    with theme():
        seen_in_row: dict[str, int] = {}
        for r in data.itertuples():
            y = len(pubs) - 1 - pubs.index(str(r.publisher_short))
            k = seen_in_row.get(r.publisher_short, 0)
            seen_in_row[r.publisher_short] = k + 1
            c = kcol[str(r.kind)]
            x = r.date
            if (r.date_precision != "day" and not fmt.is_missing(r.date_earliest)
                    and not fmt.is_missing(r.date_latest)):
                # an uncertain date: the range it lies in, with a hollow marker in its middle
                e, l_ = pd.Timestamp(r.date_earliest), pd.Timestamp(r.date_latest)
                ax.plot([e, l_], [y, y], color=c, lw=6, alpha=0.45, solid_capstyle="butt")
                x = e + (l_ - e) / 2
                ax.plot([x], [y], marker="o", mfc="white", mec=c, mew=2, ms=8, ls="none")
            else:
                ax.plot([x], [y], marker="o", color=c, ms=8, ls="none")
            ax.annotate(f"{r.doc_id}", (x, y), xytext=(0, 9 + 10 * k), textcoords="offset points",
                        ha="center", fontsize=7)
        ax.set_yticks(range(len(pubs) - 1, -1, -1), pubs)
        ax.set_ylim(-0.6, len(pubs) - 0.2)
        x0, x1 = data["date"].min(), data["date"].max()
        ax.set_xlim(x0 - pd.Timedelta(days=200), x1 + pd.Timedelta(days=300))
        years = range(x0.year, x1.year + 2)
        ax.set_xticks([pd.Timestamp(y, 1, 1) for y in years], [str(y) for y in years])
        ax.legend(handles=[Patch(color=kcol[k], label=fmt.label("kind", k, lang)) for k in kinds],
                  loc="upper right", frameon=False, fontsize=8.5)
    items = "; ".join(f"{r.publisher_short} ({fmt.label('kind', r.kind, lang)}), {r.date_label}"
                      for r in data.itertuples())
    alt = f"{t['timeline']}: {title}. {items}."
    out = data[["doc_id", "publisher_short", "kind", "date", "date_precision", "date_label",
                "duplicate_cluster"]]
    return _finish("documents", lang, fig, title, subtitle, src, alt, out, sources)


@_themed
def numbers_chart(numbers: pd.DataFrame, documents: pd.DataFrame, lang: str = "de") -> Chart:
    """The accounting of every numeric mention: dispositions per document (stacked bars)."""
    lang = fmt.check_lang(lang)
    _require(numbers, "numbers", ["doc_id", "disposition"])
    if numbers.empty:
        raise KiError("table 'numbers' is empty; nothing to chart")
    sources = sources_for(numbers, documents, "numbers")
    order = ["fact", "date", "ignored", "unexplained"]
    data = (numbers.groupby(["doc_id", "disposition"], sort=True).size().rename("n_numbers")
            .reset_index())
    wide = data.pivot(index="doc_id", columns="disposition", values="n_numbers")
    wide = wide.reindex(columns=order).fillna(0).astype(int)
    doc_order = list(sources["doc_id"])
    wide = wide.reindex([d for d in doc_order if d in wide.index])
    tot = {d: int(numbers["disposition"].eq(d).sum()) for d in order}
    t = _TEXT[lang]
    title = (f"{len(numbers)} Zahlen im Text: {tot['fact']} Kennzahlen, {tot['date']} Datumsangaben, "
             f"{tot['ignored']} keine Kennzahl, {tot['unexplained']} ungeklärt" if lang == "de" else
             f"{len(numbers)} numbers in the texts: {tot['fact']} figures, {tot['date']} dates, "
             f"{tot['ignored']} not figures, {tot['unexplained']} unexplained")
    subtitle = (f"{table_title('numbers', lang)}: {'Anzahl je Dokument nach Verwendung' if lang == 'de' else 'count per document by disposition'}"
                f" · {t['nrw']} · {_period(sources['date'])}")
    src = source_line(sources, lang)
    fig, axes = _frame(title, subtitle, src)
    ax = axes[0, 0]
    colors = {"fact": OKABE_ITO["blue"], "date": OKABE_ITO["sky"], "ignored": "#bbbbbb",
              "unexplained": OKABE_ITO["vermillion"]}
    with theme():
        ys = np.arange(len(wide))[::-1]
        left = np.zeros(len(wide))
        for d in order:
            vals = wide[d].to_numpy()
            ax.barh(ys, vals, left=left, color=colors[d], height=0.6, label=fmt.label("disposition", d, lang))
            for y, l, v in zip(ys, left, vals):
                if v:
                    ax.text(l + v / 2, y, str(v), ha="center", va="center", fontsize=8,
                            color="white" if d in ("fact", "unexplained") else "black")
            left = left + vals
        ax.set_yticks(ys, list(wide.index), fontsize=8)
        ax.set_xlim(0, float(left.max()) * 1.05 + 0.5)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("Zahlen" if lang == "de" else "numbers")
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=4, frameon=False, fontsize=8.5)
    items = "; ".join(f"{doc}: " + ", ".join(f"{int(row[d])} {fmt.label('disposition', d, lang)}"
                                             for d in order if row[d]) for doc, row in wide.iterrows())
    alt = f"{t['bar']}: {title}. {items}."
    return _finish("numbers", lang, fig, title, subtitle, src, alt, data, sources)


# ---------------------------------------------------------------------- by name
#: Tables a chart can do without (it then leaves out what they add, e.g. event marks).
OPTIONAL_TABLES = frozenset({"events", "rollout"})


def _load_tables(names: Sequence[str], tables: Mapping[str, pd.DataFrame] | None) -> dict:
    if tables is not None:
        missing = [n for n in names if n not in tables and n not in OPTIONAL_TABLES]
        if missing:
            raise KiError(f"chart needs table(s) {', '.join(missing)}")
        return {n: tables.get(n) for n in names}
    import ki_analysis

    loader: Callable[[str], pd.DataFrame] = getattr(ki_analysis, "load")
    out: dict = {}
    for n in names:
        try:
            out[n] = loader(n)
        except KiError:
            if n not in OPTIONAL_TABLES:
                raise
            out[n] = None
    return out


def _district_shapes():
    """NRW's boundaries, parsed once per file version (reports draw many maps per process)."""
    from .config import paths

    path = paths().reference / "nrw_districts.geojson"
    try:
        st = path.stat()
    except OSError:
        st = None
    return _read_shapes(str(path), st.st_mtime_ns if st else 0, st.st_size if st else 0)


@functools.lru_cache(maxsize=4)
def _read_shapes(path: str, mtime_ns: int, size: int) -> tuple:
    from .geo import read_districts

    return tuple(read_districts(path))


CHARTS: dict[str, tuple[Callable[..., Chart], tuple[str, ...]]] = {
    "rollout": (lambda t, lang, **kw: rollout_chart(t["rollout"], t["documents"], t["events"], lang)
                , ("rollout", "documents", "events")),
    "funding": (lambda t, lang, **kw: funding_chart(t["funding"], t["documents"], lang,
                                                    rollout=t["rollout"], **kw),
                ("funding", "documents", "rollout")),
    "staffing": (lambda t, lang, **kw: staffing_chart(t["staffing"], t["documents"], lang),
                 ("staffing", "documents")),
    "mentions": (lambda t, lang, **kw: mentions_chart(t["mentions"], t["documents"], lang, **kw),
                 ("mentions", "documents")),
    "map": (lambda t, lang, **kw: map_chart(t["districts"], kw.pop("shapes", None) or _district_shapes(),
                                            t["mentions"], t["documents"], t["events"], lang, **kw),
            ("districts", "mentions", "documents", "events")),
    "checks": (lambda t, lang, **kw: checks_chart(t["checks"], t["documents"], lang),
               ("checks", "documents")),
    "documents": (lambda t, lang, **kw: documents_chart(t["documents"], lang), ("documents",)),
    "numbers": (lambda t, lang, **kw: numbers_chart(t["numbers"], t["documents"], lang),
                ("numbers", "documents")),
}


def chart(name: str, lang: str = "de", *, tables: Mapping[str, pd.DataFrame] | None = None,
          **options) -> Chart:
    """Render chart ``name`` from the processed tables (``ki_analysis.load``) or ``tables``.

    ``options`` go to the chart function: ``period=`` (funding), ``top=`` (mentions),
    ``view=`` and ``highlight=`` (map).
    """
    try:
        fn, needs = CHARTS[name]
    except KeyError:
        raise KiError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}") from None
    fmt.check_lang(lang)
    return fn(_load_tables(needs, tables), lang, **options)
