"""Researcher curation of extracted facts: confirm, correct or reject a fact by its id.

The file ``data/curation.yml`` holds a YAML list (it may be empty: ``[]``). Each entry::

    - fact_id: "2017_mkffi_sommertour-kreis-wesel:1834-1857:funding_eur"
      action: correct            # confirm | correct | reject
      reason: "the 5,3 Mio. are Stiftungs- und Drittmittel, not Land"
      reviewer: "A. Muster"
      span: "fast 5,3 Millionen Euro"   # correct only: verbatim text of the fact's sentence
      set:                              # correct only: the fields to change
        funder: "Stiftungs- und Drittmittel"

Rules, checked before anything is applied (a clear ``KiError`` names the entry):

* the ``fact_id`` exists, and no fact is curated twice;
* ``reason`` and ``reviewer`` are given;
* a correction names a ``span`` that occurs verbatim in the fact's sentence of the
  normalised document, and the corrected fact points to that span;
* a correction never adds a figure: a new ``value`` must be a number written in the span
  (as digits or words, with its scale: "5,3 Millionen" -> 5300000.0, "die Hälfte" -> 50 %);
* changed fields keep to the vocabularies of the facts contract.

``apply_curation`` returns a copy of the facts with ``review_status`` (``unreviewed``,
``confirmed``, ``corrected``, ``rejected``), ``review_reason`` and ``reviewed_by``.
Rejected facts stay in the table, marked, so that the decision stays visible; tables built
from the facts leave them out.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import vocab
from .errors import InputError, KiError
from .extract.numbers import scan

ACTIONS = ("confirm", "correct", "reject")
STATUS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
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
        raise InputError(p, "must be a YAML list of entries (mappings); see ki_analysis/curation.py")
    return data


def _texts(documents: Any) -> dict[str, str]:
    if isinstance(documents, Mapping):
        return {str(k): v if isinstance(v, str) else v.text for k, v in documents.items()}
    return {d.doc_id: d.text for d in documents}


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
        unknown = set(entry) - {"fact_id", "action", "reason", "reviewer", "span", "set"}
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
    elif not any(_same(float(row["value"]), v) for v in _values_in(span)):
        raise KiError(f"{where}: the span {span!r} does not hold the fact's value {float(row['value']):g}")
    if "period" in changes and changes["period"] is not None:
        changes = {**changes, "period": str(changes["period"])}
    return {"span": span, "start": pos, "end": pos + len(span), "set": changes}


def apply_curation(facts: pd.DataFrame, documents: Any, curation: Iterable[dict]) -> pd.DataFrame:
    """Facts with the curation applied and ``review_status``, ``review_reason``, ``reviewed_by`` added."""
    entries = check_curation(facts, documents, curation)
    out = facts.copy()
    out["review_status"] = "unreviewed"
    out["review_reason"] = ""
    out["reviewed_by"] = ""
    cols = list(out.columns)
    for e in entries:
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
    return out
