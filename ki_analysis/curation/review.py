"""Reviewing one document: its figures with their sentences, the numbers not taken as figures,
and decisions that become entries of ``data/curation.yml``.

``load_review(doc_id)`` reads what the build reads (the corpus, the extraction, the curation
file) and gives a ``DocReview``. ``decide`` turns decisions into curation entries (pure);
``save_decisions`` checks them with the build's own rules (``entries.apply_curation``) and
writes the file atomically under a lock: the one code path that writes it, used by ``ki review``
(terminal, ``--confirm-all``, ``--decisions``) and by ``ki_analysis.review(doc_id)`` in JupyterLab.

A decision is a mapping::

    {figure: 3, action: confirm, reason: "..."}                     # or fact_id: "..."
    {figure: 4, action: correct, span: "rund 44,6 Millionen Euro", set: {qualifier: approx}, reason: "..."}
    {figure: 5, action: reject, reason: "..."}
    {mention: 2, action: add, set: {measure: other, value: 16, unit: count}, reason: "..."}
    {action: add, span: "16 Städten", start: 1043, set: {...}, reason: "..."}

``reviewer`` may be given per decision, else the one passed in.
"""

from __future__ import annotations

import difflib
import html
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import atomic, config, vocab
from ..errors import InputError, KiError
from ..lock import LockedError, run_lock
from .entries import apply_curation, entry_doc_id, load_curation

#: Numbers shown as "not taken as a figure" (dates are left out: they are many and seldom missed).
MISSED_DISPOSITIONS = ("ignored", "unexplained")
HEADER = """# Curation of extracted facts, written by `ki review` (rules in ki_analysis/curation/entries.py).
# One entry per decision: confirm, correct or reject a fact by its fact_id, or add a missed figure
# pinned to a verbatim span of its document.
"""
_KEY_ORDER = ("fact_id", "action", "doc_id", "span", "start", "set", "reason", "reviewer")


@dataclass(frozen=True)
class Figure:
    """One figure of the document as the tables will have it (curation applied)."""

    number: int
    fact: Mapping[str, Any] = field(repr=False)

    @property
    def fact_id(self) -> str:
        return str(self.fact["fact_id"])

    @property
    def status(self) -> str:
        return str(self.fact.get("review_status") or "unreviewed")


@dataclass(frozen=True)
class Missed:
    """A numeric mention not taken as a figure, and why."""

    number: int
    start: int
    end: int
    text: str
    disposition: str
    reason: str


@dataclass(frozen=True)
class DocReview:
    """The figures of one document and the numbers not taken as figures."""

    doc_id: str
    text: str = field(repr=False)
    figures: tuple[Figure, ...]
    missed: tuple[Missed, ...]
    root: Path = field(repr=False, default=Path("."))

    def counts(self) -> Counter[str]:
        return Counter(f.status for f in self.figures)

    def summary(self) -> str:
        c = self.counts()
        parts = [f"{c[s]} {s}" for s in vocab.codes("review_status") if c[s]]
        return f"{len(self.figures)} figure(s): " + (", ".join(parts) or "none")

    def figure(self, key: int | str) -> Figure:
        for f in self.figures:
            if f.number == key or f.fact_id == key:
                return f
        raise KiError(f"{self.doc_id} has no figure {key!r} (figures 1 to {len(self.figures)})")

    def mention(self, number: int) -> Missed:
        for m in self.missed:
            if m.number == number:
                return m
        raise KiError(f"{self.doc_id} has no numeric mention {number!r} (mentions 1 to {len(self.missed)})")

    # ---- JupyterLab: the same code path as ki review
    def decide(self, decisions: Sequence[Mapping[str, Any]], reviewer: str | None = None) -> DocReview:
        """Record ``decisions`` in data/curation.yml; the document reviewed again."""
        return save_decisions(config.paths(self.root), self.doc_id, decisions, reviewer)

    def confirm(self, figure: int | str, reason: str = "checked against the text", **kw: Any) -> DocReview:
        return self.decide([{**_key(figure), "action": "confirm", "reason": reason}], **kw)

    def reject(self, figure: int | str, reason: str, **kw: Any) -> DocReview:
        return self.decide([{**_key(figure), "action": "reject", "reason": reason}], **kw)

    def correct(self, figure: int | str, reason: str, span: str | None = None, **fields: Any) -> DocReview:
        reviewer = fields.pop("reviewer", None)
        fig = self.figure(figure)
        d = {**_key(figure), "action": "correct", "reason": reason, "set": fields}
        d["span"] = span or str(fig.fact["value_text"])
        return self.decide([d], reviewer=reviewer)

    def add(
        self,
        span: str | None = None,
        *,
        reason: str,
        mention: int | None = None,
        start: int | None = None,
        reviewer: str | None = None,
        **fields: Any,
    ) -> DocReview:
        d: dict[str, Any] = {"action": "add", "reason": reason, "set": fields}
        if mention is not None:
            d["mention"] = mention
        if span is not None:
            d["span"] = span
        if start is not None:
            d["start"] = start
        return self.decide([d], reviewer=reviewer)

    def confirm_all(self, reason: str = "checked against the text", reviewer: str | None = None) -> DocReview:
        return self.decide(confirm_all(self, reason), reviewer=reviewer)

    def _repr_html_(self) -> str:
        return to_html(self)

    def __str__(self) -> str:
        return "\n".join(list_lines(self, color=False))


