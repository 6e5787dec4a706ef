"""Maps and mentions of NRW's districts."""
from __future__ import annotations

from typing import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .. import fmt, registry
from ..phrases import phrase
from ..errors import KiError
from .base import Chart, LIGHT, MAP_CREDIT, OKABE_ITO, finish, frame, plural, require_columns, source_line, sources_for, split_ids, table_title, theme, themed, tint, year_span

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


@themed
def mentions_chart(mentions: pd.DataFrame, documents: pd.DataFrame, lang: str = "de",
                   top: int = 20) -> Chart:
    """Mentions per district (bars) with the number of documents naming it."""
    lang = fmt.check_lang(lang)
    require_columns(mentions, "mentions", ["doc_id", "district_ags", "district_name"])
    registry.table("mentions")
    data = mention_counts(mentions)
    if data.empty:
        raise KiError("table 'mentions' has no district mentions to chart")
    sources = sources_for(data, documents, "mentions")
    shown = data.head(top)
    lead = shown.iloc[0]
    n = len(data)
    if lang == "de":
        title = (f"{n} von 53 Kreisen und kreisfreien Städten werden genannt, "
                 f"{lead['district_name']} am häufigsten ({fmt.fmt_count(lead['n_mentions'], lang)}-mal)")
    else:
        title = (f"{n} of 53 districts are named; {lead['district_name']} most often "
                 f"({fmt.fmt_count(lead['n_mentions'], lang)} times)")
    period = year_span(sources["date"])
    subtitle = (f"{table_title('mentions', lang)}: "
                f"{'Anzahl der Nennungen je Kreis (Dokumente in Klammern)' if lang == 'de' else 'number of mentions per district (documents in brackets)'}"
                f" · {phrase('nrw', lang)} · {period}"
                + (f" · {'die' if lang == 'de' else 'top'} {top}" if n > top else ""))
    src = source_line(sources, lang)
    fig, axes = frame(title, subtitle, src)
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
    alt = f"{phrase('bar', lang)}: {title}. {items}."
    return finish("mentions", lang, fig, title, subtitle, src, alt, data, sources)


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
                                        for v in g[c] for d in split_ids(v)})), include_groups=False)
        base["category"] = ["visit_done" if a in done else "visit_planned" if a in planned
                             else "none" for a in base["district_ags"]]
        base["doc_ids"] = [ids.get(a, pd.NA) if c != "none" else pd.NA
                           for a, c in zip(base["district_ags"], base["category"])]
    else:
        base["category"] = base["regierungsbezirk"]
    return base


@themed
def map_chart(districts: pd.DataFrame, shapes: Sequence, mentions: pd.DataFrame,
              documents: pd.DataFrame, events: pd.DataFrame | None = None, lang: str = "de",
              view: str = "corpus", highlight: str | None = None) -> Chart:
    """Choropleth of NRW's districts: ``view`` "corpus" (named in the corpus), "visits"
    (visits done, planned hatched) or "regierungsbezirk" (mentions by region).

    ``highlight`` (an AGS) outlines one district, for the district reports.
    """
    from .geo import draw_districts

    lang = fmt.check_lang(lang)
    registry.table("districts")
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
    period = year_span(sources["date"]) if len(sources) else ""
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
            colors[r.district_ags] = base_c if r.n_mentions else tint(base_c, 0.3)
        legend = [Patch(color=rb_colors[r.regierungsbezirk],
                        label=f"{r.regierungsbezirk}: {r.n_named}/{r.n_districts} "
                              f"{'Kreise' if lang == 'de' else 'districts'}, "
                              f"{fmt.fmt_count(r.n_mentions, lang)} "
                              f"{plural(r.n_mentions, *(('Nennung', 'Nennungen') if lang == 'de' else ('mention', 'mentions')))}")
                  for r in rb.itertuples()]
        data = data.merge(rb.rename(columns={"n_mentions": "rb_mentions"}), on="regierungsbezirk")
    name = None
    if highlight is not None:
        name = str(data.loc[data["district_ags"] == highlight, "district_name"].iloc[0])
        measure += f"; {'schwarz umrandet' if lang == 'de' else 'outlined in black'}: {name}"
    subtitle = (f"{table_title('districts', lang)}: {measure} · {phrase('nrw', lang)}" + (f" · {period}" if period else ""))
    src = source_line(sources, lang, extra=MAP_CREDIT) if len(sources) else MAP_CREDIT
    fig, axes = frame(title, subtitle, src)
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
    alt = (f"{phrase('chart_map', lang)} ({'53 Kreise und kreisfreie Städte' if lang == 'de' else '53 districts'}): "
           f"{title}. {listing or ('keine' if lang == 'de' else 'none')}."
           + (f" {'Hervorgehoben' if lang == 'de' else 'Highlighted'}: {name}." if highlight else ""))
    return finish(f"map_{view}", lang, fig, title, subtitle, src, alt, data, sources)
