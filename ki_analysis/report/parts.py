"""The sections of the state and district reports, as display objects.

Template cells stay one call each (``rp.funding(ctx)``); everything a reader sees is built here
from the slices of ``report.data``: charts by ``ki_analysis.plots``, figures by ``fmt.fmt_value``,
codes worded by ``vocab.label``, headings and sentences from ``phrases``. All text from the corpus
is escaped (``html.esc``); no local path ever reaches the output.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import config, fmt, plots, vocab
from ..corpus.gazetteer import project_gazetteer
from ..errors import KiError
from ..phrases import phrase
from . import data as rd
from . import html as H
from . import params as rq


@dataclass(frozen=True)
class District:
    """A district's reference data (``data/reference``, via the gazetteer)."""

    ags: str
    name: str
    name_official: str
    type: str
    regierungsbezirk: str
    population: int
    area_km2: float
    stats_date: str


@dataclass(frozen=True)
class Context:
    """One report: its parameters, the rows it shows, and where they come from."""

    kind: str  # "state" | "district"
    lang: str
    slug: str
    title: str
    inputs: Mapping[str, pd.DataFrame]  # the rows this report shows (``ki report`` hashes them)
    tables: Mapping[str, pd.DataFrame]  # every table read (to name any source document)
    data_version: str
    paths: config.Paths
    as_of: dt.date | None = None
    district: District | None = None


def state_context(as_of: str = "", lang: str = "de", root: str | os.PathLike = "") -> Context:
    """Everything the state report shows, for ``as_of`` (empty: today), of the project at
    ``root`` (empty: ``KI_ROOT`` or this checkout)."""
    p = config.paths(root or None)
    lang = rq.check_lang(lang)
    date = rq.parse_as_of(as_of)
    tables = rd.read_tables(p.root)
    title = phrase("state_title", lang, date=_date(date, lang))
    return Context(
        "state",
        lang,
        rq.slug("state", {"as_of": as_of or "", "lang": lang}),
        title,
        rd.state_inputs(tables, date),
        tables,
        rq.data_version(p.processed),
        p,
        as_of=date,
    )


def district_context(ags: str | int, lang: str = "de", root: str | os.PathLike = "") -> Context:
    """Everything the report on district ``ags`` shows (``ki report`` has resolved the name)."""
    p = config.paths(root or None)
    lang = rq.check_lang(lang)
    info = District(**project_gazetteer(p).district(rq.ags(ags)))
    tables = rd.read_tables(p.root)
    return Context(
        "district",
        lang,
        rq.slug("district", {"ags": info.ags, "lang": lang}),
        phrase("district_title", lang, name=info.name),
        rd.district_inputs(tables, info.ags),
        tables,
        rq.data_version(p.processed),
        p,
        district=info,
    )


# ------------------------------------------------------------------ wording


def _date(value: Any, lang: str, precision: object = "day") -> str:
    """A date at its precision: '2. Dezember 2013', 'Dezember 2013', '2017'; missing: empty."""
    if fmt.is_missing(value):
        return ""
    return fmt.fmt_date(value, lang, "day" if fmt.is_missing(precision) else str(precision))


def _district(ctx: Context) -> District:
    """The district of a district report (a state report has none)."""
    if ctx.district is None:
        raise KiError(f"report {ctx.slug!r} is not a district report")
    return ctx.district


def _true(value: object) -> bool:
    return not fmt.is_missing(value) and bool(value)


def _figure(value: Any, unit: str, qualifier: object, lang: str, per_unit: object = False) -> str:
    """A figure as running text: 'rund 39,4 Mio. €' / 'about €39.4m', 'über 100', '3,5 je Zentrum'."""
    text = fmt.fmt_value(
        value, unit, lang, None if fmt.is_missing(qualifier) else str(qualifier), symbol=False
    )
    return f"{text} {phrase('per_centre', lang)}" if _true(per_unit) else text


def _reviewed(text: str, status: object, lang: str) -> str:
    """A figure with " (ungeprüft)" / " (unreviewed)" when no person has checked it yet."""
    if fmt.is_missing(status) or str(status) == "unreviewed":
        return f"{text} ({vocab.label('review_status', 'unreviewed', lang)})"
    return text


def _heads(lang: str, *keys: str) -> list[str]:
    """Column headings from the phrases ("" for a column without heading)."""
    return [phrase(k, lang) if k else "" for k in keys]


def _label(vocabulary: str, code: object, lang: str) -> str:
    return "" if fmt.is_missing(code) else vocab.label(vocabulary, code, lang)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------- building blocks


