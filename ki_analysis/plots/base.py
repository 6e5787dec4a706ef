"""The chart frame every chart shares: theme, title block, source line, sources, ``Chart``."""

from __future__ import annotations

import functools
import io
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import fmt, registry, vocab
from ..errors import KiError
from ..phrases import phrase
from ..vocab import Term

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())
GREY = "#595959"  # secondary text; 7:1 contrast on white
LIGHT = "#e6e6e6"  # districts without data
FIGSIZE = (9.0, 5.6)  # inches; with DPI 100 a 900 x 560 px PNG
DPI = 100
DERIVED_HATCH = "///"
STATUS_COLORS = {
    "ok": OKABE_ITO["green"],
    "warn": OKABE_ITO["orange"],
    "conflict": OKABE_ITO["vermillion"],
    "error": OKABE_ITO["black"],
}
#: Derived euro amounts from this size on are written in millions ("≈ 0,8 Mio. €"): they are
#: rounded, and whole euros would make them look exact.
DERIVED_MILLIONS_FROM = 100_000


# --------------------------------------------------------------------------- theme
def theme_rc() -> dict:
    """The one theme: seaborn's whitegrid, bundled font, Okabe–Ito colours, fixed DPI."""
    import seaborn as sns

    rc: dict = {}
    rc.update(sns.axes_style("whitegrid"))  # plain dicts: nothing is set globally
    rc.update(sns.plotting_context("notebook", font_scale=0.85))
    rc.update(
        {
            "font.family": "DejaVu Sans",  # bundled with matplotlib: same glyphs everywhere
            "axes.prop_cycle": cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlelocation": "left",
            "axes.titleweight": "bold",
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "figure.figsize": FIGSIZE,
            "hatch.linewidth": 0.8,
            "svg.hashsalt": "ki-analysis",
            "axes.unicode_minus": True,
        }
    )
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
        from ..atomic import write_bytes

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
    with pd.option_context(
        "display.max_columns",
        None,
        "display.width",
        200,
        "display.max_colwidth",
        max_colwidth,
        "display.max_rows",
        500,
    ):
        table = chart.data.to_string(index=False, float_format=_plain_float)
    return "\n".join(
        [
            chart.title,
            chart.subtitle,
            "",
            textwrap.fill(chart.alt_text, 100),
            "",
            textwrap.fill(chart.source_line, 100),
            "",
            table,
        ]
    )


# ------------------------------------------------------------- registry and sources
def table_title(table: str, lang: str) -> str:
    """Chart title of a registered table (its table title where it has no chart title)."""
    t = registry.table(table)  # KiError for an unregistered table
    return Term(t.chart_title_de or t.title_de, t.chart_title_en or t.title_en)(lang)


def field_label(table: str, field: str, lang: str, *, with_unit: bool = False) -> str:
    """Label of a field of a registered table, in ``lang``; KiError if either is unknown."""
    registry.table(table).field(field)  # the field must belong to the table
    return registry.label(field, lang, with_unit=with_unit)


def unbroken_numbers(text: str) -> str:
    """``text`` with the spaces inside numbers ("39 400 000") and after a qualifier's symbol
    ("≈ 39") made non-breaking, so that wrapping a formula never splits a figure."""
    return re.sub(r"(?<=\d) (?=\d{3}\b)|(?<=[≈<>≤]) (?=\d)", "\u00a0", text)


def subtitle(*parts: str) -> str:
    """A subtitle from its parts (measure, area, period, ...), empty ones left out."""
    return " · ".join(p for p in parts if p)


def alt_text(kind: str, title: str, items: Sequence[str], lang: str) -> str:
    """The text alternative: the kind of chart (a phrase key), its title and every item drawn."""
    return phrase(
        "chart_alt",
        lang,
        kind=phrase(kind, lang),
        title=title,
        items="; ".join(items) or phrase("none_listed", lang),
    )


def split_ids(value: object) -> list[str]:
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
            for d in split_ids(row[c]):
                if d not in ids:
                    ids.append(d)
        return tuple(ids)

    return df.apply(one, axis=1) if len(df) else pd.Series([], dtype=object)


def sources_for(data: pd.DataFrame, documents: pd.DataFrame, table: str) -> pd.DataFrame:
    """The documents behind ``data``'s rows, oldest first; KiError if any row has none.

    A chart with an unsourced row, or a source missing from the documents table, is
    refused: a figure that cannot be traced is not drawn.
    """
    registry.table(table)
    if data.empty:
        raise KiError(f"no rows to chart in table {table!r}")
    per_row = _row_sources(data)
    bad = [i for i, ids in enumerate(per_row) if not ids]
    if bad:
        raise KiError(
            f"table {table!r}: {len(bad)} row(s) have no source document "
            f"(first: row {bad[0]}); a chart draws only sourced figures"
        )
    ids = sorted({d for ids in per_row for d in ids})
    known = set(documents["doc_id"].astype(str))
    unknown = [d for d in ids if d not in known]
    if unknown:
        raise KiError(
            f"table {table!r} cites document(s) missing from the documents table: {', '.join(unknown)}"
        )
    cols = [
        c
        for c in ("doc_id", "publisher_short", "publisher", "date", "date_precision", "title", "url")
        if c in documents.columns
    ]
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
    word = phrase("sources" if len(seen) > 1 else "source", lang)
    return f"{word}: " + "; ".join(seen) + (f". {extra}" if extra else "")


