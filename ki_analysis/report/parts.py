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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import config, fmt, plots, vocab
from ..corpus.gazetteer import project_gazetteer
from ..errors import KiError
from ..phrases import counted, phrase
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
    news: str = ""  # what changed since the last run (JSON from ``ki report``; state report only)

    @property
    def stem(self) -> str:
        """The report's file name without folder and suffix (``kreis-wesel``)."""
        return self.slug.rpartition("/")[2]


def state_context(as_of: str = "", lang: str = "de", root: str | os.PathLike = "", news: str = "") -> Context:
    """Everything the state report shows, for ``as_of`` (empty: today), of the project at
    ``root`` (empty: ``KI_ROOT`` or this checkout); ``news`` is what ``ki report`` found new
    since its last run (JSON; empty: no comparison)."""
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
        news=news or "",
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
        rq.slug("district", {"ags": info.ags, "lang": lang}, rq.district_slug(info.name, info.type)),
        phrase("district_title", lang, name=info.name_official),
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


def _heads(lang: str, *keys: str) -> list[str]:
    """Column headings from the phrases ("" for a column without heading)."""
    return [phrase(k, lang) if k else "" for k in keys]


def _label(vocabulary: str, code: object, lang: str) -> str:
    return "" if fmt.is_missing(code) else vocab.label(vocabulary, code, lang)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------- building blocks


def _corpus(text: object, ctx: Context, tag: str = "span") -> str:
    """Text from the corpus (German) inside a report: escaped, and marked ``lang="de"`` in a
    report in another language, so that a screen reader, a translator and the label test know
    it is quoted, not untranslated."""
    body = H.esc(text)
    if not body:
        return ""
    return (
        f'<{tag} lang="de">{body}</{tag}>'
        if ctx.lang != "de"
        else (f"<{tag}>{body}</{tag}>" if tag != "span" else body)
    )


def header(ctx: Context) -> H.Html:
    """Navigation (all reports, the other language), title and lede."""
    lang = ctx.lang
    if ctx.kind == "state":
        lede = phrase("state_lede", lang, date=_date(ctx.as_of, lang), n=len(ctx.inputs["documents"]))
    else:
        d = _district(ctx)
        lede = phrase("district_lede", lang, name=d.name) + f" {phrase('ags', lang)}: {d.ags}."
    index = rq.relative(ctx.slug, "index.html" if lang == "de" else f"{lang}/index.html")
    other = next(x for x in vocab.LANGS if x != lang)
    other_slug = ctx.slug.rpartition("/")[2] if other == "de" else f"{other}/{ctx.stem}"
    nav = (
        f'<nav class="ki-nav"><a href="{H.esc(index)}">{H.esc(phrase("nav_index", lang))}</a>'
        f'<a href="{H.esc(rq.relative(ctx.slug, other_slug + ".html"))}" hreflang="{other}" lang="{other}">'
        f"{H.esc(phrase('nav_other_lang', lang))}</a></nav>"
    )
    return H.Html(
        f'<style>{H.CSS}</style>{nav}<h1>{H.esc(ctx.title)}</h1><p class="ki-lede">{H.esc(lede)}</p>',
        report={"title": ctx.title, "slug": ctx.slug},
    )


def footer(ctx: Context) -> H.Html:
    """The data version under the report."""
    version = f"{phrase('data_version', ctx.lang)}: {ctx.data_version}."
    return H.Html(f'<p class="ki-foot">{H.esc(phrase("footer", ctx.lang, version=version))}</p>')


def _h2(key: str, lang: str, **kw: object) -> str:
    return f"<h2>{H.esc(phrase(key, lang, **kw))}</h2>"


def _empty(lang: str) -> str:
    return f'<p class="ki-empty">{H.esc(phrase("none", lang))}</p>'


def _source_text(ctx: Context, doc_id: object) -> str:
    """'MAIS, 2. Dezember 2013' for a doc id (plain text)."""
    docs = ctx.tables["documents"]
    row = docs.loc[docs["doc_id"] == str(doc_id)]
    if row.empty:
        return str(doc_id)
    d = row.iloc[0]
    who = d["publisher"] if fmt.is_missing(d["publisher_short"]) else d["publisher_short"]
    return f"{who}, {_date(d['date'], ctx.lang, d['date_precision'])}"