def header(ctx: Context) -> H.Html:
    """Title, lede, data version, and the report's stylesheet."""
    lang = ctx.lang
    if ctx.kind == "state":
        lede = phrase("state_lede", lang, date=_date(ctx.as_of, lang), n=len(ctx.inputs["documents"]))
    else:
        lede = phrase("district_lede", lang, name=_district(ctx).name)
    return H.Html(
        f"<style>{H.CSS}</style><h1>{H.esc(ctx.title)}</h1>"
        f'<p class="ki-lede">{H.esc(lede)}</p>'
        f'<p class="ki-source">{H.esc(phrase("data_version", lang))}: '
        f"<code>{H.esc(ctx.data_version)}</code></p>",
        report={"title": ctx.title, "slug": ctx.slug},
    )


def _h2(key: str, lang: str, **kw: object) -> str:
    return f"<h2>{H.esc(phrase(key, lang, **kw))}</h2>"


def _empty(lang: str) -> str:
    return f'<p class="ki-empty">{H.esc(phrase("none", lang))}</p>'


def _source(ctx: Context, doc_id: object) -> str:
    """'MAIS, 2. Dezember 2013' for a doc id (escaped)."""
    docs = ctx.tables["documents"]
    row = docs.loc[docs["doc_id"] == str(doc_id)]
    if row.empty:
        return H.esc(doc_id)
    d = row.iloc[0]
    who = d["publisher"] if fmt.is_missing(d["publisher_short"]) else d["publisher_short"]
    return H.esc(f"{who}, {_date(d['date'], ctx.lang, d['date_precision'])}")


def _sources(ctx: Context, doc_ids: object) -> H.Raw:
    """Each source once (a web and a PDF edition of one release read the same)."""
    return H.Raw("; ".join(dict.fromkeys(_source(ctx, d) for d in rd.doc_id_list(doc_ids))))


def _csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _slices(ctx: Context, *names: str) -> dict[str, pd.DataFrame]:
    return {n: ctx.inputs[n] for n in names}


def _plots_chart(
    ctx: Context, key: str, name: str, tables: Mapping[str, pd.DataFrame], **options: object
) -> H.Html:
    """Chart ``name`` of ``ki_analysis.plots`` as a figure with alt text and a CSV link; nothing
    when the data cannot make that chart (``KiError``, e.g. no total to break down): the
    tables under it carry the data. Any other error is a bug and fails the report."""
    try:
        chart = plots.chart(name, ctx.lang, tables=tables, **options)
    except KiError:
        return H.Html("")
    import matplotlib.pyplot as plt

    png = chart.png()
    plt.close(chart.figure)
    return H.figure(
        png,
        title=chart.title,
        subtitle=chart.subtitle,
        source_line=chart.source_line,
        alt_text=chart.alt_text,
        csv_name=f"{ctx.slug}.{key}.csv",
        csv_text=_csv(chart.data),
        data_label=phrase("data_csv", ctx.lang),
    )


def _figures_table(ctx: Context, facts: pd.DataFrame) -> str:
    lang = ctx.lang
    rows = [
        [
            _label("measure", r["measure"], lang),
            _reviewed(
                _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                r.get("review_status"),
                lang,
            ),
            _sources(ctx, r["doc_id"]),
            r["quote"],
        ]
        for _, r in facts.iterrows()
    ]
    return H.table(rows, _heads(lang, "figure", "value", "source", "quote"), [False, True, False, False])


# ------------------------------------------------------------------ state report


def rollout(ctx: Context) -> H.Html:
    """Centres over time: the plots chart and every statement with its sources."""
    lang, df = ctx.lang, ctx.inputs["rollout"]
    out = _h2("rollout", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "rollout", "rollout", _slices(ctx, "rollout", "documents", "events"))
    rows = [
        [
            _date(r["as_of_date"], lang, r["date_precision"]),
            ""
            if fmt.is_missing(r["ki_count"])
            else _reviewed(
                _figure(r["ki_count"], "count", r["qualifier"], lang), r.get("review_status"), lang
            ),
            "" if fmt.is_missing(r["district_count"]) else fmt.fmt_count(r["district_count"], lang),
            _sources(ctx, r["doc_ids"]),
            r["quote"],
        ]
        for _, r in df.iterrows()
    ]
    head = [
        phrase("date", lang),
        _cap(vocab.label("measure", "ki_count", lang)),
        _cap(vocab.label("measure", "district_count", lang)),
        *_heads(lang, "source", "quote"),
    ]
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, True, True, False, False]))


