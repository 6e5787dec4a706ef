"""``reports/index.html``: what is new since the previous run first, then every report."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .. import fmt, vocab
from ..phrases import phrase
from . import html as H


def _fact(snapshot_entry: str, lang: str) -> str:
    """A figure of the snapshot as the reports word it: 'Fördermittel: rund 39,4 Mio. €' (escaped)."""
    measure, value, unit, qualifier, _period, quote = json.loads(snapshot_entry)
    figure = fmt.fmt_value(None if value is None else float(value), unit, lang, qualifier, symbol=False)
    name = vocab.label("measure", measure, lang)
    return f"{H.esc(name[:1].upper() + name[1:])}: {H.esc(figure)} – <q>{H.esc(quote)}</q>"


def index_html(manifest: Mapping, news: Mapping[str, list[str]] | None, reports_dir: Path, lang: str) -> str:
    """The index page: news first, then every report with its parameters and versions."""
    snap = manifest["snapshot"]
    parts = [
        f"<h1>{H.esc(phrase('index_title', lang))}</h1>",
        f'<p class="ki-lede">{H.esc(phrase("index_run", lang, when=manifest["run_at"], version=manifest["data_version"]))}</p>',
        f"<h2>{H.esc(phrase('index_news', lang))}</h2>",
    ]
    if news is None:
        parts.append(f"<p>{H.esc(phrase('index_first', lang))}</p>")
    elif not any(news.values()):
        parts.append(
            f"<p>{H.esc(phrase('index_nothing', lang, when=manifest.get('previous_run_at') or '?'))}</p>"
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
    rows = []
    # the state report(s) first, then the districts in AGS order
    ordered = sorted(manifest["reports"].items(), key=lambda kv: (kv[1].get("kind") != "state", kv[0]))
    for slug, e in ordered:
        html_file = f"{slug}.html"
        link = (
            H.Raw(f'<a href="{H.esc(html_file)}">{H.esc(e.get("title") or slug)}</a>')
            if (reports_dir / html_file).is_file()
            else H.esc(e.get("title") or slug)
        )
        status = "ok" if e.get("status") == "ok" else f"{phrase('index_failed', lang)}: {e.get('error', '')}"
        rows.append(
            [
                link if isinstance(link, H.Raw) else H.Raw(link),
                e.get("label", ""),
                e.get("data_version", ""),
                e.get("rendered_at", ""),
                status,
            ]
        )
    parts.append(f"<h2>{H.esc(phrase('index_reports', lang))}</h2>")
    parts.append(
        H.table(
            rows,
            [
                phrase("index_report", lang),
                phrase("index_params", lang),
                phrase("index_version", lang),
                phrase("index_rendered", lang),
                phrase("index_status", lang),
            ],
        )
    )
    return H.page(phrase("index_title", lang), "\n".join(parts), lang)
