"""``reports/index.html``: what is new since the previous run first, then every report."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from .. import fmt, vocab
from ..phrases import counted, phrase
from . import html as H


def _fact(snapshot_entry: str, lang: str) -> str:
    """A figure of the snapshot as the reports word it: 'Fördermittel: rund 39,4 Mio. €' (escaped)."""
    measure, value, unit, qualifier, _period, quote = json.loads(snapshot_entry)
    figure = fmt.fmt_value(None if value is None else float(value), unit, lang, qualifier, symbol=False)
    name = vocab.label("measure", measure, lang)
    return f"{H.esc(name[:1].upper() + name[1:])}: {H.esc(figure)} – <q>{H.esc(H.unquote(str(quote)))}</q>"


def _when(stamp: object, lang: str, short: bool = False) -> str:
    """A run's time (ISO, UTC) as a reader writes it: "29. November 2026, 16:55" / "29 November
    2026, 16:55"; short: "29.11.2026, 16:55" / "29 Nov 2026, 16:55". Anything else as it is."""
    if not stamp:
        return ""
    try:
        t = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    day = fmt.fmt_date_short(t.date(), lang) if short else fmt.fmt_date(t.date(), lang)
    return f"{day}, {t:%H:%M}"


#: Data package files the index offers for download (from ``reports/data/``), in this order.
DOWNLOADS = (
    ("ki-analysis.xlsx", "index_xlsx"),
    ("README.md", "index_dictionary"),
    ("datapackage.json", "index_datapackage"),
)


def _href(lang: str, path: str) -> str:
    """A link from the index of ``lang`` (``index.html`` or ``en/index.html``) to ``path``."""
    return path if lang == "de" else f"../{path}"


def _downloads(reports_dir: Path, lang: str) -> str:
    data = reports_dir / "data"
    if not data.is_dir():
        return ""
    items = [
        f'<li><a href="{H.esc(_href(lang, "data/" + name))}">{H.esc(name)}</a> – {H.esc(phrase(key, lang))}</li>'
        for name, key in DOWNLOADS
        if (data / name).is_file()
    ]
    csvs = sorted(f.name for f in data.glob("*.csv"))
    if csvs:
        links = ", ".join(f'<a href="{H.esc(_href(lang, "data/" + n))}">{H.esc(n[:-4])}</a>' for n in csvs)
        items.append(f"<li>{H.esc(phrase('index_csv', lang))}: {links}</li>")
    if not items:
        return ""
    return f"<h2>{H.esc(phrase('index_downloads', lang))}</h2><ul>{''.join(items)}</ul>"


def _report_links(entries: list[Mapping], reports_dir: Path, lang: str) -> H.Raw:
    """Links to one report in each language (the page's language first), and their PDFs."""
    order = {lang: 0}
    links = []
    for e in sorted(entries, key=lambda e: order.get(e.get("parameters", {}).get("lang", "de"), 1)):
        lg = e.get("parameters", {}).get("lang", "de")
        files = e.get("files") or []
        name = phrase(f"index_lang_{lg}", lang)
        if files and (reports_dir / files[0]).is_file():
            links.append(f'<a href="{H.esc(_href(lang, files[0]))}" hreflang="{lg}">{H.esc(name)}</a>')
        if e.get("pdf") and (reports_dir / e["pdf"]).is_file():
            links.append(f'<a href="{H.esc(_href(lang, e["pdf"]))}">{H.esc(phrase("pdf", lang))} ({lg})</a>')
        if e.get("status") != "ok":
            links.append(f"{H.esc(phrase('index_failed', lang))} ({lg}): {H.esc(e.get('error', ''))}")
    return H.Raw(" · ".join(links))


def _title(entries: list[Mapping], lang: str) -> str:
    mine = [e for e in entries if e.get("parameters", {}).get("lang") == lang] or entries
    return str(mine[0].get("title") or mine[0].get("key") or "")


def _run_line(manifest: Mapping, lang: str) -> str:
    """When the reports were made and from what: documents and figures, then the data's hash."""
    snap = manifest["snapshot"]
    return phrase(
        "index_run",
        lang,
        when=_when(manifest["run_at"], lang),
        documents=counted("docs", len(snap["documents"]), lang, fmt.fmt_count(len(snap["documents"]), lang)),
        figures=counted("figures", len(snap["facts"]), lang, fmt.fmt_count(len(snap["facts"]), lang)),
        version=manifest["data_version"],
    )