def funding(ctx: Context) -> H.Html:
    lang, df = ctx.lang, ctx.inputs["funding"]
    out = _h2("funding", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "funding", "funding", _slices(ctx, "funding", "documents", "rollout"))
    rows = []
    for _, r in df.iterrows():
        kind = (
            phrase("total", lang)
            if _true(r["is_total"])
            else f"{phrase('derived', lang)}: {r['formula']}"
            if _true(r["is_derived"])
            else (phrase("annual", lang) if _true(r["is_annual"]) else "")
        )
        rows.append(
            [
                r["period"],
                _label("funder", r["funder"], lang),
                r["recipient_or_programme"],
                _reviewed(
                    _figure(r["amount_eur"], "EUR", r["qualifier"], lang), r.get("review_status"), lang
                ),
                kind,
                _sources(ctx, r["doc_ids"]),
                r["quote"],
            ]
        )
    head = _heads(lang, "period", "funder", "recipient", "value", "", "source", "quote")
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, False, False, True, False, False, False]))


def staffing(ctx: Context) -> H.Html:
    lang, df = ctx.lang, ctx.inputs["staffing"]
    out = _h2("staffing", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "staffing", "staffing", _slices(ctx, "staffing", "documents"))
    rows = [
        [
            _date(r["as_of_date"], lang, r["date_precision"]),
            _label("measure", r["measure"], lang),
            _reviewed(
                _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                r.get("review_status"),
                lang,
            ),
            f"{phrase('derived', lang)}: {r['formula']}" if _true(r["is_derived"]) else "",
            _sources(ctx, r["doc_ids"]),
            r["quote"],
        ]
        for _, r in df.iterrows()
    ]
    head = _heads(lang, "date", "figure", "value", "", "source", "quote")
    return H.Html(out) + chart + H.Html(H.table(rows, head, [False, False, True, False, False, False]))


def review_summary(ctx: Context) -> H.Html:
    """One sentence: how many of the figures this report shows a person has confirmed or corrected
    (rollout, funding and staffing rows; ``review_status``)."""
    statuses = [
        s
        for name in ("rollout", "funding", "staffing")
        if "review_status" in ctx.inputs.get(name, pd.DataFrame()).columns
        for s in ctx.inputs[name]["review_status"]
    ]
    if not statuses:
        return H.Html("")
    done = sum(not fmt.is_missing(s) and str(s) in ("confirmed", "corrected") for s in statuses)
    text = phrase("review_summary", ctx.lang, n=done, total=len(statuses), mark=vocab.UNREVIEWED_MARK)
    return H.Html(f'<p class="ki-note">{H.esc(text)}</p>')


def timeline(ctx: Context) -> H.Html:
    lang, events = ctx.lang, ctx.inputs["events"]
    out = _h2("timeline" if ctx.kind == "state" else "events", lang)
    if events.empty:
        return H.Html(out + _empty(lang))
    rows = [
        [
            _date(r["date"], lang, r["date_precision"]),
            _label("event_type", r["event_type"], lang),
            r["place"],
            r["people"],
            _sources(ctx, r["doc_id"]),
            r["quote"],
        ]
        for _, r in events.iterrows()
    ]
    return H.Html(out + H.table(rows, _heads(lang, "date", "event", "place", "people", "source", "quote")))