def _source(ctx: Context, doc_id: object) -> str:
    """'MAIS, 2. Dezember 2013' for a doc id (escaped)."""
    return H.esc(_source_text(ctx, doc_id))


def _source_list(ctx: Context, doc_ids: object) -> list[str]:
    """Each source once (a web and a PDF edition of one release read the same), plain text."""
    return list(dict.fromkeys(_source_text(ctx, d) for d in rd.doc_id_list(doc_ids)))


def _sources(ctx: Context, doc_ids: object) -> H.Raw:
    """Each source once, escaped, joined by '; '."""
    return H.Raw("; ".join(H.esc(s) for s in _source_list(ctx, doc_ids)))


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
        csv_name=f"{ctx.stem}.{key}.csv",
        csv_text=_csv(chart.data),
        data_label=phrase("data_csv", ctx.lang),
    )


# ------------------------------------------------------------- review status


def review_summary(ctx: Context) -> str:
    """'3 von 25 Angaben in diesem Bericht sind von einer Person geprüft ...' over the figures the
    report shows (rollout, funding, staffing; a district report: its own facts and the statewide
    context), checked meaning confirmed or corrected (``vocab.is_unreviewed``). Empty when the
    report shows no figure."""
    names = (
        ("rollout", "funding", "staffing")
        if ctx.kind == "state"
        else ("facts", "context_rollout", "context_funding", "context_staffing")
    )
    statuses = [
        s for n in names if "review_status" in ctx.inputs[n].columns for s in ctx.inputs[n]["review_status"]
    ]
    if not statuses:
        return ""
    return phrase(
        "review_summary",
        ctx.lang,
        n=fmt.fmt_count(sum(not vocab.is_unreviewed(s) for s in statuses), ctx.lang),
        total=fmt.fmt_count(len(statuses), ctx.lang),
        mark=vocab.UNREVIEWED_MARK,
    )


# --------------------------------------------------------------- readable tables


class Notes:
    """The sentences a table quotes, each once, numbered; rows point to them ("[2]")."""

    def __init__(self, ctx: Context, prefix: str):
        self.ctx, self.prefix = ctx, prefix
        self.items: dict[str, list] = {}  # quote -> [number, sources, extra lines]

    def ref(self, quote: object, doc_ids: object, extra: str = "") -> H.Raw:
        """A link to the note of ``quote`` (added if new), with its sources."""
        text = "" if fmt.is_missing(quote) else " ".join(str(quote).split())
        if not text and not extra:
            return H.Raw("")
        key = text or extra
        item = self.items.setdefault(key, [len(self.items) + 1, [], [], text])
        for s in _source_list(self.ctx, doc_ids):
            if s not in item[1]:
                item[1].append(s)
        if extra and extra not in item[2]:
            item[2].append(extra)
        n = item[0]
        return H.Raw(f'<a class="ki-ref" href="#{self.prefix}-{n}" id="{self.prefix}-r{n}">[{n}]</a>')

    def html(self) -> str:
        if not self.items:
            return ""
        rows = []
        for number, sources, extras, text in self.items.values():
            # the sentence (or the computation) with its sources, each further computation on a
            # line of its own
            lines = [H.esc(e) for e in extras]
            if text:  # <q> sets the quotation marks of its language
                text = H.unquote(text)
                lines.insert(
                    0, f"<q>{H.esc(text)}</q>" if self.ctx.lang == "de" else _corpus(text, self.ctx, "q")
                )
            if sources and lines:
                lines[0] += f' <span class="ki-src">– {H.esc("; ".join(sources))}</span>'

            rows.append(f'<li id="{self.prefix}-{number}" value="{number}">{"<br>".join(lines)}</li>')
        label = H.esc(phrase("notes", self.ctx.lang))
        return f'<ol class="ki-notes" aria-label="{label}">{"".join(rows)}</ol>'


