"""Bring a release in: the text the extractor reads, derived from a web page, a PDF or a text
file, and the origin record found in it (pure functions; ``ki add`` does the reading, fetching
and writing, in ``corpus/add.py`` and ``corpus/fetch.py``).

* A web page's main text comes from trafilatura, after the page chrome that its heuristics
  sometimes keep (cookie banners, paywall offers, share bars, teaser lists, side columns) is
  pruned by the class and id names in ``CHROME_NAMES``. Paragraphs are set one blank line apart.
* A PDF's text comes from pypdf, page by page; a running header or footer (the same line, digits
  aside, at the top or bottom of every page) is dropped. Line wraps and hyphenation stay: the
  corpus normaliser mends them, with an offset map back to these bytes.
* A text file is its own text.

The derivation is deterministic: ``derive(fmt, data)`` gives the same text for the same bytes and
the same tool version, and ``ki build`` re-derives it to check (``check_original``). Every field
of the origin record comes with its evidence ("meta article:published_time", "dateline in the
first lines: ..."); a field that is not found is left out, never guessed (``missing`` names the
flag that sets it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from pathlib import Path
from typing import Any

from .. import vocab
from ..errors import InputError

#: Input formats by file suffix; a URL's format comes from its Content-Type (``FORMAT_OF_TYPE``).
FORMAT_OF_SUFFIX = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text", ".md": "text"}
FORMAT_OF_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "text",
}
#: Where the original is kept beside ``<id>.txt`` (a text file is its own original).
ORIGINAL_SUFFIX = {"html": ".html", "pdf": ".pdf"}
#: Bumped whenever the rules below change the derived text (recorded in ``derived_with``).
RULES_VERSION = 1
#: Class and id names (a whole name, or its first part before "-" or "_") of page chrome.
CHROME_NAMES = (
    "cookie",
    "cookies",
    "consent",
    "cmp",
    "paywall",
    "share",
    "sharedaddy",
    "sharing",
    "social",
    "teaser",
    "related",
    "sidebar",
    "widget",
    "rightcol",
    "leftcol",
    "breadcrumb",
    "ad",
    "ads",
    "advert",
    "newsletter",
    "comments",
    "post-navigation",
    "subnavi",
    "servicenavi",
    "mainnavi",
    "footer",
    "funktionen",
    "offers",
    "ticker",
    "masthead",
)
#: Elements that are chrome whatever their names.
CHROME_TAGS = ("aside", "nav", "footer", "form", "button")
#: A main text shorter than this many words is no main text (a page of links, a login wall).
MIN_WORDS = 12
#: Default terms of use by kind of publisher: the terms under which this project quotes.
DEFAULT_TERMS = {
    "ministry": "Press release of a state ministry, published for reproduction by the press; quoted "
    "here for research with attribution to the publisher.",
    "party": "Press release of a party or its members of parliament, published for reproduction by "
    "the press; quoted here for research with attribution to the publisher.",
    "district": "Press release of a district or city administration, published for reproduction by "
    "the press; quoted here for research with attribution to the publisher.",
    "news": "Newspaper article, © its publisher; short passages quoted here for research with "
    "attribution (quotation right, § 51 UrhG).",
}
#: The flag of ``ki add`` that sets each field when the document does not state it.
FLAGS = {
    "title": "--title",
    "publisher": "--publisher",
    "kind": "--kind",
    "date_published": "--date",
    "url": "--url",
}
_GENERIC_TITLE_PARTS = frozenset(
    {"pressemitteilung", "pressemitteilungen", "presse", "aktuelles", "news", "nachrichten", "startseite"}
)
_GERMAN_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "den",
        "von",
        "zu",
        "im",
        "für",
        "auf",
        "dem",
        "des",
        "ein",
        "eine",
        "sich",
        "auch",
        "es",
        "werden",
    ]
)


@dataclass(frozen=True)
class Found:
    """A field's value and how it is known."""

    value: Any
    evidence: str


@dataclass(frozen=True)
class Derived:
    """The text of an original and what the original says about itself."""

    fmt: str  # html | pdf | text
    text: str
    tool: str  # "trafilatura 2.3.1 (rules 1)", "pypdf 7.1.1 (rules 1)", "" for a text file
    found: Mapping[str, Found] = field(default_factory=dict)


# --------------------------------------------------------------------------- formats