def conflicts(ctx: Context) -> H.Html:
    lang, df = ctx.lang, ctx.inputs["conflicts"]
    out = _h2("conflicts", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    rows = [[r["values"], r["explanation"], _sources(ctx, r["doc_ids"])] for _, r in df.iterrows()]
    return H.Html(out + H.table(rows, _heads(lang, "value", "message", "source")))


def releases(ctx: Context) -> H.Html:
    """The documents this report cites: publisher, date and URL."""
    lang, docs = ctx.lang, ctx.inputs["documents"]
    out = _h2("releases", lang)
    if docs.empty:
        return H.Html(out + _empty(lang))
    rows = [
        [
            _date(r["date"], lang, r["date_precision"]),
            r["publisher"],
            r["title"],
            H.link(r["url"], r["url"]) if H.safe_url(r["url"]) else phrase("no_url", lang),
        ]
        for _, r in docs.iterrows()
    ]
    return H.Html(out + H.table(rows, _heads(lang, "date", "publisher", "title", "url")))


# --------------------------------------------------------------- district report


def reference(ctx: Context) -> H.Html:
    lang, d = ctx.lang, _district(ctx)
    rows = [
        [phrase("type", lang), _label("district_type", d.type, lang)],
        [phrase("rb", lang), d.regierungsbezirk],
        [phrase("population", lang, date=_date(d.stats_date, lang)), fmt.fmt_count(d.population, lang)],
        [phrase("area", lang), fmt.fmt_number(d.area_km2, lang, 2)],
        [phrase("ags", lang), d.ags],
    ]
    body = _h2("reference", lang) + H.table(rows, ["", ""], [False, True])
    if d.ags == rq.AACHEN_AGS:
        body += f'<p class="ki-note">{H.esc(phrase("aachen", lang))}</p>'
    if all(ctx.inputs[k].empty for k in ("mentions", "events", "programmes", "facts")):
        body += f'<p class="ki-note">{H.esc(phrase("nothing_specific", lang, name=d.name))}</p>'
    return H.Html(body)


def district_map(ctx: Context) -> H.Html:
    """NRW with the district highlighted, drawn by ``plots`` from this project's boundaries;
    nothing when there are no boundaries to draw."""
    from ..plots.geo import read_boundaries, read_districts

    try:
        shapes = read_districts(ctx.paths.boundaries)
        boundaries = read_boundaries(ctx.paths.boundaries)
    except KiError:
        return H.Html("")
    chart = _plots_chart(
        ctx,
        "map",
        "map",
        {"districts": ctx.inputs["districts"]},
        view="locator",
        highlight=_district(ctx).ags,
        shapes=shapes,
        boundaries=boundaries,
    )
    return H.Html(_h2("section_map", ctx.lang)) + chart if chart.body else chart


def passages(ctx: Context) -> H.Html:
    """Every sentence that names the district (the mentions' ``quote``), once, with its source."""
    lang, m = ctx.lang, ctx.inputs["mentions"]
    out = _h2("passages", lang, name=_district(ctx).name)
    if m.empty:
        return H.Html(out + _empty(lang))
    quotes = []
    for _, r in m.drop_duplicates(["doc_id", "sentence_start", "sentence_end"]).iterrows():
        text = r["surface"] if fmt.is_missing(r["quote"]) else r["quote"]
        quotes.append(f"<blockquote>{H.esc(text)}<cite>{_source(ctx, r['doc_id'])}</cite></blockquote>")
    return H.Html(out + "".join(quotes))


def programmes(ctx: Context) -> H.Html:
    lang, prog, facts = ctx.lang, ctx.inputs["programmes"], ctx.inputs["facts"]
    out = _h2("programmes", lang)
    if prog.empty and facts.empty:
        return H.Html(out + _empty(lang))
    if not prog.empty:
        rows = [[r["programme"], _sources(ctx, r["doc_id"]), r["quote"]] for _, r in prog.iterrows()]
        out += H.table(rows, _heads(lang, "programme", "source", "quote"))
    if not facts.empty:
        out += _figures_table(ctx, facts)
    return H.Html(out)


def context(ctx: Context) -> H.Html:
    """The latest statewide count of centres, total funding and staff per centre."""
    lang = ctx.lang
    out = _h2("context", lang)
    rows = []
    for _, r in ctx.inputs["context_rollout"].iterrows():
        rows.append(
            [
                _cap(vocab.label("measure", "ki_count", lang)),
                _reviewed(
                    _figure(r["ki_count"], "count", r["qualifier"], lang), r.get("review_status"), lang
                ),
                _date(r["as_of_date"], lang, r["date_precision"]),
                _sources(ctx, r["doc_ids"]),
                r["quote"],
            ]
        )
    for _, r in ctx.inputs["context_funding"].iterrows():
        rows.append(
            [
                _cap(f"{vocab.label('measure', 'funding_eur', lang)} ({phrase('total', lang)})"),
                _reviewed(
                    _figure(r["amount_eur"], "EUR", r["qualifier"], lang), r.get("review_status"), lang
                ),
                r["period"],
                _sources(ctx, r["doc_ids"]),
                r["quote"],
            ]
        )
    for _, r in ctx.inputs["context_staffing"].iterrows():
        rows.append(
            [
                _cap(_label("measure", r["measure"], lang)),
                _reviewed(
                    _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                    r.get("review_status"),
                    lang,
                ),
                _date(r["as_of_date"], lang, r["date_precision"]),
                _sources(ctx, r["doc_ids"]),
                r["quote"],
            ]
        )
    if not rows:
        return H.Html(out + _empty(lang))
    return H.Html(
        out
        + H.table(
            rows,
            _heads(lang, "figure", "value", "date", "source", "quote"),
            [False, True, False, False, False],
        )
    )
