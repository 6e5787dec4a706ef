"""Researcher curation of extracted facts: confirm, correct or reject a fact by its id, or add a
figure the extractor missed.

The file ``data/curation.yml`` holds a YAML list (it may be empty: ``[]``). ``ki review`` writes it
(``curation.review``); the build reads it here. Each entry::

    - fact_id: "2017_mkffi_sommertour-kreis-wesel:1834-1857:funding_eur"
      action: correct            # confirm | correct | reject
      reason: "the 5,3 Mio. are Stiftungs- und Drittmittel, not Land"
      reviewer: "A. Muster"
      span: "fast 5,3 Millionen Euro"   # correct only: verbatim text of the fact's sentence
      set:                              # correct only: the fields to change
        funder: "Stiftungs- und Drittmittel"

    - action: add                # a figure the extractor missed
      doc_id: "2019-05-14_land-nrw_staatssekretaerin-gueler-besucht-kommunales"
      span: "16 Städten"                # verbatim text of the document holding the figure
      start: 1043                       # its offset in the normalised text, when it occurs twice
      set: {measure: other, value: 16, unit: count}
      reason: "municipalities of the Kreis"
      reviewer: "A. Muster"

Rules, checked before anything is applied (a clear ``KiError`` names the entry):

* the ``fact_id`` exists, and no fact is curated twice;
* ``reason`` and ``reviewer`` are given;
* a correction names a ``span`` that occurs verbatim in the fact's sentence of the
  normalised document, and the corrected fact points to that span;
* a correction never adds a figure: a new ``value`` must be a number written in the span
  (as digits or words, with its scale: "5,3 Millionen" -> 5300000.0, "die Hälfte" -> 50 %);
* an added figure is pinned the same way: its ``span`` occurs verbatim in the document (at
  ``start``, which is required when the span occurs more than once), its ``value`` is written in
  the span, and it is no figure the extractor found already (confirm or correct that one);
* changed fields keep to the vocabularies of the facts contract.

``apply_curation`` returns a copy of the facts with ``review_status`` (``unreviewed``,
``confirmed``, ``corrected``, ``rejected``), ``review_reason`` and ``reviewed_by``; an added
figure is a row of its own with rule ``curation:add``, status ``corrected`` (a reviewer's
change). Rejected facts stay in the table, marked, so that the decision stays visible; tables
built from the facts leave them out.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .. import vocab
from ..errors import InputError, KiError
from ..extract.numbers import scan

ACTIONS = ("confirm", "correct", "reject", "add")
STATUS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected", "add": "corrected"}
#: The rule of a figure a reviewer added.
ADD_RULE = "curation:add"
ENTRY_KEYS = frozenset({"fact_id", "action", "reason", "reviewer", "span", "set"})
ADD_KEYS = frozenset({"action", "doc_id", "span", "start", "set", "reason", "reviewer"})
EDITABLE = (
    "measure",
    "value",
    "unit",
    "qualifier",
    "per_unit",
    "period",
    "subject",
    "district_ags",
    "funder",
)


def load_curation(path: str | Path) -> list[dict]:
    """Read a curation file (a missing file means no curation)."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(p, f"cannot be read ({err})") from None
    except yaml.YAMLError as err:
        raise InputError(p, f"is not valid YAML ({err})") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise InputError(p, "must be a YAML list of entries (mappings); see ki_analysis/curation/entries.py")
    return data


def _texts(documents: Any) -> dict[str, str]:
    if isinstance(documents, Mapping):
        return {str(k): v if isinstance(v, str) else v.text for k, v in documents.items()}
    return {d.doc_id: d.text for d in documents}


def _docs(documents: Any) -> dict[str, Any]:
    """doc_id -> Document (or its text, when only texts are given)."""
    if isinstance(documents, Mapping):
        return {str(k): v for k, v in documents.items()}
    return {d.doc_id: d for d in documents}


def entry_doc_id(entry: Mapping) -> str:
    """The document an entry is about (its ``doc_id``, or the first part of its ``fact_id``)."""
    return str(entry.get("doc_id") or str(entry.get("fact_id") or "").split(":", 1)[0])


