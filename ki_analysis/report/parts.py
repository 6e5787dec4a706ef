"""The sections of the state and district reports, as display objects.

Template cells stay one line each (``rp.funding(ctx)``); everything a reader sees
is built here from the tables in ``ki_analysis.report_data``. All text from the
corpus is escaped (``html.esc``); no local path ever reaches the output.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Callable
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import pandas as pd

from .. import fmt
from ..phrases import phrase
from . import html as H
from . import data as rd
from ..config import paths
from .params import LANGS, slug


_QUALIFIER = {
    "de": {"approx": "rund ", "at_least": "mindestens ", "at_most": "bis zu ", "almost": "fast ",
           "exact": ""},
    "en": {"approx": "about ", "at_least": "at least ", "at_most": "up to ", "almost": "almost ",
           "exact": ""},
}
_EVENT = {
    "de": {"law_passed": "Gesetz beschlossen", "office_opened": "Eröffnung",
           "funding_approved": "Förderung bewilligt", "visit_done": "Besuch",
           "visit_planned": "Besuch angekündigt", "programme_start": "Programmstart", "other": "Sonstiges"},
    "en": {"law_passed": "law passed", "office_opened": "opening", "funding_approved": "funding approved",
           "visit_done": "visit", "visit_planned": "visit announced", "programme_start": "programme start",
           "other": "other"},
}
_MEASURE = {
    "de": {"ki_count": "Zentren", "district_count": "Kreise und kreisfreie Städte",
           "funding_eur": "Förderung", "staff_positions": "Personalstellen", "teachers": "Lehrkräfte",
           "people_count": "Personen", "percent": "Anteil", "other": "Sonstiges"},
    "en": {"ki_count": "centres", "district_count": "districts", "funding_eur": "funding",
           "staff_positions": "staff positions", "teachers": "teachers", "people_count": "people",
           "percent": "share", "other": "other"},
}


# ------------------------------------------------------------------ formatting

def fmt_number(value: float, lang: str, decimals: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5' (de) / '1,234,567.5' (en), without the OS locale."""
    return fmt.fmt_number(value, lang, decimals)


def fmt_date(value: object, lang: str) -> str:
    """ISO date -> '2. Dezember 2013' / '2 December 2013'; a missing date is an empty cell."""
    return "" if fmt.is_missing(value) else fmt.fmt_date(value, lang)


def fmt_doc_date(row: Mapping[str, object], lang: str) -> str:
    """A document's date at its precision: '2. Dezember 2013', 'Dezember 2013', '2017'."""
    precision = row.get("date_precision")
    return fmt.fmt_date(row.get("date"), lang, "day" if fmt.is_missing(precision) else str(precision))


def fmt_figure(row: Mapping[str, object], lang: str) -> str:
    """A figure as a reader says it: 'rund 39.400.000 EUR je Zentrum'."""
    qual = _QUALIFIER[lang].get(str(row.get("qualifier")), "")
    unit = str(row.get("unit") or "")
    unit = {"EUR": "€", "count": "", "FTE": "VZÄ" if lang == "de" else "FTE", "percent": "%"}.get(unit, unit)
    value = row.get("value")
    if value is None or pd.isna(value):
        num = "?"
    elif unit == "€" and abs(float(value)) >= 1e6:  # read as people say it: 39,4 Mio. €
        num, unit = fmt_number(float(value) / 1e6, lang, 2).rstrip("0").rstrip(",."), \
            ("Mio. €" if lang == "de" else "million €")
    else:
        num = fmt_number(float(value), lang)
    per = f" {phrase('per_centre', lang)}" if str(row.get("per_unit")).lower() in ("true", "1") else ""
    return f"{qual}{num} {unit}{per}".replace("  ", " ").strip()


# --------------------------------------------------------------------- context

@dataclass(frozen=True)
class Context:
    kind: str                       # "state" | "district"
    lang: str
    slug: str
    title: str
    inputs: Mapping[str, pd.DataFrame]
    documents: pd.DataFrame         # every document (to cite sources)
    data_version: str
    as_of: dt.date | None = None
    district: rd.District | None = None


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise rd.InputError("lang", f"{str(lang)[:20]!r} is not one of {', '.join(LANGS)}")
    return lang