def format_of(name: str, data: bytes, content_type: str | None = None) -> str:
    """``html``, ``pdf`` or ``text`` for an input, from its Content-Type or suffix, checked against
    its bytes; ``InputError`` for anything else."""
    fmt = None
    if content_type:
        fmt = FORMAT_OF_TYPE.get(content_type.split(";")[0].strip().lower())
    if fmt is None:
        fmt = FORMAT_OF_SUFFIX.get(Path(name).suffix.lower())
    if fmt is None and content_type:
        raise InputError(
            name, f"unsupported content type {content_type!r}; ki add reads web pages, PDFs and text"
        )
    if fmt is None:
        if data[:5] == b"%PDF-":
            fmt = "pdf"
        elif re.search(rb"<(html|body|!doctype html)", data[:2048], re.I):
            fmt = "html"
        else:
            known = ", ".join(sorted(FORMAT_OF_SUFFIX))
            raise InputError(
                name, f"unknown format (suffix {Path(name).suffix or 'none'}); ki add reads {known}"
            )
    if not data.strip():
        raise InputError(name, "is empty")
    if fmt == "pdf" and b"%PDF-" not in data[:1024]:
        raise InputError(name, "is not a PDF (no %PDF- header): a renamed file of another kind?")
    if fmt != "pdf" and b"\x00" in data[:8192]:
        raise InputError(name, f"looks binary (NUL bytes), not {'a web page' if fmt == 'html' else 'text'}")
    return fmt


def derive(fmt: str, data: bytes, name: str = "input") -> Derived:
    """The text of an original (deterministic), with the fields it states about itself."""
    if fmt == "html":
        return html_text(data, name)
    if fmt == "pdf":
        return pdf_text(data, name)
    return plain_text(data, name)


def tool_version(tool: str) -> str:
    """What derives the text of a format: the library, its installed version and our rules."""
    return f"{tool} {_version(tool)} (rules {RULES_VERSION})"


# --------------------------------------------------------------------------- web pages


def _name_test(attr: str, name: str) -> str:
    return " or ".join(
        f"contains(concat(' ', normalize-space(@{attr}), ' '), ' {name}{end}')" for end in (" ", "-", "_")
    )


def chrome_xpaths() -> list[str]:
    """XPath expressions of the page chrome trafilatura is told to prune."""
    by_name = [f"//*[{_name_test('class', n)} or {_name_test('id', n)}]" for n in CHROME_NAMES]
    return [f"//{t}" for t in CHROME_TAGS] + by_name


def _page(data: bytes) -> Any:
    import lxml.html

    try:
        return lxml.html.fromstring(data)
    except Exception:  # lxml raises several kinds on junk
        return None


def html_text(data: bytes, name: str = "page") -> Derived:
    """Main text of a web page (trafilatura) and its metadata (title, site name, canonical URL,
    published date, author, language), each with the markup it comes from."""
    import trafilatura

    out = trafilatura.extract(
        data,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
        prune_xpath=chrome_xpaths(),
    )
    blocks = [b.strip() for b in (out or "").splitlines() if b.strip()]
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        raise InputError(name, "holds no main text (only navigation, a login or cookie wall, or nothing)")
    found = html_meta(data)
    if "date_published" not in found:
        found = {**found, **_dateline(text)}
    return Derived("html", text, tool_version("trafilatura"), found)


def _first(tree: Any, xpath: str) -> str | None:
    for v in tree.xpath(xpath):
        s = re.sub(r"\s+", " ", str(v)).strip()
        if s:
            return s
    return None


def _json_ld(tree: Any) -> list[dict]:
    import json

    out: list[dict] = []
    for raw in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        items = (
            data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        )
        out += [i for i in items if isinstance(i, dict)]
    return out


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def html_meta(data: bytes) -> dict[str, Found]:
    """The fields a page states in its markup; only what is there."""
    tree = _page(data)
    if tree is None:
        return {}
    found: dict[str, Found] = {}
    ld = _json_ld(tree)

    def meta(key: str) -> str | None:
        return _first(tree, f"//meta[@property='{key}' or @name='{key}']/@content")

    def put(key: str, value: str | None, evidence: str) -> None:
        if value and key not in found:
            found[key] = Found(value, evidence)

    for item in ld:
        put("title", _ld_name(item.get("headline")), "JSON-LD headline")
    put("title", meta("og:title"), "meta og:title")
    put("title", _first(tree, "//h1//text()"), "the page's first heading (h1)")
    page_title = _first(tree, "//title/text()")
    for item in ld:
        put("publisher", _ld_name(item.get("publisher")), "JSON-LD publisher")
    put("publisher", meta("og:site_name"), "meta og:site_name")
    if page_title and "title" in found:
        put("publisher", _site_from_title(page_title, found["title"].value), f"page title {page_title!r}")
    for key, evidence in (
        ("article:published_time", "meta article:published_time"),
        ("datePublished", "meta datePublished"),
        ("DC.date.issued", "meta DC.date.issued"),
        ("DC.date", "meta DC.date"),
        ("date", "meta date"),
    ):
        put("date_published", _iso_day(meta(key)), evidence)
    for item in ld:
        put("date_published", _iso_day(item.get("datePublished")), "JSON-LD datePublished")
    put(
        "date_published",
        _iso_day(_first(tree, "//article//time/@datetime | //main//time/@datetime")),
        "the article's <time datetime>",
    )
    for item in ld:
        put("author", _ld_name(item.get("author")), "JSON-LD author")
    put("author", meta("author"), "meta author")
    put("canonical_url", _first(tree, "//link[@rel='canonical']/@href"), "link rel=canonical")
    put("canonical_url", meta("og:url"), "meta og:url")
    if "canonical_url" in found and not re.match(r"^https?://\S+$", found["canonical_url"].value):
        del found["canonical_url"]
    lang = _first(tree, "/html/@lang")
    if lang:
        put("language", lang.split("-")[0].lower(), f"<html lang={lang!r}>")
    return found


