"""``ki add FILE|URL``: a web page, PDF or text file into ``data/raw`` with a filled-in sidecar.

The steps are pure functions of the bytes (``corpus.ingest``) between two edges: reading the
input (a file, or ``corpus.fetch`` for a URL) and writing ``data/raw``. The original, the derived
text and the sidecar are added to ``data/raw`` in one swap of the folder (``atomic.add_files``),
under the build lock; anything wrong stops before that, with one message and ``data/raw`` as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from .. import atomic, config, vocab
from ..errors import InputError, KiError
from ..lock import LockedError, run_lock
from . import ingest
from .fetch import Fetched, fetch, is_url

_FORMAT_NAMES = {"html": "html", "pdf": "pdf", "text": "text"}
SIDECAR_HEAD = "# Origin record of one immutable raw document, written by `ki add`. See data/raw/README.md.\n"


@dataclass(frozen=True)
class Options:
    """What the user states on the command line (each overrides what the document says)."""

    doc_id: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    kind: str | None = None
    title: str | None = None


def parse_date(value: str) -> tuple[str, str]:
    """``--date`` as (ISO text, precision): "2019-05-14" day, "2019-05" month, "2019" year."""
    from .documents import _DATE_FORMATS, _published

    s = value.strip()
    for precision, pattern in _DATE_FORMATS.items():
        if re.match(pattern, s) and _published(s, precision) is not None:
            return s, precision
    raise InputError("--date", f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")


def origin_record(
    derived: ingest.Derived,
    *,
    options: Options,
    data: bytes,
    original_name: str | None,
    fetched: Fetched | None,
    today: dt.date,
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The sidecar (in the order of ``data/raw/README.md``), the required fields not found
    (each with the flag that sets it) and the optional ones not found."""
    found = dict(derived.found)
    if "title" not in found:
        first = ingest.first_line_title(derived.text)
        if first is not None:
            found["title"] = first

    def pick(key: str, given: str | None, flag: str) -> ingest.Found | None:
        if given:
            return ingest.Found(given, f"given with {flag}")
        return found.get(key)

    title = pick("title", options.title, "--title")
    publisher = pick("publisher", options.publisher, "--publisher")
    kind = pick("kind", options.kind, "--kind") or (ingest.kind_of(publisher.value) if publisher else None)
    if options.date:
        iso, precision = parse_date(options.date)
        date: ingest.Found | None = ingest.Found(iso, "given with --date")
    else:
        date, precision = found.get("date_published"), "day"
    url = pick("url", options.url, "--url")
    if url is None and fetched is not None:
        url = ingest.Found(fetched.final_url, "the address it was fetched from (after redirects)")
    if url is None and "canonical_url" in found:
        url = ingest.Found(found["canonical_url"].value, found["canonical_url"].evidence)
    language = found.get("language") or ingest.language_of(derived.text)

    missing = [
        f"{name} ({ingest.FLAGS[name]})"
        for name, value in (
            ("title", title),
            ("publisher", publisher),
            ("kind", kind),
            ("date_published", date),
        )
        if value is None
    ]
    if language is None or language.value != "de":
        missing.append("language: the text does not read as German (the corpus holds German releases)")
    not_found = [name for name, value in (("url", url), ("author", found.get("author"))) if value is None]

    meta: dict[str, Any] = {}
    if title:
        meta["title"] = title.value
    if publisher:
        meta["publisher"] = publisher.value
        short = ingest.short_name(publisher.value)
        if short:
            meta["publisher_short"] = short
    if kind:
        meta["kind"] = kind.value
    if date:
        meta["date_published"] = date.value
        meta["date_precision"] = precision
        meta["date_evidence"] = date.evidence
    meta["url"] = url.value if url else None
    if url:
        meta["url_evidence"] = url.evidence
    if fetched is not None and fetched.url != fetched.final_url:
        meta["url_requested"] = fetched.url
    accessed = fetched.retrieved_at.date() if fetched is not None else today
    meta["date_accessed"] = accessed.isoformat()
    if fetched is not None:
        meta["retrieved_at"] = fetched.retrieved_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if language:
        meta["language"] = language.value
        meta["language_evidence"] = language.evidence
    meta["format"] = _FORMAT_NAMES[derived.fmt]
    if kind and kind.value in ingest.DEFAULT_TERMS:
        meta["terms_of_use"] = ingest.DEFAULT_TERMS[kind.value]
        meta["terms_of_use_evidence"] = f"the default of ki add for the kind {kind.value}"
    for key, value in (("title", title), ("publisher", publisher), ("kind", kind)):
        if value:
            meta[f"{key}_evidence"] = value.evidence
    for key in ("author", "canonical_url"):
        if key in found:
            meta[key] = found[key].value
            meta[f"{key}_evidence"] = found[key].evidence
    if original_name is not None:
        meta["original_file"] = original_name
        meta["original_sha256"] = ingest.sha256(data)
        if fetched is not None and fetched.content_type:
            meta["original_media_type"] = fetched.content_type
        meta["derived_with"] = derived.tool
    meta["sha256"] = ingest.sha256(derived.text.encode("utf-8"))
    if not_found:
        meta["not_found"] = not_found
    return meta, missing, not_found


