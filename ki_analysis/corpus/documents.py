"""The press-release corpus: read and check raw files, normalise, find duplicates.

``data/raw/<id>.txt`` holds the text exactly as obtained (immutable);
``<id>.meta.yml`` its origin record (see ``data/raw/README.md``). Reading checks
every file and sidecar and collects *all* problems in one pass, each as
``InputError(path, reason)``.

Normalisation (``normalise``) turns extraction artefacts into plain paragraphs and
keeps, for every character of the normalised text, the index of the raw
character it came from, so any span can be traced back to the raw bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import config, registry, vocab
from ..errors import InputError, KiError
from .duplicates import duplicate_clusters
from .normalise import normalise, words
from .sentences import split_sentences

KINDS = vocab.codes("kind")
PRECISIONS = vocab.PERIOD_PRECISIONS
REQUIRED_FIELDS = (
    "title",
    "publisher",
    "kind",
    "date_published",
    "date_precision",
    "date_evidence",
    "date_accessed",
    "language",
    "terms_of_use",
    "sha256",
)
#: Files in data/raw that are not documents.
IGNORED_FILES = frozenset({"README.md", ".gitkeep", ".gitattributes"})
#: Originals kept beside ``<id>.txt`` (``ki add``); the sidecar names them and their sha256.
ORIGINAL_SUFFIXES = (".html", ".pdf")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DATE_FORMATS = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}


class CorpusError(KiError):
    """The corpus has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[InputError]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the raw corpus "
            f"(fix them, or run with --skip-invalid):\n{lines}"
        )


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """One press release: raw text, normalised text, offset map, origin record."""

    doc_id: str
    path: str
    raw: str
    text: str
    offsets: tuple[int, ...] = field(repr=False)
    meta: dict = field(repr=False, compare=False)
    date: dt.date | None
    date_precision: str
    sentences: tuple[tuple[int, int], ...] = field(repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Character span in ``raw`` that ``text[start:end]`` comes from."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}-{end} outside text of length {len(self.text)}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def raw_byte_span(self, start: int, end: int) -> tuple[int, int]:
        """Byte span in the raw UTF-8 file that ``text[start:end]`` comes from."""
        a, b = self.raw_span(start, end)
        head = len(self.raw[:a].encode("utf-8"))
        return head, head + len(self.raw[a:b].encode("utf-8"))

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The sentence span that holds character ``pos``."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid][1] <= pos:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo][0] <= pos:
            return self.sentences[lo]
        return None


@dataclass(frozen=True)
class Corpus:
    documents: list[Document]
    problems: list[InputError]


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _published(value: object, precision: str) -> dt.date | None:
    """First day of the stated period: "2013-12" (month) -> 2013-12-01."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or precision not in _DATE_FORMATS:
        return None
    value = value.strip()
    if not re.match(_DATE_FORMATS[precision], value):
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def period_bounds(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day/month/year that ``date`` stands for."""
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    return date, date


def check_meta(meta: object, data: bytes, today: dt.date) -> list[str]:
    """Every problem of one sidecar (given the text's bytes), as reasons."""
    if not isinstance(meta, dict):
        return ["sidecar is not a YAML mapping of fields"]
    reasons = []
    missing = [f for f in REQUIRED_FIELDS if meta.get(f) in (None, "")]
    if missing:
        reasons.append(f"sidecar misses field(s): {', '.join(missing)}")
    for f in ("title", "publisher", "date_evidence", "language", "terms_of_use"):
        if f in meta and meta[f] not in (None, "") and not isinstance(meta[f], str):
            reasons.append(f"sidecar field {f} must be text, got {type(meta[f]).__name__}")
    kind = meta.get("kind")
    if kind not in (None, "") and kind not in KINDS:
        reasons.append(f"sidecar field kind is {kind!r}; expected one of {', '.join(KINDS)}")
    prec = meta.get("date_precision")
    if prec not in (None, "") and prec not in PRECISIONS:
        reasons.append(f"sidecar field date_precision is {prec!r}; expected one of {', '.join(PRECISIONS)}")
    published = None
    if meta.get("date_published") not in (None, "") and prec in PRECISIONS:
        published = _published(meta["date_published"], prec)
        if published is None:
            want = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[prec]
            reasons.append(
                f"sidecar field date_published is {meta['date_published']!r}; "
                f"expected {want} for date_precision {prec}"
            )
        elif published > today:
            reasons.append(f"date_published {published.isoformat()} is in the future")
    bounds = {}
    for f in ("date_earliest", "date_latest", "date_accessed"):
        if meta.get(f) in (None, ""):
            continue
        d = _as_date(meta[f])
        if d is None:
            reasons.append(f"sidecar field {f} is {meta[f]!r}; expected a date YYYY-MM-DD")
        elif d > today:
            reasons.append(f"{f} {d.isoformat()} is in the future")
        else:
            bounds[f] = d
    if (
        "date_earliest" in bounds
        and "date_latest" in bounds
        and bounds["date_earliest"] > bounds["date_latest"]
    ):
        reasons.append("date_earliest is after date_latest")
    if published and prec in PRECISIONS:
        lo, hi = period_bounds(published, prec)
        for f in ("date_earliest", "date_latest"):
            if f in bounds and not lo <= bounds[f] <= hi:
                reasons.append(
                    f"{f} {bounds[f].isoformat()} lies outside date_published {meta['date_published']}"
                )
        if "date_accessed" in bounds and bounds["date_accessed"] < lo:
            reasons.append("date_accessed is before date_published")
    url = meta.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"^https?://\S+$", url)):
        reasons.append(f"sidecar field url is {url!r}; expected null or an http(s) address")
    sha = meta.get("sha256")
    if sha not in (None, ""):
        if not isinstance(sha, str) or not _HEX64.match(sha):
            reasons.append("sidecar field sha256 is not 64 lower-case hex digits")
        elif hashlib.sha256(data).hexdigest() != sha:
            reasons.append(
                f"sha256 mismatch: the text hashes to {hashlib.sha256(data).hexdigest()}, "
                f"the sidecar says {sha} (raw files are immutable; add a new file instead)"
            )
    return reasons


