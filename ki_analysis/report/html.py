"""Small HTML building blocks for reports: escaped text, tables, figures, the page.

Every piece of text that may come from a press release goes through ``esc``.
Display objects carry a ``text/html`` representation (what the report page shows) and,
for charts, the chart's data as CSV in a private MIME type that ``ki report``
writes next to the HTML.
"""

from __future__ import annotations

import base64
import html as _html
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Private MIME type in notebook outputs (not shown): chart CSVs and the report title.
KI_MIME = "application/vnd.ki.report+json"

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
max-width:60rem;margin:0 auto;padding:1rem 1.25rem;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0 .4rem}h2{font-size:1.25rem;margin:1.8rem 0 .5rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1.05rem}
.ki-nav{font-size:.9rem;display:flex;gap:1rem;margin-bottom:.4rem}
.ki-lede{color:#444;margin:.2rem 0 .8rem}
.ki-note{background:#f4f4f0;border-left:4px solid #8a8a5c;padding:.5rem .8rem}
.ki-empty{color:#555;font-style:italic}
.ki-keypoints{background:#f3f6fa;border:1px solid #c9d6e6;border-radius:4px;padding:.6rem 1.1rem .7rem;
margin:.6rem 0 1rem}.ki-keypoints h2{border:0;margin:.2rem 0 .3rem;font-size:1.15rem}
.ki-keypoints ul{margin:.2rem 0;padding-left:1.2rem}.ki-keypoints li{margin:.35rem 0}
.ki-review-count{margin:.5rem 0 .1rem;font-size:.92rem;color:#444}
.ki-src{color:#4a4a4a;font-size:.88rem}
table.ki{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
table.ki th,table.ki td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;
vertical-align:top}table.ki td:first-child{min-width:8.5em}table.ki td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.ki th{background:#f6f6f6}
.ki-derived{font-style:italic}.ki-unrev{color:#8a4b00;text-decoration:none;border:0;cursor:help}
.ki-ref{font-size:.8rem;vertical-align:super;text-decoration:none;margin-left:.1rem}
ol.ki-notes{font-size:.85rem;color:#333;margin:.3rem 0 1rem;padding-left:1.6rem}
ol.ki-notes li{margin:.15rem 0}q{font-style:italic}q:lang(de){quotes:"„" "“" "‚" "‘"}
.ki-legend{font-size:.82rem;color:#555;margin:.2rem 0}
blockquote{margin:.6rem 0;padding:.3rem .9rem;border-left:3px solid #5a7ba6;background:#f7f9fc}
blockquote cite{display:block;font-size:.85rem;color:#444;font-style:normal;margin-top:.2rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#444}.ki-source{color:#555}
.ki-foot{font-size:.8rem;color:#666;margin-top:2rem;border-top:1px solid #ddd;padding-top:.4rem}
a{color:#1f4f8b}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}.ki-nav{display:none}
h1,h2,h3{break-after:avoid}figure,tr,blockquote,.ki-keypoints,ol.ki-notes li{break-inside:avoid}
figure img{max-height:230mm}thead{display:table-header-group}a{color:inherit;text-decoration:none}
.ki-keypoints{background:none}table.ki th{background:none}}
""".strip()


def esc(value: object) -> str:
    """Text as HTML (quotes too); missing values as an empty string."""
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or type(value).__name__ in ("NAType", "NaTType")
    ):
        return ""
    return _html.escape(str(value), quote=True)


#: Quotation marks a quoted sentence may bring along: (opening, closing).
_QUOTE_MARKS = (("„", "“"), ("“", "”"), ('"', '"'), ("»", "«"), ("«", "»"), ("‚", "‘"))


def unquote(text: str) -> str:
    """``text`` without the quotation marks around it, when it is one quotation: ``<q>`` adds the
    marks of the report's language, and they should not show twice (not „„…““)."""
    text = text.strip()
    for opening, closing in _QUOTE_MARKS:
        inner = text[1:-1]
        if len(text) > 2 and text[0] == opening and text[-1] == closing:
            if opening not in inner and closing not in inner:
                return inner.strip()
    return text


def safe_url(url: object) -> str | None:
    """Only http(s) URLs become links (no ``javascript:``)."""
    text = esc(url)
    return text if text.startswith(("http://", "https://")) else None


@dataclass(frozen=True, repr=False)
class Html:
    """A block of finished HTML for a notebook output."""

    body: str
    files: tuple[dict[str, str], ...] = field(default=())  # {"name": ..., "csv": ...}
    report: dict[str, str] | None = None  # {"title": ...} on the header

    def __repr__(self) -> str:
        # The notebook's text/plain output: short, so that a chart's base64 PNG is not sent
        # and stored a second time as the repr of a string.
        return f"<report section: {len(self.body)} characters of HTML, {len(self.files)} file(s)>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.body}
        extra: dict[str, Any] = {}
        if self.files:
            extra["files"] = list(self.files)
        if self.report:
            extra["report"] = dict(self.report)
        if extra:
            bundle[KI_MIME] = extra
        return bundle

    def __add__(self, other: Html) -> Html:
        return Html(self.body + other.body, self.files + other.files, self.report or other.report)


def join(parts: Iterable[Html]) -> Html:
    out = Html("")
    for part in parts:
        out = out + part
    return out


def table(
    rows: Sequence[Sequence[object]], header: Sequence[str], numeric: Sequence[bool] | None = None
) -> str:
    """An HTML table; every cell escaped unless it is ``Raw``. Without any heading (a list of
    names and values) it has no head row: an empty one showed as a grey bar."""
    numeric = numeric or [False] * len(header)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    thead = f"<thead><tr>{head}</tr></thead>" if any(header) else ""
    body = []
    for row in rows:
        cells = "".join(
            ('<td class="num">' if n else "<td>") + (c.html if isinstance(c, Raw) else esc(c)) + "</td>"
            for c, n in zip(row, numeric)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="ki">{thead}<tbody>{"".join(body)}</tbody></table>'


@dataclass(frozen=True)
class Raw:
    """Already-escaped HTML inside a table cell (e.g. a link built with ``esc``)."""

    html: str


def link(text: object, url: object) -> Raw:
    href = safe_url(url)
    return Raw(f'<a href="{href}">{esc(text)}</a>' if href else esc(text))


def png_bytes(figure: Any) -> bytes:
    """A matplotlib figure as PNG, without the time-stamped metadata."""
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def figure(
    png: bytes,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    alt_text: str,
    csv_name: str,
    csv_text: str,
    data_label: str,
) -> Html:
    """A chart as ``<figure>`` with alt text and a link to its data. Title, subtitle and source
    line are drawn in the picture and said in the alt text (``title``, ``subtitle`` and
    ``source_line`` are not repeated under it: the caption is the data link)."""
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    body = (
        f'<figure><img src="{src}" alt="{esc(alt_text)}">'
        f'<figcaption><a href="{esc(csv_name)}">{esc(data_label)}</a></figcaption></figure>'
    )
    return Html(body, ({"name": csv_name, "csv": csv_text},))


def page(title: str, body: str, lang: str) -> str:
    """A complete, self-contained HTML document (no scripts, no external files)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