@lru_cache(maxsize=4)
def _reference(reference: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return rd.read_districts(reference), rd.read_aliases(reference)


def state_context(as_of: str = "", lang: str = "de", *, slug_as_of: bool | None = None) -> Context:
    """Everything the state report shows, for ``as_of`` (empty: today)."""
    p = paths()
    date = rd.parse_as_of(as_of)
    tables = rd.read_tables(p.processed)
    stem = slug("state", {"as_of": as_of or "", "lang": _check_lang(lang)})
    return Context("state", lang, stem, phrase("state_title", lang, date=fmt_date(date.isoformat(), lang)),
                   rd.state_inputs(tables, date), tables["documents"], rd.data_version(p.processed),
                   as_of=date)


def district_context(district: str, lang: str = "de") -> Context:
    """Everything a district report shows; ``district`` is a name, alias or AGS."""
    p = paths()
    districts, aliases = _reference(p.reference)
    ags = rd.resolve_district(district, districts, aliases, p.reference)
    tables = rd.read_tables(p.processed)
    info = rd.district(districts, ags)
    stem = slug("district", {"ags": ags, "lang": _check_lang(lang)})
    return Context("district", lang, stem, phrase("district_title", lang, name=info.name),
                   rd.district_inputs(tables, districts, ags), tables["documents"],
                   rd.data_version(p.processed), district=info)


# -------------------------------------------------------------------- sections

def header(ctx: Context) -> H.Html:
    """Title, lede, data version, and the report's stylesheet."""
    lang = ctx.lang
    if ctx.kind == "state":
        lede = phrase("state_lede", lang, date=fmt_date(ctx.as_of.isoformat(), lang),
                 n=len(ctx.inputs["documents"]))
    else:
        lede = phrase("district_lede", lang, name=ctx.district.name)
    return H.Html(f"<style>{H.CSS}</style><h1>{H.esc(ctx.title)}</h1>"
                  f"<p class=\"ki-lede\">{H.esc(lede)}</p>"
                  f"<p class=\"ki-source\">{H.esc(phrase('data_version', lang))}: "
                  f"<code>{H.esc(ctx.data_version)}</code></p>",
                  report={"title": ctx.title, "slug": ctx.slug})


def _h2(key: str, lang: str, **kw: object) -> str:
    return f"<h2>{H.esc(phrase(key, lang, **kw))}</h2>"


def _empty(lang: str) -> str:
    return f"<p class=\"ki-empty\">{H.esc(phrase('none', lang))}</p>"


def _source(ctx: Context, doc_id: object) -> str:
    """'MAIS, 2. Dezember 2013' for a doc id (escaped)."""
    docs = ctx.documents.loc[ctx.documents["doc_id"].astype("str") == str(doc_id)]
    if docs.empty:
        return H.esc(doc_id)
    row = docs.iloc[0].to_dict()
    who = row.get("publisher_short") if pd.notna(row.get("publisher_short")) else row.get("publisher")
    return H.esc(f"{who}, {fmt_doc_date(row, ctx.lang)}")


def _csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _chart(ctx: Context, key: str, fig: object, title: str, subtitle: str, source_line: str,
           alt_text: str, data: pd.DataFrame) -> H.Html:
    import matplotlib.pyplot as plt
    png = H.png_bytes(fig)
    plt.close(fig)  # type: ignore[arg-type]
    return H.figure(png, title=title, subtitle=subtitle, source_line=source_line, alt_text=alt_text,
                    csv_name=f"{ctx.slug}.{key}.csv", csv_text=_csv(data),
                    data_label=phrase("data_csv", ctx.lang))


def _figures_table(ctx: Context, facts: pd.DataFrame) -> str:
    rows = []
    for _, r in facts.iterrows():
        d = r.to_dict()
        rows.append([_MEASURE[ctx.lang].get(str(d.get("measure")), str(d.get("measure"))),
                     fmt_figure(d, ctx.lang), H.Raw(_source(ctx, d.get("doc_id"))),
                     d.get("quote")])
    lang = ctx.lang
    return H.table(rows, [phrase("figure", lang), phrase("value", lang), phrase("source", lang), phrase("quote", lang)],
                   [False, True, False, False])


def _sources(ctx: Context, doc_ids: object) -> H.Raw:
    """Each source once (a web and a PDF edition of one release read the same)."""
    labels = dict.fromkeys(_source(ctx, d) for d in rd.doc_id_list(doc_ids))
    return H.Raw("; ".join(labels))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _iso(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:10]


def _plots_chart(ctx: Context, key: str, make: "Callable[[], object]") -> H.Html:
    """A chart of ``ki_analysis.plots`` as a figure with alt text and a CSV link;
    nothing when the data cannot make that chart (e.g. no total to break down)."""
    try:
        chart = make()
    except Exception:  # a chart is an illustration; the tables below carry the data
        return H.Html("")
    import matplotlib.pyplot as plt
    png = chart.png()
    plt.close(chart.figure)
    return H.figure(png, title=chart.title, subtitle=chart.subtitle, source_line=chart.source_line,
                    alt_text=chart.alt_text, csv_name=f"{ctx.slug}.{key}.csv",
                    csv_text=_csv(chart.data), data_label=phrase("data_csv", ctx.lang))


def _with_precision(value: object, precision: object, lang: str) -> str:
    return fmt_doc_date({"date": _iso(value), "date_precision": precision}, lang)


def rollout(ctx: Context) -> H.Html:
    """Centres over time: the plots chart and every statement with its sources."""
    from .. import plots
    lang, df = ctx.lang, ctx.inputs["rollout"]
    out = _h2("rollout", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "rollout", lambda: plots.rollout_chart(
        df, ctx.inputs["documents"], ctx.inputs["events"], lang))
    rows = [[_with_precision(r["as_of_date"], r["date_precision"], lang),
             fmt_figure({"value": r["ki_count"], "unit": "count", "qualifier": r["qualifier"]}, lang)
             if pd.notna(r["ki_count"]) else "",
             fmt_number(r["district_count"], lang) if pd.notna(r["district_count"]) else "",
             _sources(ctx, r["doc_ids"]), r["quote"]] for _, r in df.iterrows()]
    head = [phrase("date", lang), _cap(_MEASURE[lang]["ki_count"]),
            _cap(_MEASURE[lang]["district_count"]), phrase("source", lang), phrase("quote", lang)]
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, True, True, False, False]))