def _value_cell(text: str, status: object, lang: str, derived: bool = False) -> H.Raw:
    """A figure in a table: its words (qualifier visible), italic when derived, '°' when unreviewed."""
    body = H.esc(text)
    if derived:
        body = f'<em class="ki-derived">{body}</em>'
    if vocab.is_unreviewed(status):  # the mark of the charts, its label as a tooltip
        word = H.esc(vocab.label("review_status", "unreviewed", lang))
        body += f'<abbr class="ki-unrev" title="{word}">{vocab.UNREVIEWED_MARK}</abbr>'
    return H.Raw(body)


def _figure_table(
    ctx: Context,
    rows: Sequence[Sequence[object]],
    head: list[str],
    numeric: list[bool],
    notes: Notes,
    statuses: list[object],
    derived: bool = False,
) -> str:
    """A table of figures, its numbered notes, and the legend of its marks (only those used)."""
    legend = []
    if any(vocab.is_unreviewed(s) for s in statuses):
        legend.append(phrase("note_unreviewed", ctx.lang, mark=vocab.UNREVIEWED_MARK))
    if derived:
        legend.append(phrase("derived_legend", ctx.lang))
    marks = "".join(f'<p class="ki-legend">{H.esc(x)}</p>' for x in legend)
    return H.table(rows, head, numeric) + marks + notes.html()


def _source_cell(ctx: Context, notes: Notes, doc_ids: object, quote: object, extra: str = "") -> H.Raw:
    """Short sources and the number of the note that quotes the sentence."""
    return H.Raw(f"{_sources(ctx, doc_ids).html}{notes.ref(quote, doc_ids, extra).html}")


def _figures_table(ctx: Context, facts: pd.DataFrame) -> str:
    lang = ctx.lang
    notes = Notes(ctx, "figures")
    rows = [
        [
            _cap(_label("measure", r["measure"], lang)),
            _value_cell(
                _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                r.get("review_status"),
                lang,
            ),
            _source_cell(ctx, notes, r["doc_id"], r["quote"]),
        ]
        for _, r in facts.iterrows()
    ]
    statuses = list(facts["review_status"]) if "review_status" in facts.columns else []
    return _figure_table(
        ctx, rows, _heads(lang, "figure", "value", "source"), [False, True, False], notes, statuses
    )


# ------------------------------------------------------------------ key points


def _kp(sentence: str, ctx: Context, doc_ids: Iterable[object] = ()) -> str:
    """One key point: a sentence and its sources."""
    sources: list[str] = []
    for ids in doc_ids:
        for s in _source_list(ctx, ids):
            if s not in sources:
                sources.append(s)
    src = ""
    if sources:
        key = "kp_source" if len(sources) == 1 else "kp_sources"
        src = f' <span class="ki-src">({H.esc(phrase(key, ctx.lang, sources="; ".join(sources)))})</span>'
    return f"<li>{H.esc(sentence)}{src}</li>"


def _latest(df: pd.DataFrame, by: list[str]) -> pd.Series | None:
    return None if df.empty else df.sort_values(by, kind="stable").iloc[-1]


def _centres_point(ctx: Context, rollout: pd.DataFrame) -> str:
    lang = ctx.lang
    row = _latest(rollout.dropna(subset=["ki_count"]), ["as_of_date", "statement_id"])
    if row is None:
        return ""
    centres = vocab.label("measure", "ki_count", lang)
    values = dict(
        date=_date(row["as_of_date"], lang, row["date_precision"]),
        count=_figure(row["ki_count"], "count", row["qualifier"], lang),
        centres=centres,
    )
    if fmt.is_missing(row["district_count"]) or fmt.is_missing(row["coverage_pct"]):
        sentence = phrase("kp_centres_plain", lang, **values)
    else:
        sentence = phrase(
            "kp_centres",
            lang,
            **values,
            districts=fmt.fmt_count(row["district_count"], lang),
            district_word=vocab.label("measure", "district_count", lang),
            pct=fmt.fmt_pct(row["coverage_pct"], lang, 0),
        )
    return _kp(sentence, ctx, [row["doc_ids"]])