def check_text(data: bytes, max_bytes: int | None = None) -> tuple[str | None, list[str]]:
    """Decode a raw text file; return (text or None, problems)."""
    max_bytes = config.MAX_RAW_BYTES if max_bytes is None else max_bytes
    if len(data) > max_bytes:
        return None, [f"file is {len(data):,} bytes; the limit is {max_bytes:,} (config.MAX_RAW_BYTES)"]
    reasons = []
    if data.startswith(b"\xef\xbb\xbf"):
        reasons.append("file starts with a UTF-8 byte-order mark (BOM); save it without one")
    if b"\x00" in data:
        first_nul = data.index(b"\x00")
        reasons.append(f"file contains NUL bytes (first at byte {first_nul}); is it binary or UTF-16?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        reasons.append(f"not valid UTF-8: {err.reason} at byte {err.start}")
        return None, reasons
    if not text.strip():
        reasons.append("file is empty or holds only whitespace")
    return (None if reasons else text), reasons


def _rel(path: Path, root: Path) -> str:
    """``path`` relative to the project root; a link is named as itself, not as its target."""
    path = path.parent.resolve() / path.name
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_corpus(
    raw_dir: str | Path | None = None,
    *,
    skip_invalid: bool = False,
    root: str | Path | None = None,
    today: dt.date | None = None,
) -> Corpus:
    """Read, check and normalise every document of ``raw_dir`` (default ``data/raw``).

    All problems are collected in one pass. Without ``skip_invalid`` any problem
    raises ``CorpusError`` (listing all); with it, the valid documents are returned
    together with the problems of the skipped ones.
    """
    paths = config.paths(root) if root is not None else config.paths()
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw
    root_dir = (
        Path(root)
        if root is not None
        else (raw_dir.parent.parent if raw_dir.parent.name == "data" else paths.root)
    )
    today = today or dt.date.today()
    problems: list[InputError] = []
    if not raw_dir.is_dir():
        raise CorpusError([InputError(_rel(raw_dir, root_dir), "raw folder does not exist")])

    texts: dict[str, Path] = {}
    sidecars: dict[str, Path] = {}
    originals: dict[str, Path] = {}
    raw_real = raw_dir.resolve()
    for p in sorted(raw_dir.iterdir()):
        if p.name in IGNORED_FILES or p.name.startswith("."):
            continue
        if p.is_symlink() and not p.resolve().is_relative_to(raw_real):
            # Raw data must live in the project: a link could read (and publish) any file.
            problems.append(
                InputError(
                    _rel(p, root_dir),
                    "symbolic link that points outside data/raw; copy the file into data/raw instead",
                )
            )
            continue
        if p.is_dir():
            problems.append(InputError(_rel(p, root_dir), "unexpected folder in data/raw"))
        elif p.name.endswith(".meta.yml"):
            sidecars[p.name[: -len(".meta.yml")]] = p
        elif p.suffix == ".txt":
            texts[p.stem] = p
        elif p.suffix in ORIGINAL_SUFFIXES:
            originals[p.name] = p
        else:
            problems.append(
                InputError(
                    _rel(p, root_dir),
                    "unexpected file (documents are <id>.txt + <id>.meta.yml, with an original <id>.html or <id>.pdf)",
                )
            )

    for doc_id in sorted(set(sidecars) - set(texts)):
        problems.append(
            InputError(_rel(sidecars[doc_id], root_dir), f"sidecar without a text file {doc_id}.txt")
        )

    folded = Counter(d.casefold() for d in texts)
    claimed: set[str] = set()
    loaded: dict[str, tuple[str, dict, str]] = {}  # doc_id -> (raw, meta, relpath)
    for doc_id in sorted(texts):
        path = texts[doc_id]
        rel = _rel(path, root_dir)
        text_bad: list[str] = []  # reported against the text file
        side_bad: list[str] = []  # reported against the sidecar
        if not _ID.match(doc_id):
            text_bad.append("bad document id: use letters, digits, '.', '_' and '-' only")
        if folded[doc_id.casefold()] > 1:
            others = sorted(d for d in texts if d.casefold() == doc_id.casefold() and d != doc_id)
            text_bad.append(f"duplicate document id (differs only in case from {', '.join(others)})")
        try:
            data = path.read_bytes()
        except OSError as err:
            problems.append(InputError(rel, f"cannot read: {err.strerror}"))
            continue
        text, text_problems = check_text(data)
        text_bad.extend(text_problems)
        side = sidecars.get(doc_id)
        meta: object = None
        if side is None:
            text_bad.append(f"missing sidecar {doc_id}.meta.yml")
        else:
            meta, side_bad = _load_sidecar(side, data, today)
            if isinstance(meta, dict) and meta.get("original_file"):
                claimed.add(str(meta["original_file"]))
                if not side_bad:
                    from .ingest import check_original

                    text_bad.extend(check_original(meta, raw_dir, data))
        problems.extend(InputError(rel, r) for r in text_bad)
        if side is not None:
            problems.extend(InputError(_rel(side, root_dir), r) for r in side_bad)
        if not text_bad and not side_bad and text is not None and isinstance(meta, dict):
            loaded[doc_id] = (text, meta, rel)

    for name in sorted(set(originals) - claimed):
        problems.append(
            InputError(
                _rel(originals[name], root_dir),
                "unexpected file (an original .html or .pdf stays only when a sidecar names it in "
                "original_file: add releases with ki add)",
            )
        )
    if problems and not skip_invalid:
        raise CorpusError(problems)
    return Corpus(build_documents(loaded), problems)


def _load_sidecar(path: Path, data: bytes, today: dt.date) -> tuple[object, list[str]]:
    """Parse a sidecar with ``yaml.safe_load`` and check it against the text's bytes."""
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        return None, [f"sidecar is not valid UTF-8 ({err.reason} at byte {err.start})"]
    except OSError as err:
        return None, [f"cannot read sidecar: {err.strerror}"]
    except yaml.YAMLError as err:
        mark = err.problem_mark if isinstance(err, yaml.MarkedYAMLError) else None
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return None, [f"sidecar is not valid YAML{where}"]
    return meta, check_meta(meta, data, today)


class _OtherWords:
    """Words of the *other* documents: document frequency minus the document's own use.

    A view rather than one set per document, so reading n documents stays linear.
    """

    def __init__(self, df: Counter[str], own: set[str]):
        self._df = df
        self._own = own

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._df.get(word, 0) - (word in self._own) > 0


def build_documents(loaded: dict[str, tuple[str, dict, str]]) -> list[Document]:
    """Normalise checked texts; words of the *other* documents serve as evidence for mending."""
    first = {d: normalise(raw)[0] for d, (raw, _, _) in loaded.items()}
    vocab_of = {d: words(t) for d, t in first.items()}
    df = Counter(w for ws in vocab_of.values() for w in ws)
    docs = []
    for doc_id in sorted(loaded):
        raw, meta, rel = loaded[doc_id]
        docs.append(make_document(doc_id, raw, meta, rel, _OtherWords(df, vocab_of[doc_id])))
    return docs


def make_document(
    doc_id: str, raw: str, meta: dict, path: str, vocabulary: Container[str] | None = None
) -> Document:
    """A ``Document`` from a checked raw text and its sidecar."""
    text, offsets = normalise(raw, vocabulary)
    precision = meta.get("date_precision", "day")
    date = _published(meta.get("date_published"), precision) if meta.get("date_published") else None
    return Document(
        doc_id=doc_id,
        path=path,
        raw=raw,
        text=text,
        offsets=tuple(offsets),
        meta=dict(meta),
        date=date,
        date_precision=precision,
        sentences=tuple(split_sentences(text)),
    )


def _iso(d: object) -> str | None:
    d = _as_date(d)
    return d.isoformat() if d else None


def documents_table(documents: Iterable[Document]) -> pd.DataFrame:
    """One row per document (the registry's columns), sorted by doc_id."""
    documents = sorted(documents, key=lambda d: d.doc_id)
    clusters = duplicate_clusters(documents)
    rows = []
    for d in documents:
        m = d.meta
        lo = hi = None
        if d.date is not None:
            lo, hi = period_bounds(d.date, d.date_precision)
        rows.append(
            {
                "doc_id": d.doc_id,
                "title": m.get("title"),
                "publisher": m.get("publisher"),
                "publisher_short": m.get("publisher_short"),
                "kind": m.get("kind"),
                "date": d.date.isoformat() if d.date else None,
                "date_precision": d.date_precision,
                "date_earliest": _iso(m.get("date_earliest")) or (lo.isoformat() if lo else None),
                "date_latest": _iso(m.get("date_latest")) or (hi.isoformat() if hi else None),
                "url": m.get("url"),
                "n_chars": len(d.text),
                "n_sentences": len(d.sentences),
                "duplicate_cluster": clusters[d.doc_id],
                "sha256": m.get("sha256"),
                "path": d.path,
            }
        )
    df = pd.DataFrame(rows, columns=registry.table("documents").columns)
    return df.astype({"n_chars": "int64", "n_sentences": "int64"})
