"""Maps and mentions of NRW's districts."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .. import fmt
from ..errors import KiError
from ..phrases import phrase
from .base import (
    LIGHT,
    OKABE_ITO,
    Chart,
    alt_text,
    finish,
    frame,
    require_columns,
    source_line,
    sources_for,
    split_ids,
    subtitle,
    table_title,
    themed,
    tint,
    year_span,
)
from .geo import Boundaries

#: The highlighted district of the locator map (and its name's colour).
DARK = "#1f4f8b"
#: Planned visits: a light vermillion under the hatch.
PLANNED = "#f6d2bf"


# ------------------------------------------------------------------------ mentions
def mention_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and distinct documents per district, most mentioned first."""
    m = mentions.dropna(subset=["district_ags"])
    g = m.groupby(["district_ags", "district_name"], sort=True)
    out = pd.DataFrame(
        {
            "n_mentions": g.size(),
            "n_documents": g["doc_id"].nunique(),
            "doc_ids": g["doc_id"].agg(lambda s: "; ".join(sorted(set(map(str, s))))),
        }
    )
    out = out.reset_index().sort_values(
        ["n_mentions", "n_documents", "district_ags"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)


@themed
def mentions_chart(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    lang: str = "de",
    top: int = 20,
    *,
    districts: pd.DataFrame,
) -> Chart:
    """Mentions per district (bars) with the number of documents naming it, out of all
    ``districts``."""
    lang = fmt.check_lang(lang)
    require_columns(mentions, "mentions", ["doc_id", "district_ags", "district_name"])
    data = mention_counts(mentions)
    if data.empty:
        raise KiError("table 'mentions' has no district mentions to chart")
    sources = sources_for(data, documents, "mentions")
    shown = data.head(top)
    lead = shown.iloc[0]
    title = phrase(
        "mentions_title",
        lang,
        n=fmt.fmt_count(len(data), lang),
        total=fmt.fmt_count(len(districts), lang),
        name=lead["district_name"],
        count=fmt.fmt_count(lead["n_mentions"], lang),
    )
    sub = subtitle(
        phrase("mentions_sub", lang, table=table_title("mentions", lang)),
        phrase("nrw", lang),
        year_span(sources["date"]),
        phrase("mentions_top", lang, top=top) if len(data) > top else "",
    )
    src = source_line(sources, lang)
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    ys = np.arange(len(shown))[::-1]
    ax.barh(ys, shown["n_mentions"], color=OKABE_ITO["blue"], height=0.6)
    for y, r in zip(ys, shown.itertuples()):
        ax.annotate(
            f"{fmt.fmt_count(r.n_mentions, lang)} ({fmt.fmt_count(r.n_documents, lang)})",
            (r.n_mentions, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
    ax.set_yticks(ys, list(shown["district_name"]))
    ax.set_xlim(0, float(shown["n_mentions"].max()) * 1.2 + 1)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(phrase("mentions_axis", lang))
    items = [
        phrase(
            "mentions_item",
            lang,
            name=r.district_name,
            n=fmt.fmt_count(r.n_mentions, lang),
            docs=fmt.fmt_count(r.n_documents, lang),
        )
        for r in shown.itertuples()
    ]
    alt = alt_text("bar", title, items, lang)
    return finish("mentions", lang, fig, title, sub, src, alt, data, sources)


# ---------------------------------------------------------------------------- map
MAP_VIEWS = ("corpus", "visits", "regierungsbezirk", "locator")


def map_data(
    districts: pd.DataFrame, mentions: pd.DataFrame, events: pd.DataFrame | None, view: str
) -> pd.DataFrame:
    """One row per district (all of them) with the category the map colours it by."""
    if view not in MAP_VIEWS or view == "locator":
        raise KiError(
            f"unknown map view {view!r} for corpus data; use one of "
            f"{', '.join(v for v in MAP_VIEWS if v != 'locator')}"
        )
    base = districts[["district_ags", "district_name", "regierungsbezirk"]].copy()
    base = base.sort_values("district_ags", kind="stable").reset_index(drop=True)
    counts = (
        mention_counts(mentions)
        if len(mentions)
        else pd.DataFrame(columns=["district_ags", "n_mentions", "n_documents", "doc_ids"])
    )
    base = base.merge(
        counts[["district_ags", "n_mentions", "n_documents", "doc_ids"]], on="district_ags", how="left"
    )
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
            lambda g: "; ".join(
                sorted(
                    {d for c in ("doc_id", "source_doc_ids") if c in g for v in g[c] for d in split_ids(v)}
                )
            ),
            include_groups=False,
        )
        base["category"] = [
            "visit_done" if a in done else "visit_planned" if a in planned else "none"
            for a in base["district_ags"]
        ]
        base["doc_ids"] = [
            ids.get(a, pd.NA) if c != "none" else pd.NA
            for a, c in zip(base["district_ags"], base["category"])
        ]
    else:
        base["category"] = base["regierungsbezirk"]
    return base


def _check_shapes(data: pd.DataFrame, shapes: Sequence, highlight: str | None) -> None:
    known = set(data["district_ags"])
    if highlight is not None and highlight not in known:
        raise KiError(f"cannot highlight {highlight!r}: not an AGS of the {len(known)} districts")
    shape_ags = {s.ags for s in shapes}
    if shape_ags != known:
        raise KiError(
            f"district boundaries and district table disagree on {', '.join(sorted(shape_ags ^ known)[:5])}"
        )


def _credit(boundaries: Boundaries, lang: str) -> str:
    return phrase("src_map", lang, year=boundaries.as_of.year)


@themed
def map_chart(
    districts: pd.DataFrame,
    shapes: Sequence,
    mentions: pd.DataFrame | None,
    documents: pd.DataFrame | None,
    events: pd.DataFrame | None = None,
    lang: str = "de",
    view: str = "corpus",
    highlight: str | None = None,
    *,
    boundaries: Boundaries,
) -> Chart:
    """Map of NRW's districts: ``view`` "corpus" (named in the corpus), "visits" (visits made,
    announced ones hatched), "regierungsbezirk" (mentions by region) or "locator" (one
    district, ``highlight``, on the map of all; no corpus data needed).

    ``highlight`` (an AGS) outlines one district in the other views, for the district reports.
    ``boundaries`` (``geo.read_boundaries``) gives the credit line and the boundaries' date.
    """
    lang = fmt.check_lang(lang)
    if view == "locator":
        return _locator(districts, shapes, lang, highlight, boundaries)
    if mentions is None or documents is None:
        raise KiError(f"the {view!r} map needs the mentions and documents tables")
    from .geo import draw_districts

    data = map_data(districts, mentions, events, view)
    _check_shapes(data, shapes, highlight)
    n_districts = fmt.fmt_count(len(data), lang)
    # Only coloured districts carry sources; the others are reference geometry. A map with
    # nothing coloured still renders (it says "0 of" all), credited to the boundaries only.
    sourced = data[data["doc_ids"].notna() & (data["doc_ids"].astype(str) != "")]
    if sourced.empty and view == "regierungsbezirk":
        raise KiError("no district mentions to map")
    sources = (
        sources_for(sourced, documents, "events" if view == "visits" else "mentions")
        if len(sourced)
        else documents.iloc[0:0]
    )
    colors: dict[str, str] = {}
    hatches: dict[str, str] = {}
    if view == "corpus":
        n = int((data["category"] == "mentioned").sum())
        title = phrase("map_corpus_title", lang, n=fmt.fmt_count(n, lang), total=n_districts)
        measure = phrase("map_corpus_measure", lang)
        for r in data.itertuples():
            if r.n_mentions:
                colors[r.district_ags] = OKABE_ITO["blue"] if r.n_documents > 1 else OKABE_ITO["sky"]
        legend = [
            Patch(color=OKABE_ITO["blue"], label=phrase("map_several_docs", lang)),
            Patch(color=OKABE_ITO["sky"], label=phrase("map_one_doc", lang)),
            Patch(color=LIGHT, label=phrase("map_not_named", lang)),
        ]
        items = [
            f"{r.district_name} ({fmt.fmt_count(r.n_mentions, lang)})"
            for r in data[data["n_mentions"] > 0].itertuples()
        ]
    elif view == "visits":
        done = int((data["category"] == "visit_done").sum())
        planned = int((data["category"] == "visit_planned").sum())
        title = phrase(
            "map_visits_title", lang, done=fmt.fmt_count(done, lang), planned=fmt.fmt_count(planned, lang)
        )
        measure = phrase("map_visits_measure", lang)
        for r in data.itertuples():
            if r.category == "visit_done":
                colors[r.district_ags] = OKABE_ITO["vermillion"]
            elif r.category == "visit_planned":
                colors[r.district_ags] = PLANNED
                hatches[r.district_ags] = "////"
        legend = [
            Patch(color=OKABE_ITO["vermillion"], label=fmt.label("event_type", "visit_done", lang)),
            Patch(
                facecolor=PLANNED,
                edgecolor="#333333",
                hatch="////",
                label=fmt.label("event_type", "visit_planned", lang),
            ),
            Patch(color=LIGHT, label=phrase("map_no_visit", lang)),
        ]
        items = [
            f"{r.district_name}: {fmt.label('event_type', r.category, lang)}"
            for r in data[data["category"] != "none"].itertuples()
        ]
    else:
        rb = (
            data.groupby("regierungsbezirk", sort=True)
            .agg(
                n_districts=("district_ags", "size"),
                n_named=("n_mentions", lambda s: int((s > 0).sum())),
                n_mentions=("n_mentions", "sum"),
            )
            .reset_index()
        )
        lead = rb.sort_values(["n_mentions", "regierungsbezirk"], ascending=[False, True]).iloc[0]
        title = phrase(
            "map_rb_title", lang, rb=lead["regierungsbezirk"], n=fmt.fmt_count(lead["n_mentions"], lang)
        )
        measure = phrase("map_rb_measure", lang)
        # alphabetical: Arnsberg, Detmold, Düsseldorf, Köln, Münster; neighbours get distinct hues
        rb_colors = dict(
            zip(
                rb["regierungsbezirk"],
                (OKABE_ITO[k] for k in ("blue", "green", "orange", "purple", "vermillion")),
            )
        )
        for r in data.itertuples():
            base_c = rb_colors[r.regierungsbezirk]
            colors[r.district_ags] = base_c if r.n_mentions else tint(base_c, 0.3)
        legend = [
            Patch(
                color=rb_colors[r.regierungsbezirk],
                label=phrase(
                    "map_rb_item",
                    lang,
                    rb=r.regierungsbezirk,
                    named=fmt.fmt_count(r.n_named, lang),
                    total=fmt.fmt_count(r.n_districts, lang),
                    n=fmt.fmt_count(r.n_mentions, lang),
                ),
            )
            for r in rb.itertuples()
        ]
        items = [str(p.get_label()) for p in legend]
        data = data.merge(rb.rename(columns={"n_mentions": "rb_mentions"}), on="regierungsbezirk")
    name = None
    if highlight is not None:
        name = str(data.loc[data["district_ags"] == highlight, "district_name"].iloc[0])
    sub = subtitle(
        f"{table_title('districts', lang)}: {measure}",
        phrase("nrw", lang),
        year_span(sources["date"]) if len(sources) else "",
        phrase("map_outlined", lang, name=name) if name else "",
    )
    credit = _credit(boundaries, lang)
    src = source_line(sources, lang, extra=credit) if len(sources) else credit
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    draw_districts(ax, shapes, colors, default_color=LIGHT, hatches=hatches, highlight=highlight)
    if name is not None:
        _label_district(ax, shapes, highlight, name)
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8.5)
    alt = phrase(
        "map_view_alt",
        lang,
        n=n_districts,
        title=title,
        items="; ".join(items) or phrase("none_listed", lang),
    )
    if name is not None:
        alt += " " + phrase("map_highlighted", lang, name=name)
    return finish(f"map_{view}", lang, fig, title, sub, src, alt, data, sources)


def _label_district(ax, shapes: Sequence, ags: str | None, name: str) -> None:
    x, y = next(s for s in shapes if s.ags == ags).label_point()
    ax.annotate(
        name,
        (x, y),
        xytext=(0, 0),
        textcoords="offset points",
        ha="center",
        va="center",
        fontsize=8,
        weight="bold",
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
    )


def _locator(
    districts: pd.DataFrame, shapes: Sequence, lang: str, highlight: str | None, boundaries: Boundaries
) -> Chart:
    """One district dark on the light map of all districts, for a district report."""
    from .geo import draw_districts

    if highlight is None:
        raise KiError("the locator map needs highlight=<AGS> of the district to show")
    data = (
        districts[["district_ags", "district_name", "regierungsbezirk"]]
        .sort_values("district_ags", kind="stable")
        .reset_index(drop=True)
    )
    _check_shapes(data, shapes, highlight)
    data["is_highlighted"] = data["district_ags"] == highlight
    row = data[data["is_highlighted"]].iloc[0]
    title = phrase("map_title", lang, name=row["district_name"])
    sub = phrase("map_sub", lang, date=fmt.fmt_date(boundaries.as_of, lang))
    src = _credit(boundaries, lang)
    alt = phrase(
        "map_alt",
        lang,
        n=fmt.fmt_count(len(data), lang),
        name=row["district_name"],
        rb=row["regierungsbezirk"],
    )
    fig, axes = frame(title, sub, src)
    ax = axes[0, 0]
    draw_districts(ax, shapes, {highlight: DARK}, default_color=LIGHT)
    return finish("map_locator", lang, fig, title, sub, src, alt, data, pd.DataFrame(columns=["doc_id"]))