def _values_in(span: str) -> list[float]:
    """Every value a reader can take from ``span``: numerals, also as percent for fractions."""
    out: list[float] = []
    for n in scan(span):
        if n.value is None:
            continue
        out.append(n.value)
        if n.form == "word" and n.value < 1:
            out.append(round(n.value * 100, 6))  # "die Hälfte" -> 50 %
    return out


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check_curation(facts: pd.DataFrame, documents: Any, curation: Iterable[dict]) -> list[dict]:
    """Validate every entry; return them normalised. Raises ``KiError`` on the first bad entry."""
    texts = _texts(documents)
    by_id = {fid: i for i, fid in enumerate(facts["fact_id"])} if len(facts) else {}
    seen: set[str] = set()
    out = []
    for k, entry in enumerate(curation, start=1):
        where = f"curation entry {k}"
        if entry.get("action") == "add":
            norm = _check_add(where, entry, documents, facts)
            if norm["fact_id"] in seen:
                raise KiError(f"{where} ({norm['fact_id']}): the figure is added twice")
            seen.add(norm["fact_id"])
            out.append(norm)
            continue
        fid = str(entry.get("fact_id") or "")
        if not fid:
            raise KiError(f"{where}: no fact_id")
        where = f"curation entry {k} ({fid})"
        if fid not in by_id:
            close = difflib.get_close_matches(fid, list(by_id), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KiError(f"{where}: no such fact{hint}")
        if fid in seen:
            raise KiError(f"{where}: the fact is curated twice")
        seen.add(fid)
        action = entry.get("action")
        if action not in ACTIONS:
            raise KiError(f"{where}: action must be one of {', '.join(ACTIONS)}, not {action!r}")
        for key in ("reason", "reviewer"):
            if not str(entry.get(key) or "").strip():
                raise KiError(f"{where}: a {key} is required")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise KiError(f"{where}: unknown keys {sorted(unknown)}")
        row = facts.iloc[by_id[fid]]
        norm = {
            "fact_id": fid,
            "action": action,
            "reason": str(entry["reason"]).strip(),
            "reviewer": str(entry["reviewer"]).strip(),
            "index": by_id[fid],
        }
        if action == "correct":
            norm.update(_check_correction(where, entry, row, texts))
        elif "set" in entry or "span" in entry:
            raise KiError(f"{where}: only a correction has 'span' and 'set'")
        out.append(norm)
    return out


def _check_correction(where: str, entry: dict, row: pd.Series, texts: dict[str, str]) -> dict:
    span = entry.get("span")
    changes = entry.get("set")
    if not isinstance(span, str) or not span.strip():
        raise KiError(f"{where}: a correction must name the verbatim 'span' it rests on")
    if not isinstance(changes, dict) or not changes:
        raise KiError(f"{where}: a correction must 'set' at least one field")
    text = texts.get(row["doc_id"])
    if text is None:
        raise KiError(f"{where}: document {row['doc_id']!r} is not in the corpus")
    s0, s1 = int(row["sentence_start"]), int(row["sentence_end"])
    pos = text.find(span, s0, s1)
    if pos < 0:
        raise KiError(
            f"{where}: span {span!r} does not occur verbatim in the fact's sentence ({text[s0:s1][:120]!r})"
        )
    changes = _check_fields(where, changes, span)
    if "value" not in changes and not any(_same(float(row["value"]), v) for v in _values_in(span)):
        raise KiError(f"{where}: the span {span!r} does not hold the fact's value {float(row['value']):g}")
    return {"span": span, "start": pos, "end": pos + len(span), "set": changes}


def _check_fields(where: str, changes: dict, span: str) -> dict:
    """Fields set by a correction or an addition, checked against the vocabularies; a value must
    be written in the span."""
    bad = set(changes) - set(EDITABLE)
    if bad:
        raise KiError(f"{where}: cannot set {sorted(bad)}; editable fields: {', '.join(EDITABLE)}")
    for key in ("measure", "unit", "qualifier"):
        allowed = vocab.codes(key)
        if key in changes and changes[key] not in allowed:
            raise KiError(f"{where}: {key} {changes[key]!r} is not one of {', '.join(allowed)}")
    if "per_unit" in changes and not isinstance(changes["per_unit"], bool):
        raise KiError(f"{where}: per_unit must be true or false")
    if "value" in changes:
        try:
            value = float(changes["value"])
        except (TypeError, ValueError):
            raise KiError(f"{where}: value {changes['value']!r} is not a number") from None
        found = _values_in(span)
        if not any(_same(value, v) for v in found):
            shown = ", ".join(f"{v:g}" for v in found) or "none"
            raise KiError(
                f"{where}: value {value:g} is not written in the span {span!r} (it holds: {shown}); "
                "curation never adds a figure the text does not contain"
            )
        changes = {**changes, "value": value}
    if "period" in changes and changes["period"] is not None:
        period = str(changes["period"])
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", period):
            raise KiError(f"{where}: period {period!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
        changes = {**changes, "period": period}
    for key in ("subject", "district_ags", "funder"):
        if key in changes and changes[key] is not None and not isinstance(changes[key], str):
            raise KiError(f"{where}: {key} must be text")
    return changes


def _check_add(where: str, entry: Mapping, documents: Any, facts: pd.DataFrame) -> dict:
    """An added figure: pinned to a verbatim span of its document, its value written there."""
    unknown = set(entry) - ADD_KEYS
    if unknown:
        raise KiError(
            f"{where}: unknown keys {sorted(unknown)} (an addition has {', '.join(sorted(ADD_KEYS))})"
        )
    doc_id = str(entry.get("doc_id") or "")
    if not doc_id:
        raise KiError(f"{where}: an addition names its doc_id")
    for key in ("reason", "reviewer"):
        if not str(entry.get(key) or "").strip():
            raise KiError(f"{where}: a {key} is required")
    doc = _docs(documents).get(doc_id)
    if doc is None:
        raise KiError(f"{where}: document {doc_id!r} is not in the corpus")
    text = doc if isinstance(doc, str) else doc.text
    span = entry.get("span")
    if not isinstance(span, str) or not span.strip():
        raise KiError(
            f"{where}: an addition must name the verbatim 'span' of the document that holds the figure"
        )
    hits = [m.start() for m in re.finditer(re.escape(span), text)]
    start = entry.get("start")
    if not hits:
        raise KiError(f"{where}: span {span!r} does not occur verbatim in document {doc_id}")
    if start is None:
        if len(hits) > 1:
            raise KiError(
                f"{where}: span {span!r} occurs {len(hits)} times in {doc_id} (at {', '.join(map(str, hits))}); "
                "give its 'start'"
            )
        start = hits[0]
    if not isinstance(start, int) or isinstance(start, bool) or start not in hits:
        raise KiError(f"{where}: span {span!r} does not start at {start!r} in {doc_id} (it does at {hits})")
    changes = entry.get("set")
    if not isinstance(changes, dict):
        raise KiError(f"{where}: an addition must 'set' at least measure, value and unit")
    lacking = [k for k in ("measure", "value", "unit") if changes.get(k) in (None, "")]
    if lacking:
        raise KiError(f"{where}: an addition must set {', '.join(lacking)}")
    changes = _check_fields(where, changes, span)
    end = start + len(span)
    fid = f"{doc_id}:{start}-{end}:{changes['measure']}"
    if len(facts):
        mine = facts[(facts["doc_id"] == doc_id) & (facts["start"] < end) & (facts["end"] > start)]
        if len(mine):
            raise KiError(
                f"{where}: the span {span!r} holds the figure {mine['fact_id'].iloc[0]} the extractor found; "
                "confirm or correct that one instead"
            )
    return {
        "fact_id": fid,
        "action": "add",
        "reason": str(entry["reason"]).strip(),
        "reviewer": str(entry["reviewer"]).strip(),
        "row": _added_row(fid, doc_id, doc, text, start, end, span, changes),
    }


def _added_row(
    fid: str, doc_id: str, doc: Any, text: str, start: int, end: int, span: str, changes: dict
) -> dict:
    """The facts row of an added figure; the period defaults to the document's date, like an
    extracted figure's ("a figure is valid as of its document's date")."""
    from ..corpus.sentences import split_sentences

    sentences = getattr(doc, "sentences", None) or split_sentences(text)
    s0, s1 = next(((a, b) for a, b in sentences if a <= start < b), (start, end))
    date = getattr(doc, "date", None)
    doc_period = None
    if date is not None:
        precision = getattr(doc, "date_precision", "day")
        doc_period = date.isoformat()[: {"day": 10, "month": 7, "year": 4}.get(precision, 10)]
    period = changes.get("period", doc_period)
    return {
        "fact_id": fid,
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "quote": text[s0:s1],
        "measure": changes["measure"],
        "value": changes["value"],
        "unit": changes["unit"],
        "qualifier": changes.get("qualifier", "exact"),
        "per_unit": bool(changes.get("per_unit", False)),
        "period": period,
        "is_annual": False,
        "subject": changes.get("subject") or "NRW",
        "district_ags": changes.get("district_ags") or "",
        "funder": changes.get("funder") or "",
        "rule": ADD_RULE,
        "value_text": span,
        "value_start": start,
        "value_end": end,
        "period_precision": None if period is None else {4: "year", 7: "month"}.get(len(period), "day"),
        "sentence_start": s0,
        "sentence_end": s1,
    }


def apply_curation(facts: pd.DataFrame, documents: Any, curation: Iterable[dict]) -> pd.DataFrame:
    """Facts with the curation applied and ``review_status``, ``review_reason``, ``reviewed_by`` added."""
    entries = check_curation(facts, documents, curation)
    out = facts.copy()
    out["review_status"] = "unreviewed"
    out["review_reason"] = ""
    out["reviewed_by"] = ""
    cols = list(out.columns)
    added = [
        {
            **e["row"],
            "review_status": STATUS["add"],
            "review_reason": e["reason"],
            "reviewed_by": e["reviewer"],
        }
        for e in entries
        if e["action"] == "add"
    ]
    for e in entries:
        if e["action"] == "add":
            continue
        i = e["index"]
        out.iat[i, cols.index("review_status")] = STATUS[e["action"]]
        out.iat[i, cols.index("review_reason")] = e["reason"]
        out.iat[i, cols.index("reviewed_by")] = e["reviewer"]
        if e["action"] != "correct":
            continue
        for key, value in e["set"].items():
            if key in cols:
                out.iat[i, cols.index(key)] = value
        for key, value in (("start", e["start"]), ("end", e["end"]), ("value_text", e["span"])):
            if key in cols:
                out.iat[i, cols.index(key)] = value
    if not added:
        return out
    new = pd.DataFrame(added, columns=cols).astype(out.dtypes.to_dict())
    both = pd.concat([out, new], ignore_index=True) if len(out) else new
    return both.sort_values(["doc_id", "start", "end", "measure"], kind="stable").reset_index(drop=True)