def _key(figure: int | str) -> dict[str, Any]:
    return {"fact_id": figure} if isinstance(figure, str) else {"figure": figure}


# --------------------------------------------------------------------------- reading


def default_reviewer() -> str:
    """``$KI_REVIEWER``, else the login name."""
    import getpass

    return os.environ.get("KI_REVIEWER") or getpass.getuser()


def _read(doc_id: str, paths: config.Paths) -> tuple[Any, dict[str, Any]]:
    """The document as the build reads it (the whole corpus: normalisation uses the words of the
    other documents) and its extraction."""
    from ..corpus import read_corpus
    from ..corpus.gazetteer import project_gazetteer
    from ..extract import extract_corpus

    corpus = read_corpus(paths.raw, skip_invalid=True, root=paths.root)
    docs = {d.doc_id: d for d in corpus.documents}
    if doc_id not in docs:
        bad = [p for p in corpus.problems if Path(p.path).name.startswith(f"{doc_id}.")]
        if bad:
            raise KiError(f"document {doc_id} cannot be read: " + "; ".join(str(p) for p in bad))
        close = difflib.get_close_matches(doc_id, list(docs), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; the ids are the file names in data/raw"
        raise KiError(f"no document {doc_id!r} in data/raw{hint}")
    doc = docs[doc_id]
    return doc, extract_corpus([doc], project_gazetteer(paths))


def _review(doc: Any, ex: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], root: Path) -> DocReview:
    """The review of a read document under ``entries`` (checked by the build's rules)."""
    mine = [dict(e) for e in entries if entry_doc_id(e) == doc.doc_id]
    facts = apply_curation(ex["facts"], [doc], mine)
    figures = tuple(Figure(i, row) for i, row in enumerate(facts.to_dict("records"), start=1))
    spans = [(int(f.fact["start"]), int(f.fact["end"])) for f in figures]
    missed: list[Missed] = []
    for row in ex["numbers"].to_dict("records"):
        if row["disposition"] not in MISSED_DISPOSITIONS:
            continue
        if any(a <= int(row["start"]) < b for a, b in spans):
            continue  # taken up by an added figure
        missed.append(
            Missed(
                len(missed) + 1,
                int(row["start"]),
                int(row["end"]),
                str(row["text"]),
                str(row["disposition"]),
                str(row["reason"] or ""),
            )
        )
    return DocReview(doc.doc_id, doc.text, figures, tuple(missed), root)


def load_review(doc_id: str, paths: config.Paths | None = None) -> DocReview:
    """The figures of ``doc_id`` as the build makes them (extraction, then data/curation.yml)."""
    paths = paths or config.paths()
    doc, ex = _read(doc_id, paths)
    return _review(doc, ex, load_curation(paths.curation), paths.root)


# --------------------------------------------------------------------------- deciding


def confirm_all(review: DocReview, reason: str) -> list[dict[str, Any]]:
    """A confirmation of every figure not yet reviewed."""
    return [
        {"fact_id": f.fact_id, "action": "confirm", "reason": reason}
        for f in review.figures
        if f.status == "unreviewed"
    ]