def _funding_point(ctx: Context, funding: pd.DataFrame) -> str:
    lang = ctx.lang
    stated = funding.loc[~funding["is_derived"].fillna(False).astype(bool)]
    totals = stated.loc[stated["is_total"].fillna(False).astype(bool)]
    total = _latest(totals, ["period", "funding_id"])
    if total is None:
        return ""
    parts = stated.loc[stated["total_id"] == total["funding_id"]].sort_values(
        ["amount_eur", "funding_id"], ascending=[False, True], kind="stable"
    )
    word = vocab.label("measure", "funding_eur", lang)
    values = dict(
        funding=word,
        period=total["period"],
        total=_figure(total["amount_eur"], "EUR", total["qualifier"], lang),
    )
    if parts.empty:
        return _kp(phrase("kp_funding_plain", lang, **values), ctx, [total["doc_ids"]])
    lead = parts.iloc[0]
    sentence = phrase(
        "kp_funding",
        lang,
        **values,
        funder=_label("funder", lead["funder"], lang),
        part=_figure(lead["amount_eur"], "EUR", lead["qualifier"], lang),
        share=fmt.fmt_pct(lead["share_pct"], lang, 0),
    )
    return _kp(sentence, ctx, [total["doc_ids"], lead["doc_ids"]])


def _staffing_items(ctx: Context, staffing: pd.DataFrame) -> tuple[str, str, list[object]]:
    """('3,5 Personalstellen und 2 Lehrkräfte', date, doc ids) of the latest per-centre figures."""
    lang = ctx.lang
    per = staffing.loc[
        staffing["per_unit"].fillna(False).astype(bool) & ~staffing["is_derived"].fillna(False).astype(bool)
    ]
    if per.empty:
        return "", "", []
    per = per.sort_values(["as_of_date", "staffing_id"], kind="stable").groupby("measure", sort=True).tail(1)
    items = [
        f"{_figure(r['value'], r['unit'], r['qualifier'], lang)} {_label('measure', r['measure'], lang)}"
        for _, r in per.iterrows()
    ]
    last = per.sort_values("as_of_date", kind="stable").iloc[-1]
    return (
        f" {phrase('and', lang)} ".join(items),
        _date(last["as_of_date"], lang, last["date_precision"]),
        list(per["doc_ids"]),
    )


def _news_point(ctx: Context) -> str:
    """What is new since the last run (today's state report), else the newest release."""
    import json

    lang, docs = ctx.lang, ctx.inputs["documents"]
    newest = _latest(docs, ["date", "doc_id"])
    latest = ""
    if newest is not None:
        quoted = f"„{newest['title']}“" if lang == "de" else f"“{newest['title']}”"
        latest = f"{quoted} ({_source_text(ctx, newest['doc_id'])})"
    news = json.loads(ctx.news) if ctx.news else None
    if news is None:
        return _kp(phrase("kp_latest", lang, latest=latest), ctx) if latest else ""
    new_docs = docs.loc[docs["doc_id"].isin(news.get("documents", []))]
    if len(new_docs):
        titles = "; ".join(dict.fromkeys(str(t) for t in new_docs["title"]))
        what = phrase("kp_news_docs", lang, n=len(new_docs), titles=titles)
    else:
        what = phrase("kp_news_no_docs", lang)
    sentence = phrase(
        "kp_news",
        lang,
        since=_date(str(news["since"])[:10], lang),
        docs=what,
        facts=fmt.fmt_count(news.get("facts_new", 0), lang),
        changed=fmt.fmt_count(news.get("facts_changed", 0), lang),
    )
    return _kp(sentence, ctx, list(new_docs["doc_id"]))


def _conflicts_sentence(ctx: Context) -> tuple[str, list[object]]:
    """Open conflicts in one sentence, and the sources of the first."""
    lang, df = ctx.lang, ctx.inputs["conflicts"]
    if df.empty:
        return phrase("kp_no_conflicts", lang), []
    first = df.sort_values("check_id", kind="stable").iloc[0]
    what = _label("check_kind", first["check_kind"], lang)
    key = "kp_conflict_one" if len(df) == 1 else "kp_conflicts"
    return phrase(key, lang, n=fmt.fmt_count(len(df), lang), what=what), [first["doc_ids"]]