def funding(ctx: Context) -> H.Html:
    from .. import plots
    lang, df = ctx.lang, ctx.inputs["funding"]
    out = _h2("funding", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "funding", lambda: plots.funding_chart(df, ctx.inputs["documents"], lang))
    rows = []
    for _, r in df.iterrows():
        kind = phrase("total", lang) if bool(r["is_total"]) is True else \
            f"{phrase('derived', lang)}: {r['formula']}" if bool(r["is_derived"]) is True else \
            (phrase("annual", lang) if bool(r["is_annual"]) is True else "")
        rows.append([r["period"], r["funder"], r["recipient_or_programme"],
                     fmt_figure({"value": r["amount_eur"], "unit": "EUR", "qualifier": r["qualifier"]}, lang),
                     kind, _sources(ctx, r["doc_ids"]), r["quote"]])
    head = [phrase("period", lang), phrase("funder", lang), phrase("recipient", lang), phrase("value", lang), "",
            phrase("source", lang), phrase("quote", lang)]
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, False, False, True, False, False, False]))


def staffing(ctx: Context) -> H.Html:
    from .. import plots
    lang, df = ctx.lang, ctx.inputs["staffing"]
    out = _h2("staffing", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "staffing", lambda: plots.staffing_chart(df, ctx.inputs["documents"], lang))
    rows = [[_with_precision(r["as_of_date"], r["date_precision"], lang),
             _MEASURE[lang].get(str(r["measure"]), str(r["measure"])),
             fmt_figure({"value": r["value"], "unit": r["unit"], "qualifier": r["qualifier"],
                         "per_unit": r["per_unit"]}, lang),
             (f"{phrase('derived', lang)}: {r['formula']}" if bool(r["is_derived"]) is True else ""),
             _sources(ctx, r["doc_ids"]), r["quote"]] for _, r in df.iterrows()]
    head = [phrase("date", lang), phrase("figure", lang), phrase("value", lang), "", phrase("source", lang), phrase("quote", lang)]
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, False, True, False, False, False]))