def decide(review: DocReview, decisions: Iterable[Mapping[str, Any]], reviewer: str) -> list[dict[str, Any]]:
    """Curation entries for ``decisions`` about ``review``'s document (pure)."""
    out = []
    for k, d in enumerate(decisions, start=1):
        where = f"decision {k}"
        if not isinstance(d, Mapping):
            raise KiError(f"{where}: must be a mapping (figure, action, reason, ...)")
        unknown = set(d) - {
            "figure",
            "fact_id",
            "mention",
            "action",
            "reason",
            "reviewer",
            "span",
            "start",
            "set",
        }
        if unknown:
            raise KiError(f"{where}: unknown keys {sorted(unknown)}")
        action = d.get("action")
        who = str(d.get("reviewer") or reviewer)
        if action == "add":
            entry: dict[str, Any] = {"action": "add", "doc_id": review.doc_id}
            if d.get("mention") is not None:
                m = review.mention(int(d["mention"]))
                entry["span"] = d.get("span") or m.text
                entry["start"] = d.get("start", m.start if not d.get("span") else None)
            else:
                entry["span"] = d.get("span")
                entry["start"] = d.get("start")
            if entry["start"] is None:
                del entry["start"]
            entry.update({"set": dict(d.get("set") or {}), "reason": d.get("reason"), "reviewer": who})
            out.append(entry)
            continue
        if "figure" in d:
            fid = review.figure(int(d["figure"])).fact_id
        elif "fact_id" in d:
            fid = review.figure(str(d["fact_id"])).fact_id
        else:
            raise KiError(f"{where}: name the figure (its number or fact_id), or add one (action: add)")
        entry = {"fact_id": fid, "action": action, "reason": d.get("reason"), "reviewer": who}
        if "span" in d or "set" in d:
            entry["span"] = d.get("span")
            entry["set"] = dict(d.get("set") or {})
        out.append(entry)
    return out


def _entry_key(e: Mapping[str, Any]) -> tuple:
    if e.get("action") == "add":
        return ("add", entry_doc_id(e), e.get("span"), e.get("start"), (e.get("set") or {}).get("measure"))
    return ("fact", str(e.get("fact_id")))