def index_html(manifest: Mapping, news: Mapping[str, list[str]] | None, reports_dir: Path, lang: str) -> str:
    """The index page in ``lang``: news first, then the state report, then the districts by
    Regierungsbezirk, each with its German and English version (and PDFs), then the downloads."""
    snap = manifest["snapshot"]
    other = "en" if lang == "de" else "de"
    parts = [
        f'<nav class="ki-nav"><a href="{"en/index.html" if lang == "de" else "../index.html"}" '
        f'hreflang="{other}" lang="{other}">{H.esc(phrase("index_other", lang))}</a></nav>',
        f"<h1>{H.esc(phrase('index_title', lang))}</h1>",
        f'<p class="ki-lede">{H.esc(_run_line(manifest, lang))}</p>',
        f"<h2>{H.esc(phrase('index_news', lang))}</h2>",
    ]
    if news is None:
        parts.append(f"<p>{H.esc(phrase('index_first', lang))}</p>")
    elif not any(news.values()):
        parts.append(
            f"<p>{H.esc(phrase('index_nothing', lang, when=_when(manifest.get('previous_run_at'), lang) or '?'))}</p>"
        )
    else:

        def fact_line(fid: str) -> str:
            return _fact(snap["facts"][fid], lang) if fid in snap["facts"] else H.esc(fid)

        lists = [
            ("new_docs", news["documents"], lambda d: H.esc(f"{snap['documents'].get(d, '')} ({d})")),
            ("new_facts", news["facts_new"], fact_line),
            ("changed_facts", news["facts_changed"], fact_line),
            ("new_conflicts", news["conflicts"], lambda c: H.esc(snap["conflicts"].get(c, c))),
            ("removed_docs", news["documents_removed"], H.esc),
        ]
        for key, items, show in lists:
            if items:
                shown = "".join(f"<li>{show(i)}</li>" for i in items[:50])
                more = f"<li>… (+{len(items) - 50})</li>" if len(items) > 50 else ""
                parts.append(
                    f"<h3>{H.esc(phrase('index_' + key, lang))}: {len(items)}</h3><ul>{shown}{more}</ul>"
                )
    # one row per report, its languages side by side
    by_key: dict[tuple[str, str], list[Mapping]] = {}
    for _slug, e in sorted(manifest["reports"].items()):
        by_key.setdefault((str(e.get("kind")), str(e.get("key") or _slug)), []).append(e)
    heads = [phrase("index_report", lang), phrase("index_versions", lang), phrase("index_rendered", lang)]
    parts.append(f"<h2>{H.esc(phrase('index_reports', lang))}</h2>")
    states = sorted((k, v) for k, v in by_key.items() if k[0] == "state")
    if states:
        rows = [
            [
                _title(v, lang),
                _report_links(v, reports_dir, lang),
                _when(max(str(e.get("rendered_at", "")) for e in v), lang, short=True),
            ]
            for _k, v in states
        ]
        parts.append(f"<h3>{H.esc(phrase('index_state', lang))}</h3>")
        parts.append(H.table(rows, heads))
    groups: dict[str, list[list[object]]] = {}
    districts = sorted(
        ((k, v) for k, v in by_key.items() if k[0] != "state"),
        key=lambda kv: (str(kv[1][0].get("regierungsbezirk", "")), str(kv[1][0].get("name", "")), kv[0][1]),
    )
    for _k, v in districts:
        e = v[0]
        name = f"{e.get('name') or _title(v, lang)} ({e.get('ags', '')})"
        groups.setdefault(str(e.get("regierungsbezirk") or ""), []).append(
            [
                name,
                _report_links(v, reports_dir, lang),
                _when(max(str(x.get("rendered_at", "")) for x in v), lang, short=True),
            ]
        )
    if groups:
        parts.append(f"<h3>{H.esc(phrase('index_groups', lang))}</h3>")
        for rb, rows in groups.items():
            parts.append(f"<h4>{H.esc(phrase('rb', lang))} {H.esc(rb)}</h4>")
            parts.append(H.table(rows, heads))
    parts.append(_downloads(reports_dir, lang))
    return H.page(phrase("index_title", lang), "\n".join(p for p in parts if p), lang)