def _iso_day(value: object) -> str | None:
    """The day of an ISO timestamp ("2019-05-14T11:30:00+02:00" -> "2019-05-14")."""
    m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})", str(value)) if value else None
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _site_from_title(page_title: str, headline: str) -> str | None:
    """The site's name in a page title that also holds the headline ("Headline | Land.NRW")."""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s+::\s+", page_title) if p.strip()]
    if len(parts) < 2:
        return None
    head = headline.strip().casefold()
    rest = [p for p in parts if p.casefold() != head and head not in p.casefold()]
    if len(rest) == len(parts):
        return None  # the headline is not in the title: which part is the site is unknown
    rest = [p for p in rest if p.casefold() not in _GENERIC_TITLE_PARTS]
    if not rest:
        return None
    return rest[-1] if parts[0].casefold() == head or head in parts[0].casefold() else rest[0]


# --------------------------------------------------------------------------- PDFs


def pdf_text(data: bytes, name: str = "document.pdf") -> Derived:
    """Text of a PDF, page by page, without a running header or footer. A PDF that is encrypted,
    broken or has no text layer (a scan) is refused with a message that says which."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    if data[:5] != b"%PDF-" and b"%PDF-" not in data[:1024]:
        raise InputError(name, "is not a PDF (no %PDF- header): a renamed file of another kind?")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError(
                name,
                "is an encrypted PDF; ki add reads only unencrypted PDFs (open it and save or print "
                "an unencrypted copy)",
            )
        pages = [p.extract_text() or "" for p in reader.pages]
        info = reader.metadata
        meta = {k: str(v) for k, v in (info or {}).items() if isinstance(v, str)}
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
        raise InputError(name, f"is a broken PDF that cannot be read ({type(err).__name__}: {err})") from None
    if not pages:
        raise InputError(name, "is a PDF without pages")
    if not any(p.strip() for p in pages):
        raise InputError(
            name,
            f"has no text layer ({len(pages)} page(s) of images: a scan?); ki add does no OCR. "
            "Run OCR first (e.g. ocrmypdf) and add the result",
        )
    lines = strip_running_lines([[ln.rstrip() for ln in p.splitlines()] for p in pages])
    text = "\n\n".join("\n".join(p).strip("\n") for p in lines if any(ln.strip() for ln in p)) + "\n"
    found: dict[str, Found] = {}
    title = meta.get("/Title", "").strip()
    if title and not re.search(r"\.(docx?|odt|pdf|rtf)$|^Microsoft Word|^untitled$", title, re.I):
        found["title"] = Found(title, "PDF document info /Title")
    author = meta.get("/Author", "").strip()
    if author:
        found["author"] = Found(author, "PDF document info /Author")
    found.update(_dateline(text))
    return Derived("pdf", text, tool_version("pypdf"), found)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip()))


def strip_running_lines(pages: list[list[str]], depth: int = 2) -> list[list[str]]:
    """Pages without the running header and footer: a line among the first or last ``depth``
    non-empty lines of every page that recurs (digits aside: "Seite 1 von 2") on every page.
    A one-page document keeps all its lines."""
    if len(pages) < 2:
        return pages

    def ends(p: list[str]) -> set[str]:
        full = [ln for ln in p if ln.strip()]
        return {_line_key(ln) for ln in full[:depth] + full[-depth:]}

    running = set.intersection(*(ends(p) for p in pages)) - {""}
    if not running:
        return pages
    out = []
    for p in pages:
        full = [i for i, ln in enumerate(p) if ln.strip()]
        edge = set(full[:depth] + full[-depth:])
        out.append([ln for i, ln in enumerate(p) if not (i in edge and _line_key(ln) in running)])
    return out


# --------------------------------------------------------------------------- text files


def plain_text(data: bytes, name: str = "text") -> Derived:
    """A text file is its own text: UTF-8 without a byte-order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(name, "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            name, f"is not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8"
        ) from None
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        raise InputError(name, f"holds fewer than {MIN_WORDS} words: no press release")
    found: dict[str, Found] = {}
    found.update(_dateline(text))
    return Derived("text", text, "", found)