def key_points(ctx: Context) -> H.Html:
    """Three to five sentences built from the data, each with its sources, first on the page.

    State: the latest count of centres and its coverage; the latest funding total and its
    largest part; staff per centre; what is new since the last run; open conflicts.
    District: what the corpus says about it, or plainly that it says nothing specific, and the
    statewide figures that apply. Under the points, both say how many of the report's figures a
    person has checked (``review_summary``)."""
    lang = ctx.lang
    if ctx.kind == "state":
        i = ctx.inputs
        points = [_centres_point(ctx, i["rollout"]), _funding_point(ctx, i["funding"])]
        items, date, ids = _staffing_items(ctx, i["staffing"])
        if items:
            points.append(_kp(phrase("kp_staffing", lang, date=date, items=items), ctx, ids))
        points.append(_news_point(ctx))
        sentence, ids = _conflicts_sentence(ctx)
        points.append(_kp(sentence, ctx, ids))
    else:
        points = _district_points(ctx)
    body = "".join(p for p in points if p)
    if not body:
        body = f"<li>{H.esc(phrase('none', lang))}</li>"
    # The review count is the report's own statement, not a finding: a line under the points.
    review = review_summary(ctx)
    note = f'<p class="ki-review-count">{H.esc(review)}</p>' if review else ""
    return H.Html(f'<section class="ki-keypoints">{_h2("key_points", lang)}<ul>{body}</ul>{note}</section>')


def _district_points(ctx: Context) -> list[str]:
    lang, d, i = ctx.lang, _district(ctx), ctx.inputs
    points = []
    mentions, events, progs, facts = i["mentions"], i["events"], i["programmes"], i["facts"]
    if all(x.empty for x in (mentions, events, progs, facts)):
        points.append(_kp(phrase("nothing_specific", lang, name=d.name), ctx))
    if not mentions.empty:
        ids = sorted(set(mentions["doc_id"]))
        docs = ctx.tables["documents"]
        dates = docs.loc[docs["doc_id"].isin(ids), "date"].dropna()
        years = sorted({int(x.year) for x in dates})
        period = "" if not years else str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        n_docs = counted("docs", len(ids), lang)
        sentence = phrase(
            "kp_district_named",
            lang,
            name=d.name,
            n=fmt.fmt_count(len(mentions), lang),
            docs=n_docs,
            period=period,
        )
        points.append(_kp(sentence, ctx, ids))
    if not events.empty:
        e = _latest(events.dropna(subset=["date"]), ["date", "event_id"])
        if e is not None:
            place = "" if fmt.is_missing(e["place"]) else phrase("in_place", lang, place=e["place"])
            sentence = phrase(
                "kp_district_event",
                lang,
                event=_label("event_type", e["event_type"], lang),
                date=_date(e["date"], lang, e["date_precision"]),
                place=place,
            )
            points.append(_kp(sentence, ctx, [e["doc_id"]]))
    if not facts.empty:
        shown = facts.head(3)
        items = "; ".join(
            f"{_label('measure', r['measure'], lang)} {_figure(r['value'], r['unit'], r['qualifier'], lang, r['per_unit'])}"
            for _, r in shown.iterrows()
        )
        points.append(
            _kp(phrase("kp_district_figures", lang, name=d.name, items=items), ctx, list(shown["doc_id"]))
        )
    elif not progs.empty:
        names = ", ".join(dict.fromkeys(str(x) for x in progs["programme"]))
        points.append(_kp(phrase("kp_district_programmes", lang, names=names), ctx, list(progs["doc_id"])))
    state_items, ids = _statewide_items(ctx)
    if state_items:
        points.append(_kp(phrase("kp_statewide", lang, items="; ".join(state_items)), ctx, ids))
    return points