def sidecar_yaml(meta: dict[str, Any]) -> str:
    """The sidecar's text: a head comment and the fields in order."""
    body = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return SIDECAR_HEAD + body


def _read_input(source: str, paths: config.Paths) -> tuple[bytes, str]:
    p = Path(source)
    if not p.exists():
        raise InputError(source, "no such file (for a web page, give its http(s) address)")
    if p.is_dir():
        raise InputError(source, "is a folder, not a file")
    raw = paths.raw.resolve()
    if p.resolve().is_relative_to(raw):
        raise InputError(
            source,
            "is inside data/raw already; ki add copies files into data/raw, give the file from elsewhere",
        )
    size = p.stat().st_size
    if size > config.MAX_ORIGINAL_BYTES:
        raise InputError(source, f"is {size:,} bytes; the limit is {config.MAX_ORIGINAL_BYTES:,}")
    try:
        return p.read_bytes(), p.name
    except OSError as err:
        raise InputError(source, f"cannot be read ({err.strerror or err})") from None


def _sidecars(raw_dir: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(raw_dir.glob("*.meta.yml")):
        try:
            meta = yaml.safe_load(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(meta, dict):
            out[p.name[: -len(".meta.yml")]] = meta
    return out


def same_bytes(raw_dir: Path, original: bytes, text: bytes) -> str | None:
    """The document whose original or text has exactly these bytes."""
    want = {ingest.sha256(original), ingest.sha256(text)}
    for doc_id, meta in _sidecars(raw_dir).items():
        if meta.get("original_sha256") in want or meta.get("sha256") in want:
            return doc_id
    return None


def near_duplicates(raw_dir: Path, root: Path, doc_id: str, text: str, meta: dict) -> list[dict]:
    """Documents of the corpus that carry the same release or share passages with the new one
    (``corpus.duplicates``), found the way ``ki build`` finds them."""
    from .documents import build_documents, read_corpus
    from .duplicates import shared_passages

    corpus = read_corpus(raw_dir, skip_invalid=True, root=root)
    loaded = {d.doc_id: (d.raw, d.meta, d.path) for d in corpus.documents}
    loaded[doc_id] = (text, meta, f"data/raw/{doc_id}.txt")
    pairs = shared_passages(build_documents(loaded))
    rows = pairs[(pairs["doc_a"] == doc_id) | (pairs["doc_b"] == doc_id)]
    return [
        {
            "doc_id": r["doc_b"] if r["doc_a"] == doc_id else r["doc_a"],
            "relation": r["relation"],
            "containment": float(r["containment"]),
            "jaccard": float(r["jaccard"]),
        }
        for _, r in rows.sort_values(
            ["containment", "doc_a", "doc_b"], ascending=[False, True, True]
        ).iterrows()
    ]


def run(
    paths: config.Paths,
    source: str,
    options: Options = Options(),
    *,
    out: TextIO | None = None,
    today: dt.date | None = None,
) -> str:
    """Add ``source`` (a file or an http(s) address) to ``data/raw``; return the new id."""
    out = out or sys.stdout
    today = today or dt.date.today()
    if options.date:
        parse_date(options.date)  # a bad --date stops before anything is read or fetched
    if options.doc_id is not None:
        from .documents import _ID

        if not _ID.match(options.doc_id):
            raise InputError("--id", f"{options.doc_id!r}: use letters, digits, '.', '_' and '-' only")
    fetched = None
    if is_url(source):
        fetched = fetch(source)
        data, name, content_type = (
            fetched.data,
            fetched.final_url.rstrip("/").rsplit("/", 1)[-1],
            fetched.content_type,
        )
        if not data.strip():
            raise InputError(source, "answered with an empty body")
    else:
        data, name = _read_input(source, paths)
        content_type = None
    fmt = ingest.format_of(name if not fetched else (name or "page"), data, content_type)
    derived = ingest.derive(fmt, data, source)
    text_bytes = derived.text.encode("utf-8")
    if len(text_bytes) > config.MAX_RAW_BYTES:
        raise InputError(
            source, f"its text is {len(text_bytes):,} bytes; the limit is {config.MAX_RAW_BYTES:,}"
        )
    suffix = ingest.ORIGINAL_SUFFIX.get(fmt)
    meta, missing, not_found = origin_record(
        derived,
        options=options,
        data=data,
        original_name="" if suffix else None,
        fetched=fetched,
        today=today,
    )
    if missing:
        raise InputError(source, "could not find: " + "; ".join(missing) + ". Give them with the flags named")
    doc_id = options.doc_id or ingest.make_id(
        str(meta["date_published"]), meta.get("publisher_short"), meta["publisher"], meta["title"]
    )
    if suffix:
        meta["original_file"] = f"{doc_id}{suffix}"
    files = {f"{doc_id}.txt": text_bytes, f"{doc_id}.meta.yml": b""}
    if suffix:
        files[f"{doc_id}{suffix}"] = data
    try:
        with run_lock(paths.build_lock, what="ki build or ki add"):
            atomic.recover(paths.raw)
            taken = sorted(p.name for p in paths.raw.glob(f"{doc_id}.*")) if paths.raw.is_dir() else []
            if taken:
                raise InputError(
                    f"data/raw/{taken[0]}", f"the id {doc_id} exists already; give another with --id"
                )
            twin = same_bytes(paths.raw, data, text_bytes)
            if twin:
                raise InputError(
                    source, f"has the same bytes as the document {twin} in data/raw; nothing added"
                )
            from .documents import check_meta

            dupes = near_duplicates(paths.raw, paths.root, doc_id, derived.text, meta)
            if dupes:
                meta["near_duplicates"] = dupes
            bad = check_meta(meta, text_bytes, today)
            if bad:
                raise InputError(source, "; ".join(bad))
            files[f"{doc_id}.meta.yml"] = sidecar_yaml(meta).encode("utf-8")
            atomic.add_files(paths.raw, files)
    except LockedError as err:
        raise KiError(str(err)) from None
    _report(out, paths, doc_id, files, meta, not_found, derived)
    return doc_id


def _report(
    out: TextIO,
    paths: config.Paths,
    doc_id: str,
    files: dict[str, bytes],
    meta: dict,
    not_found: list[str],
    derived: ingest.Derived,
) -> None:
    """What was added, how each field is known, duplicates, the figures found, and what next."""
    print(f"added {doc_id} to data/raw:", file=out)
    for name in sorted(files):
        print(f"  {name} ({len(files[name]):,} bytes)", file=out)
    if derived.tool:
        print(f"  text derived with {derived.tool}", file=out)
    for key in ("title", "publisher", "kind", "date_published", "url", "language"):
        if meta.get(key) is None:
            continue
        ev = meta.get("date_evidence" if key == "date_published" else f"{key}_evidence", "")
        value = f"{meta[key]} ({meta['date_precision']})" if key == "date_published" else meta[key]
        print(f"  {key}: {value}  [{ev}]", file=out)
    for key in not_found:
        flag = ingest.FLAGS.get(key)
        print(f"  {key}: not found" + (f" (set it with {flag})" if flag else ""), file=out)
    for d in meta.get("near_duplicates", []):
        what = "the same release as" if d["relation"] == "duplicate" else "shares passages with"
        print(
            f"  note: {what} {d['doc_id']} (containment {d['containment']:.2f}, jaccard {d['jaccard']:.2f}); "
            "kept, and counted once in the tables",
            file=out,
        )
    facts = figures(paths, doc_id)
    print(f"{len(facts)} figure(s) found:", file=out)
    for i, f in enumerate(facts, start=1):
        from .. import fmt

        value = fmt.fmt_value(f["value"], f["unit"], "de", f["qualifier"]) + (" je" if f["per_unit"] else "")
        quote = " ".join(str(f["quote"]).split())
        print(
            f"  {i:>2}. {f['measure']:<15} {value:>18}  {f['period'] or '':<10}  "
            f"{quote[:80] + ('…' if len(quote) > 80 else '')}",
            file=out,
        )
    print("next:", file=out)
    print(f"  ki review {doc_id}   # confirm, correct or reject each figure", file=out)
    print("  make data   # rebuild data/processed with the new release", file=out)


def figures(paths: config.Paths, doc_id: str) -> list[dict]:
    """The figures extracted from one document of the corpus, as ``ki build`` extracts them."""
    from ..extract import extract_corpus
    from .documents import read_corpus

    corpus = read_corpus(paths.raw, skip_invalid=True, root=paths.root)
    docs = [d for d in corpus.documents if d.doc_id == doc_id]
    if not docs:
        return []
    return extract_corpus(docs)["facts"].to_dict("records")


def main(args: argparse.Namespace) -> int:
    """Entry point of ``ki add FILE|URL [--id] [--url] [--publisher] [--date] [--kind] [--title]``."""
    options = Options(
        doc_id=args.id,
        url=args.url,
        publisher=args.publisher,
        date=args.date,
        kind=args.kind,
        title=args.title,
    )
    if options.kind is not None and options.kind not in vocab.codes("kind"):
        raise InputError("--kind", f"{options.kind!r}; use one of {', '.join(vocab.codes('kind'))}")
    run(config.paths(), args.source, options)
    return 0