# --------------------------------------------------------------------------- fields


def _dateline(text: str) -> dict[str, Found]:
    """The date of a dateline in the first lines ("Düsseldorf, 12. Juli 2016."), at day precision."""
    from ..extract.dates import find_dates

    head = "\n".join(text.splitlines()[:8])[:800]
    for d in find_dates(head, None):
        if d.precision == "day" and d.date and d.kind == "date":
            line = next((ln for ln in head.splitlines() if d.text in ln), d.text).strip()
            return {"date_published": Found(d.date, f"dateline in the first lines: {line[:100]!r}")}
    return {}


def first_line_title(text: str) -> Found | None:
    """The first line of a text as its headline, when it reads like one (short, no sentence end)."""
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if len(s) <= 160 and not s.endswith((".", ":", ";", ",")):
            return Found(s, "the text's first line")
        return None
    return None


def kind_of(publisher: str) -> Found | None:
    """The kind of a publisher from the cue words in its name (``vocab.KIND_CUES``)."""
    for kind, pattern in vocab.KIND_CUES.items():
        m = re.search(pattern, publisher, re.I)
        if m:
            return Found(kind, f"the publisher's name {publisher!r} holds {m.group(0)!r}")
    return None


def short_name(publisher: str) -> str | None:
    """The abbreviation a publisher's name ends with: "... des Landes NRW (MKFFI)" -> "MKFFI"."""
    m = re.search(r"\(([A-ZÄÖÜ][A-Za-zÄÖÜäöü.]{1,11})\)\s*$", publisher)
    return m.group(1) if m else None


def language_of(text: str) -> Found | None:
    """German when German function words make up a good part of the words."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return None
    share = sum(w in _GERMAN_WORDS for w in words) / len(words)
    return Found("de", f"German function words are {share:.0%} of the words") if share >= 0.08 else None


def slug(text: str, max_words: int = 6, max_len: int = 48) -> str:
    """Lower-case ASCII words joined by '-' (umlauts spelled out): 'Kreis eröffnet 48.' -> 'kreis-eroeffnet-48'."""
    s = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", s)[:max_words]
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > max_len:
            break
        out = f"{out}-{w}" if out else w
    return out


def make_id(date: str, publisher_short: str | None, publisher: str, title: str) -> str:
    """``<date>_<publisher>_<title words>``, the corpus's naming (``data/raw/README.md``)."""
    who = slug(publisher_short or publisher, max_words=3, max_len=24) or "unknown"
    return f"{date}_{who}_{slug(title) or 'release'}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- the check of ki build


def check_original(meta: Mapping[str, Any], raw_dir: Path, text_bytes: bytes) -> list[str]:
    """Problems of a document that names an original: the original is there, unchanged, and
    its text, derived again, is the ``.txt`` byte for byte."""
    name = meta.get("original_file")
    if not name:
        return []
    if not isinstance(name, str) or "/" in name or name.startswith("."):
        return [f"sidecar field original_file {name!r} must be a file name in data/raw"]
    path = raw_dir / name
    fmt = {v: k for k, v in ORIGINAL_SUFFIX.items()}.get(path.suffix)
    if fmt is None:
        return [f"original_file {name}: originals are {', '.join(ORIGINAL_SUFFIX.values())} files"]
    try:
        data = path.read_bytes()
    except OSError as err:
        return [f"original_file {name} cannot be read ({err.strerror or err})"]
    want = meta.get("original_sha256")
    if want != sha256(data):
        return [
            f"sha256 mismatch of the original {name}: it hashes to {sha256(data)}, the sidecar says "
            f"{want} (raw files are immutable; add a new document instead)"
        ]
    try:
        derived = derive(fmt, data, name)
    except InputError as err:
        return [f"the text of the original {name} cannot be derived again: {err.reason}"]
    if derived.text.encode("utf-8") == text_bytes:
        return []
    recorded = meta.get("derived_with") or "an unrecorded tool"
    now = derived.tool
    why = (
        f"it was derived with {recorded}, this environment has {now}: install the recorded version "
        "(uv.lock) or add the document again"
        if recorded != now
        else "the .txt was edited (raw files are immutable; add a new document instead)"
    )
    return [f"differs from the text derived from {name} by {now}: {why}"]