def _statewide_items(ctx: Context) -> tuple[list[str], list[object]]:
    """The statewide figures a district report puts its own next to, worded, with doc ids."""
    lang, i = ctx.lang, ctx.inputs
    items: list[str] = []
    ids: list[object] = []
    for _, r in i["context_rollout"].iterrows():
        items.append(
            f"{_figure(r['ki_count'], 'count', r['qualifier'], lang)} {vocab.label('measure', 'ki_count', lang)} "
            f"({_date(r['as_of_date'], lang, r['date_precision'])})"
        )
        ids.append(r["doc_ids"])
    for _, r in i["context_funding"].iterrows():
        items.append(
            f"{_figure(r['amount_eur'], 'EUR', r['qualifier'], lang)} {vocab.label('measure', 'funding_eur', lang)} "
            f"({r['period']})"
        )
        ids.append(r["doc_ids"])
    for _, r in i["context_staffing"].iterrows():
        items.append(
            f"{_figure(r['value'], r['unit'], r['qualifier'], lang)} {_label('measure', r['measure'], lang)} "
            f"{phrase('per_centre', lang)} ({_date(r['as_of_date'], lang, r['date_precision'])})"
        )
        ids.append(r["doc_ids"])
    return items, ids


# ------------------------------------------------------------------ state report


def rollout(ctx: Context) -> H.Html:
    """Centres over time: the plots chart and one row per statement, its sentence as a note."""
    lang, df = ctx.lang, ctx.inputs["rollout"]
    out = _h2("rollout", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "rollout", "rollout", _slices(ctx, "rollout", "documents", "events"))
    notes = Notes(ctx, "rollout")
    rows = [
        [
            _date(r["as_of_date"], lang, r["date_precision"]),
            ""
            if fmt.is_missing(r["ki_count"])
            else _value_cell(
                _figure(r["ki_count"], "count", r["qualifier"], lang), r.get("review_status"), lang
            ),
            "" if fmt.is_missing(r["district_count"]) else fmt.fmt_count(r["district_count"], lang),
            "" if fmt.is_missing(r["coverage_pct"]) else fmt.fmt_pct(r["coverage_pct"], lang, 0),
            _source_cell(ctx, notes, r["doc_ids"], r["quote"]),
        ]
        for _, r in df.iterrows()
    ]
    head = [
        phrase("date", lang),
        _cap(vocab.label("measure", "ki_count", lang)),
        _cap(vocab.label("measure", "district_count", lang)),
        phrase("coverage", lang),
        phrase("source", lang),
    ]
    table = _figure_table(
        ctx, rows, head, [False, True, True, True, False], notes, list(df.get("review_status", []))
    )
    return H.Html(out) + chart + H.Html(table)


def funding(ctx: Context) -> H.Html:
    """Funding: the chart and one row per amount; a part shows its share, a derived row its
    computation in the note."""
    lang, df = ctx.lang, ctx.inputs["funding"]
    out = _h2("funding", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "funding", "funding", _slices(ctx, "funding", "documents", "rollout"))
    notes = Notes(ctx, "funding")
    rows = []
    for _, r in df.iterrows():
        derived = _true(r["is_derived"])
        extra = (
            phrase("computed", lang, formula=fmt.formula(r["formula"], lang))
            if derived and not fmt.is_missing(r["formula"])
            else ""
        )
        kind = (
            phrase("total", lang)
            if _true(r["is_total"])
            else phrase("derived", lang)
            if derived
            else phrase("part_of_total", lang, share=fmt.fmt_pct(r["share_pct"], lang, 0))
            if not fmt.is_missing(r["total_id"]) and not fmt.is_missing(r["share_pct"])
            else (phrase("annual", lang) if _true(r["is_annual"]) else "")
        )
        rows.append(
            [
                r["period"],
                _label("funder", r["funder"], lang) if not fmt.is_missing(r["funder"]) else "",
                H.Raw(_corpus(r["recipient_or_programme"], ctx)),
                _value_cell(
                    _figure(r["amount_eur"], "EUR", r["qualifier"], lang),
                    r.get("review_status"),
                    lang,
                    derived,
                ),
                kind,
                _source_cell(ctx, notes, r["doc_ids"], r["quote"] if not derived else None, extra),
            ]
        )
    head = _heads(lang, "period", "funder", "recipient", "value", "kind", "source")
    any_derived = bool(df["is_derived"].fillna(False).astype(bool).any())
    table = _figure_table(
        ctx,
        rows,
        head,
        [False, False, False, True, False, False],
        notes,
        list(df.get("review_status", [])),
        any_derived,
    )
    return H.Html(out) + chart + H.Html(table)