def timeline(ctx: Context) -> H.Html:
    lang = ctx.lang
    events = ctx.inputs["events"]
    out = _h2("timeline" if ctx.kind == "state" else "events", lang)
    if events.empty:
        return H.Html(out + _empty(lang))
    rows = [[_with_precision(r["date"], r["date_precision"], lang),
             _EVENT[lang].get(str(r["event_type"]), str(r["event_type"])), r["place"], r["people"],
             H.Raw(_source(ctx, r["doc_id"])), r["quote"]] for _, r in events.iterrows()]
    return H.Html(out + H.table(rows, [phrase("date", lang), phrase("event", lang), phrase("place", lang),
                                       phrase("people", lang), phrase("source", lang), phrase("quote", lang)]))


def conflicts(ctx: Context) -> H.Html:
    lang = ctx.lang
    rows_df = ctx.inputs["conflicts"]
    out = _h2("conflicts", lang)
    if rows_df.empty:
        return H.Html(out + _empty(lang))
    rows = [[r["values"], r["explanation"], _sources(ctx, r["doc_ids"])] for _, r in rows_df.iterrows()]
    return H.Html(out + H.table(rows, [phrase("value", lang), phrase("message", lang), phrase("source", lang)]))


def releases(ctx: Context) -> H.Html:
    """The documents this report cites: publisher, date and URL."""
    lang = ctx.lang
    docs = ctx.inputs["documents"]
    out = _h2("releases", lang)
    if docs.empty:
        return H.Html(out + _empty(lang))
    rows = []
    for _, r in docs.iterrows():
        d = r.to_dict()
        url = H.link(d.get("url"), d.get("url")) if H.safe_url(d.get("url")) else phrase("no_url", lang)
        rows.append([fmt_doc_date(d, lang), d.get("publisher"), d.get("title"), url])
    return H.Html(out + H.table(rows, [phrase("date", lang), phrase("publisher", lang), phrase("title", lang),
                                       phrase("url", lang)]))


def reference(ctx: Context) -> H.Html:
    lang, d = ctx.lang, ctx.district
    rows = [[phrase("type", lang), d.type], [phrase("rb", lang), d.regierungsbezirk],
            [phrase("population", lang, date=fmt_date(d.stats_date, lang)), fmt_number(d.population, lang)],
            [phrase("area", lang), fmt_number(d.area_km2, lang, 2)], [phrase("ags", lang), d.ags]]
    note = ""
    if d.ags == rd.AACHEN_AGS:
        note = f"<p class=\"ki-note\">{H.esc(phrase('aachen', lang))}</p>"
    body = _h2("reference", lang) + H.table(rows, ["", ""], [False, True]) + note
    if all(ctx.inputs[k].empty for k in ("mentions", "events", "programmes", "facts")):
        body += f"<p class=\"ki-note\">{H.esc(phrase('nothing_specific', lang, name=d.name))}</p>"
    return H.Html(body)


@lru_cache(maxsize=2)
def _shapes(path: Path) -> tuple[tuple[str, str, tuple], ...]:
    """(ags, name, rings) per district from the GeoJSON."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for f in data["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = tuple(tuple(map(tuple, poly[0])) for poly in polys)
        out.append((f["properties"]["ags"], f["properties"]["name"], rings))
    return tuple(out)


def district_map(ctx: Context) -> H.Html:
    """NRW with the district highlighted."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection
    lang, d = ctx.lang, ctx.district
    shapes = _shapes(paths().reference / "nrw_districts.geojson")
    polys, colours = [], []
    for ags, _, rings in shapes:
        for ring in rings:
            polys.append(ring)
            colours.append("#1f4f8b" if ags == d.ags else "#dcdcd6")
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white", linewidths=0.5))
    ax.autoscale_view()
    ax.set_aspect(1 / 0.6225)  # 1 / cos(51.5°): NRW's latitude
    ax.set_axis_off()
    data = pd.DataFrame([{"ags": a, "name": n, "is_highlighted": a == d.ags} for a, n, _ in shapes])
    from ..plots.geo import read_boundaries  # the map phrases take the boundaries' date and count
    bounds = read_boundaries(paths().reference / "nrw_districts.geojson")
    return H.Html(_h2("section_map", lang)) + _chart(
        ctx, "map", fig, phrase("map_title", lang, name=d.name),
        phrase("map_sub", lang, date=fmt.fmt_date(bounds.as_of, lang)),
        phrase("src_map", lang, year=bounds.as_of.year),
        phrase("map_alt", lang, n=fmt.fmt_count(len(shapes), lang), name=d.name, rb=d.regierungsbezirk), data)