def short_source(ids: Sequence[str], documents: pd.DataFrame, lang: str) -> str:
    """Point label for one or more documents: "MAIS 02.12.2013 + SPD MdL Dortmund 12/2013"."""
    docs = documents.set_index(documents["doc_id"].astype(str))
    parts: list[str] = []
    for d in ids:
        row = docs.loc[d]
        date = fmt.fmt_date_short(row["date"], lang, row.get("date_precision") or "day")
        item = f"{_publisher(row.to_dict())} {date}"
        if item not in parts:
            parts.append(item)
    return " +\n".join(parts)


def year_span(dates: pd.Series) -> str:
    years = sorted({int(d.year) for d in pd.to_datetime(dates.dropna())})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def themed(fn: Callable[..., Chart]) -> Callable[..., Chart]:
    """Build the whole figure inside ``theme()``: rc values are read when artists are made."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Chart:
        with theme():
            return fn(*args, **kwargs)

    return wrapper


# ------------------------------------------------------------------- figure frame
def frame(
    title: str, subtitle: str, source: str, nrows: int = 1, ncols: int = 1, **grid
) -> tuple[Figure, np.ndarray]:
    """A figure with the title block on top, the source line at the bottom, and
    constrained layout for the axes in between (so long tick labels never clip)."""
    title_lines = textwrap.wrap(title, 72, break_on_hyphens=False)
    sub_lines = textwrap.wrap(subtitle, 125, break_on_hyphens=False)
    src_lines = textwrap.wrap(source, 155, break_on_hyphens=False)
    h_in = FIGSIZE[1]
    top_in = 0.18 + 0.26 * len(title_lines) + 0.18 * len(sub_lines) + 0.12
    bottom_in = 0.12 + 0.15 * len(src_lines) + 0.05
    top, bottom = 1 - top_in / h_in, bottom_in / h_in
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    fig.set_layout_engine("constrained", rect=(0.01, bottom, 0.98, top - bottom), w_pad=0.06, h_pad=0.06)
    fig.text(0.02, 1 - 0.15 / h_in, "\n".join(title_lines), ha="left", va="top", fontsize=13.5, weight="bold")
    fig.text(
        0.02,
        1 - (0.2 + 0.26 * len(title_lines)) / h_in,
        "\n".join(sub_lines),
        ha="left",
        va="top",
        fontsize=9.5,
        color=GREY,
    )
    fig.text(0.02, 0.1 / h_in, "\n".join(src_lines), ha="left", va="bottom", fontsize=7.5, color=GREY)
    axes = fig.subplots(nrows, ncols, squeeze=False, **grid)
    return fig, axes


def finish(
    name: str,
    lang: str,
    fig: Figure,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    data: pd.DataFrame,
    sources: pd.DataFrame,
) -> Chart:
    return Chart(name, lang, fig, title, subtitle, source, alt, data.reset_index(drop=True), sources)


def require_columns(df: pd.DataFrame, table: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KiError(f"table {table!r} lacks column(s) {', '.join(missing)} needed for its chart")


def value_label(value: float, unit: str, qualifier: object, lang: str, *, derived: bool = False) -> str:
    """A figure with its qualifier's symbol; a large derived euro amount in millions."""
    millions = derived and unit == "EUR" and abs(float(value)) >= DERIVED_MILLIONS_FROM
    return fmt.fmt_value(
        value, unit, lang, None if fmt.is_missing(qualifier) else str(qualifier), millions=millions
    )


def unreviewed(df: pd.DataFrame) -> pd.Series:
    """True for the rows no person has confirmed or corrected (``review_status``); all False for
    a table without that column (nothing to say about it)."""
    if "review_status" not in df.columns:
        return pd.Series(False, index=df.index, dtype=bool)
    return df["review_status"].map(vocab.is_unreviewed).astype(bool)


def review_mark(label: str, is_unreviewed: bool) -> str:
    """A value label with the unreviewed mark: "47°"."""
    return f"{label}{vocab.UNREVIEWED_MARK}" if is_unreviewed else label


def review_alt(item: str, is_unreviewed: bool, lang: str) -> str:
    """An alt-text item with "(ungeprüft)" / "(unreviewed)" when no person has checked it."""
    return f"{item} ({vocab.label('review_status', 'unreviewed', lang)})" if is_unreviewed else item


def review_note(flags: pd.Series, lang: str) -> str:
    """The source line's note on the mark, when a row carries it."""
    return phrase("note_unreviewed", lang, mark=vocab.UNREVIEWED_MARK) if bool(flags.any()) else ""


def legend_stated_derived(ax, lang: str, color: str) -> None:
    """Legend under the axes: solid = stated in a text, hatched outline = computed by us."""
    ax.legend(
        handles=[
            Patch(facecolor=color, edgecolor=color, label=phrase("stated", lang)),
            Patch(
                facecolor="white",
                edgecolor=color,
                hatch=DERIVED_HATCH,
                label=phrase("derived_computed", lang),
            ),
        ],
        loc="upper left",
        bbox_to_anchor=(0, -0.09),
        ncols=2,
        frameon=False,
        fontsize=8.5,
    )


def eur_axis(ax, lang: str, nbins: int = 4) -> None:
    """Euro ticks in millions with the unit once in the axis label (short ticks never collide)."""
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt.fmt_number(v / 1e6, lang)))
    ax.set_xlabel(phrase("axis_eur_m", lang), fontsize=8.5, loc="right")  # clear of the legend below


def tint(hex_color: str, amount: float) -> str:
    """Mix a colour with white: amount 1 keeps it, 0 gives white."""
    r, g, b = (1 - amount * (1 - c) for c in mpl.colors.to_rgb(hex_color))
    return mpl.colors.to_hex((r, g, b))