def staffing(ctx: Context) -> H.Html:
    from ..plots.staffing import shown_formula  # the chart's wording of a computation

    lang, df = ctx.lang, ctx.inputs["staffing"]
    out = _h2("staffing", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    chart = _plots_chart(ctx, "staffing", "staffing", _slices(ctx, "staffing", "documents"))
    notes = Notes(ctx, "staffing")
    stated = df.set_index("staffing_id")
    rows = []
    for _, r in df.iterrows():
        derived = _true(r["is_derived"])
        extra = (
            phrase("computed", lang, formula=shown_formula(r.to_dict(), stated, lang, basis=True))
            if derived
            else ""
        )
        rows.append(
            [
                _date(r["as_of_date"], lang, r["date_precision"]),
                _cap(_label("measure", r["measure"], lang)),
                _value_cell(
                    _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                    r.get("review_status"),
                    lang,
                    derived,
                ),
                phrase("derived", lang)
                if derived
                else phrase("per_centre", lang)
                if _true(r["per_unit"])
                else phrase("total", lang),
                _source_cell(ctx, notes, r["doc_ids"], r["quote"], extra),
            ]
        )
    head = _heads(lang, "date", "figure", "value", "kind", "source")
    any_derived = bool(df["is_derived"].fillna(False).astype(bool).any())
    table = _figure_table(
        ctx,
        rows,
        head,
        [False, False, True, False, False],
        notes,
        list(df.get("review_status", [])),
        any_derived,
    )
    return H.Html(out) + chart + H.Html(table)


def timeline(ctx: Context) -> H.Html:
    lang, events = ctx.lang, ctx.inputs["events"]
    out = _h2("timeline" if ctx.kind == "state" else "events", lang)
    if events.empty:
        return H.Html(out + _empty(lang))
    notes = Notes(ctx, "events")
    rows = [
        [
            _date(r["date"], lang, r["date_precision"]),
            _label("event_type", r["event_type"], lang),
            r["place"],
            r["people"],
            _source_cell(ctx, notes, r["doc_id"], r["quote"]),
        ]
        for _, r in events.iterrows()
    ]
    return H.Html(
        out + H.table(rows, _heads(lang, "date", "event", "place", "people", "source")) + notes.html()
    )


def _readable_values(ctx: Context, values: object, doc_ids: object) -> str:
    """A check's values with each document id replaced by its short source."""
    text = "" if fmt.is_missing(values) else str(values)
    for d in rd.doc_id_list(doc_ids):
        text = text.replace(d, _source_text(ctx, d))
    return text


def _worded(row: pd.Series, column: str, lang: str) -> str:
    """A check's ``values`` or ``explanation`` in ``lang`` (the table has English and German)."""
    text = row.get(column if lang == "en" else f"{column}_{lang}")
    return str(row[column]) if fmt.is_missing(text) else str(text)


def conflicts(ctx: Context) -> H.Html:
    lang, df = ctx.lang, ctx.inputs["conflicts"]
    out = _h2("conflicts", lang)
    if df.empty:
        return H.Html(out + _empty(lang))
    rows = [
        [
            _label("check_kind", r["check_kind"], lang),
            _readable_values(ctx, _worded(r, "values", lang), r["doc_ids"]),
            _worded(r, "explanation", lang),
        ]
        for _, r in df.iterrows()
    ]
    return H.Html(out + H.table(rows, _heads(lang, "kind", "value", "message")))


def releases(ctx: Context) -> H.Html:
    """The documents this report cites: publisher, date and URL; the editions of one release
    (``duplicate_cluster``: a web page and its PDF) in one row, with the address of each."""
    lang, docs = ctx.lang, ctx.inputs["documents"]
    out = _h2("releases", lang)
    if docs.empty:
        return H.Html(out + _empty(lang))
    editions: dict[str, list[pd.Series]] = {}
    for _, r in docs.iterrows():
        cluster = r.get("duplicate_cluster")
        key = str(r["doc_id"]) if fmt.is_missing(cluster) or not str(cluster) else str(cluster)
        editions.setdefault(key, []).append(r)
    rows = []
    for group in editions.values():
        r = group[0]
        urls = list(dict.fromkeys(str(e["url"]) for e in group if H.safe_url(e["url"])))
        links = H.Raw(" · ".join(H.link(u, u).html for u in urls)) if urls else phrase("no_url", lang)
        rows.append(
            [
                _date(r["date"], lang, r["date_precision"]),
                H.Raw(_corpus(r["publisher"], ctx)),
                H.Raw(_corpus(r["title"], ctx)),
                links,
            ]
        )
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
        attr = ' lang="de"' if lang != "de" else ""
        quotes.append(f"<blockquote{attr}>{H.esc(text)}<cite>{_source(ctx, r['doc_id'])}</cite></blockquote>")
    return H.Html(out + "".join(quotes))


def programmes(ctx: Context) -> H.Html:
    lang, prog, facts = ctx.lang, ctx.inputs["programmes"], ctx.inputs["facts"]
    out = _h2("programmes", lang)
    if prog.empty and facts.empty:
        return H.Html(out + _empty(lang))
    if not prog.empty:
        notes = Notes(ctx, "programmes")
        rows = [
            [H.Raw(_corpus(r["programme"], ctx)), _source_cell(ctx, notes, r["doc_id"], r["quote"])]
            for _, r in prog.iterrows()
        ]
        out += H.table(rows, _heads(lang, "programme", "source")) + notes.html()
    if not facts.empty:
        out += _figures_table(ctx, facts)
    return H.Html(out)


def context(ctx: Context) -> H.Html:
    """The latest statewide count of centres, total funding and staff per centre."""
    lang = ctx.lang
    out = _h2("context", lang)
    notes = Notes(ctx, "context")
    rows: list[list[object]] = []
    statuses: list[object] = []
    for _, r in ctx.inputs["context_rollout"].iterrows():
        rows.append(
            [
                _cap(vocab.label("measure", "ki_count", lang)),
                _value_cell(
                    _figure(r["ki_count"], "count", r["qualifier"], lang), r.get("review_status"), lang
                ),
                _date(r["as_of_date"], lang, r["date_precision"]),
                _source_cell(ctx, notes, r["doc_ids"], r["quote"]),
            ]
        )
        statuses.append(r.get("review_status"))
    for _, r in ctx.inputs["context_funding"].iterrows():
        rows.append(
            [
                _cap(f"{vocab.label('measure', 'funding_eur', lang)} ({phrase('total', lang)})"),
                _value_cell(
                    _figure(r["amount_eur"], "EUR", r["qualifier"], lang), r.get("review_status"), lang
                ),
                r["period"],
                _source_cell(ctx, notes, r["doc_ids"], r["quote"]),
            ]
        )
        statuses.append(r.get("review_status"))
    for _, r in ctx.inputs["context_staffing"].iterrows():
        rows.append(
            [
                _cap(_label("measure", r["measure"], lang)),
                _value_cell(
                    _figure(r["value"], r["unit"], r["qualifier"], lang, r["per_unit"]),
                    r.get("review_status"),
                    lang,
                ),
                _date(r["as_of_date"], lang, r["date_precision"]),
                _source_cell(ctx, notes, r["doc_ids"], r["quote"]),
            ]
        )
        statuses.append(r.get("review_status"))
    if not rows:
        return H.Html(out + _empty(lang))
    head = _heads(lang, "figure", "value", "date", "source")
    return H.Html(out + _figure_table(ctx, rows, head, [False, True, False, False], notes, statuses))