def merge(entries: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` with ``new`` in: a new decision about a fact replaces the old one in place."""
    out = [dict(e) for e in entries]
    index = {_entry_key(e): i for i, e in enumerate(out)}
    for e in new:
        k = _entry_key(e)
        if k in index:
            out[index[k]] = dict(e)
        else:
            index[k] = len(out)
            out.append(dict(e))
    return out


def curation_text(entries: Sequence[Mapping[str, Any]], head: str = HEADER) -> str:
    """The curation file: its head comment and the entries, keys in a fixed order."""
    ordered = [
        {k: e[k] for k in _KEY_ORDER if k in e} | {k: v for k, v in e.items() if k not in _KEY_ORDER}
        for e in entries
    ]
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100) if ordered else "[]\n"
    return head + body


def _head_of(path: Path) -> str:
    """The comment lines that open an existing curation file (kept as they are)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return HEADER
    head = []
    for line in lines:
        if not line.startswith("#"):
            break
        head.append(line)
    return "".join(head) or HEADER


def save_decisions(
    paths: config.Paths, doc_id: str, decisions: Sequence[Mapping[str, Any]], reviewer: str | None = None
) -> DocReview:
    """Check ``decisions`` with the build's rules and write them to data/curation.yml (atomic,
    under a lock; all or nothing); return the document reviewed again. Entries of other
    documents are kept as they are."""
    reviewer = reviewer or default_reviewer()
    try:
        with run_lock(paths.curation_lock, wait_s=5.0, what="ki review"):
            doc, ex = _read(doc_id, paths)
            entries = load_curation(paths.curation)
            review = _review(doc, ex, entries, paths.root)
            merged = merge(entries, decide(review, decisions, reviewer))
            after = _review(doc, ex, merged, paths.root)  # KiError: nothing is written
            if merged != entries:
                atomic.write_text(paths.curation, curation_text(merged, _head_of(paths.curation)))
    except LockedError as err:
        raise KiError(str(err)) from None
    return after


def read_decisions(path: str | Path) -> list[dict[str, Any]]:
    """A decisions file: a YAML list of decisions (see the module doc)."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(p, f"cannot be read ({err})") from None
    except yaml.YAMLError as err:
        raise InputError(p, f"is not valid YAML ({err})") from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError(p, "must be a YAML list of decisions (figure, action, reason, ...)")
    return data


# --------------------------------------------------------------------------- showing


def fmt_figure(fact: Mapping[str, Any]) -> str:
    """ "funding_eur  ≈ 44,6 Mio. €  approx  per unit: no  period: 2018" """
    from .. import fmt

    value = fmt.fmt_value(fact["value"], fact["unit"], "de", fact["qualifier"])
    return (
        f"{fact['measure']}  {value}  ({fact['unit']}, {fact['qualifier']})  "
        f"per unit: {'yes' if fact['per_unit'] else 'no'}  period: {fact['period'] or '-'}"
    )


def highlight(text: str, s0: int, s1: int, a: int, b: int, color: bool) -> str:
    """The sentence ``text[s0:s1]`` with ``text[a:b]`` marked (reverse video, or »…«)."""
    on, off = ("\x1b[7m", "\x1b[0m") if color else ("»", "«")
    a, b = max(a, s0), min(b, s1)
    return " ".join((text[s0:a] + on + text[a:b] + off + text[b:s1]).split())


def figure_lines(review: DocReview, f: Figure, color: bool) -> list[str]:
    fact = f.fact
    status = f.status + (
        f" ({fact['reviewed_by']}: {fact['review_reason']})" if fact.get("reviewed_by") else ""
    )
    return [
        f"[{f.number}/{len(review.figures)}] {status}",
        f"  {fmt_figure(fact)}",
        "  "
        + highlight(
            review.text,
            int(fact["sentence_start"]),
            int(fact["sentence_end"]),
            int(fact["start"]),
            int(fact["end"]),
            color,
        ),
        f"  {f.fact_id}",
    ]


def mention_line(review: DocReview, m: Missed, color: bool) -> str:
    s0 = max(0, review.text.rfind("\n", 0, m.start) + 1, m.start - 60)
    e = review.text.find("\n", m.end)
    s1 = min(len(review.text) if e < 0 else e, m.end + 60)
    why = f"{m.disposition}: {m.reason}" if m.reason and m.reason != m.disposition else m.disposition
    return f"  m{m.number}. {m.text!r} ({why})  …{highlight(review.text, s0, s1, m.start, m.end, color)}…"


def list_lines(review: DocReview, color: bool) -> list[str]:
    lines = [f"{review.doc_id}: {review.summary()}"]
    for f in review.figures:
        lines += figure_lines(review, f, color)
    if review.missed:
        lines.append(
            f"numbers not taken as figures ({len(review.missed)}; add one with action add, mention N):"
        )
        lines += [mention_line(review, m, color) for m in review.missed]
    return lines


def to_html(review: DocReview) -> str:
    """The review as HTML tables (JupyterLab), every span highlighted, all text escaped."""
    esc = html.escape

    def marked(s0: int, s1: int, a: int, b: int) -> str:
        t = review.text
        a, b = max(a, s0), min(b, s1)
        return f"{esc(t[s0:a])}<mark>{esc(t[a:b])}</mark>{esc(t[b:s1])}"

    head = "".join(
        f"<th>{esc(h)}</th>"
        for h in ("#", "status", "measure", "value", "unit", "qualifier", "per unit", "period", "sentence")
    )
    rows = []
    for f in review.figures:
        x = f.fact
        from .. import fmt

        value = fmt.fmt_value(x["value"], x["unit"], "de", x["qualifier"])
        cells = [
            str(f.number),
            vocab.label("review_status", f.status, "en"),
            str(x["measure"]),
            value,
            str(x["unit"]),
            str(x["qualifier"]),
            "yes" if x["per_unit"] else "no",
            str(x["period"] or ""),
        ]
        sent = marked(int(x["sentence_start"]), int(x["sentence_end"]), int(x["start"]), int(x["end"]))
        rows.append(
            f'<tr class="ki-{esc(f.status)}" title="{esc(f.fact_id)}">'
            + "".join(f"<td>{esc(c)}</td>" for c in cells)
            + f"<td>{sent}</td></tr>"
        )
    out = (
        f"<p><b>{esc(review.doc_id)}</b>: {esc(review.summary())}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if review.missed:
        mrows = []
        for m in review.missed:
            s0, s1 = max(0, m.start - 60), min(len(review.text), m.end + 60)
            mrows.append(
                f"<tr><td>m{m.number}</td><td>{esc(m.disposition)}</td><td>{esc(m.reason)}</td>"
                f"<td>…{marked(s0, s1, m.start, m.end)}…</td></tr>"
            )
        out += (
            "<p>Numbers not taken as figures (add one with <code>.add(mention=N, ...)</code>):</p>"
            "<table><thead><tr><th>#</th><th>disposition</th><th>reason</th><th>context</th></tr></thead>"
            f"<tbody>{''.join(mrows)}</tbody></table>"
        )
    return out


def review(doc_id: str) -> DocReview:
    """``ki_analysis.review(doc_id)``: the document's figures, shown as an HTML table in
    JupyterLab; ``.confirm(n)``, ``.correct(n, ...)``, ``.reject(n, ...)``, ``.add(...)`` and
    ``.confirm_all()`` record decisions through the same code as ``ki review``."""
    return load_review(doc_id)


__all__ = [
    "DocReview",
    "Figure",
    "Missed",
    "confirm_all",
    "curation_text",
    "decide",
    "load_review",
    "merge",
    "read_decisions",
    "review",
    "save_decisions",
]