def _sentence(doc_id: str, start: int, end: int) -> str | None:
    text = _corpus_texts(str(paths().raw)).get(doc_id)
    return text[start:end] if text is not None else None


@lru_cache(maxsize=2)
def _corpus_texts(raw: str) -> dict[str, str]:
    """Normalised text by doc id (the offsets in the tables refer to it)."""
    try:
        from ..corpus import read_corpus  # type: ignore[attr-defined]
        return {d.doc_id: d.text for d in read_corpus(Path(raw), skip_invalid=True).documents}
    except Exception:  # no corpus module yet, or an unreadable corpus: quote the surface only
        return {}


def passages(ctx: Context) -> H.Html:
    """Every passage about the district, quoted, each with its source."""
    lang = ctx.lang
    m = ctx.inputs["mentions"]
    out = _h2("passages", lang, name=ctx.district.name)
    if m.empty:
        return H.Html(out + _empty(lang))
    seen: set[tuple[str, int, int]] = set()
    quotes = []
    for _, r in m.iterrows():
        has_span = pd.notna(r["sentence_start"]) and pd.notna(r["sentence_end"])
        key = (str(r["doc_id"]), int(r["sentence_start"]) if has_span else int(r["start"]),
               int(r["sentence_end"]) if has_span else int(r["end"]))
        if key in seen:
            continue
        seen.add(key)
        text = r.get("quote") if "quote" in m.columns else None
        if text is None or pd.isna(text):
            text = _sentence(*key) or r["surface"]
        quotes.append(f"<blockquote>{H.esc(text)}<cite>{_source(ctx, r['doc_id'])}</cite></blockquote>")
    return H.Html(out + "".join(quotes))


def programmes(ctx: Context) -> H.Html:
    lang = ctx.lang
    prog, facts = ctx.inputs["programmes"], ctx.inputs["facts"]
    out = _h2("programmes", lang)
    if prog.empty and facts.empty:
        return H.Html(out + _empty(lang))
    if not prog.empty:
        rows = [[r["programme"], H.Raw(_source(ctx, r["doc_id"])), r["quote"]] for _, r in prog.iterrows()]
        out += H.table(rows, [phrase("programme", lang), phrase("source", lang), phrase("quote", lang)])
    if not facts.empty:
        out += _figures_table(ctx, facts)
    return H.Html(out)


def context(ctx: Context) -> H.Html:
    """The latest statewide count of centres, total funding and staff per centre."""
    lang = ctx.lang
    out = _h2("context", lang)
    rows = []
    for _, r in ctx.inputs["context_rollout"].iterrows():
        rows.append([_cap(_MEASURE[lang]["ki_count"]),
                     fmt_figure({"value": r["ki_count"], "unit": "count", "qualifier": r["qualifier"]}, lang),
                     _with_precision(r["as_of_date"], r["date_precision"], lang),
                     _sources(ctx, r["doc_ids"]), r["quote"]])
    for _, r in ctx.inputs["context_funding"].iterrows():
        rows.append([f"{_MEASURE[lang]['funding_eur']} ({phrase('total', lang)})",
                     fmt_figure({"value": r["amount_eur"], "unit": "EUR", "qualifier": r["qualifier"]}, lang),
                     r["period"], _sources(ctx, r["doc_ids"]), r["quote"]])
    for _, r in ctx.inputs["context_staffing"].iterrows():
        rows.append([_MEASURE[lang].get(str(r["measure"]), str(r["measure"])),
                     fmt_figure({"value": r["value"], "unit": r["unit"], "qualifier": r["qualifier"],
                                 "per_unit": r["per_unit"]}, lang),
                     _with_precision(r["as_of_date"], r["date_precision"], lang),
                     _sources(ctx, r["doc_ids"]), r["quote"]])
    if not rows:
        return H.Html(out + _empty(lang))
    return H.Html(out + H.table(rows, [phrase("figure", lang), phrase("value", lang), phrase("date", lang),
                                       phrase("source", lang), phrase("quote", lang)],
                                [False, True, False, False, False]))
