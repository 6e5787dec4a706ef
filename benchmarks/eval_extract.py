"""Score the extractor against the hand-labelled gold figures in tests/eval/.

    python benchmarks/eval_extract.py [--set seeds|dev|dev2|dev3|holdout|holdout2|all] [--verbose] [--min-f1 X]

Predicted facts are matched to gold figures per document on (measure, value), value within a
relative tolerance of 1e-6, as multisets: a figure mentioned twice must be found twice. The table
gives precision, recall and F1 per measure, overall (micro) and on the core measures (all but
`other`); on the matched pairs it gives the accuracy of qualifier, per_unit and period. Labelling rules: tests/eval/GUIDELINES.md.

Exit status is 0 unless `--min-f1 X` is given and the overall F1 of the selected set is below X.
Importable: `score(gold, predicted) -> dict`, `load_gold(set_name) -> list[GoldDoc]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "eval"
RAW_DIR = ROOT / "data" / "raw"

SETS = ("seeds", "dev", "dev2", "dev3", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6")
MEASURES = (
    "ki_count",
    "district_count",
    "funding_eur",
    "staff_positions",
    "teachers",
    "people_count",
    "percent",
    "other",
)
UNITS = ("EUR", "count", "FTE", "percent")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "almost")
# Units a measure may carry (teachers: Lehrkräfte are heads, Lehrerstellen are positions).
MEASURE_UNITS = {
    "ki_count": {"count"},
    "district_count": {"count"},
    "funding_eur": {"EUR"},
    "staff_positions": {"FTE"},
    "teachers": {"count", "FTE"},
    "people_count": {"count"},
    "percent": {"percent"},
    "other": {"count"},
}
ATTRIBUTES = ("qualifier", "per_unit", "period")
REL_TOL = 1e-6

ExtractFn = Callable[[str, str, str], list[dict[str, Any]]]


@dataclass(frozen=True)
class GoldDoc:
    """One evaluation document: its text, ISO date (possibly partial) and gold figures."""

    set_name: str
    doc_id: str
    text: str
    date: str | None
    figures: list[dict[str, Any]] = field(default_factory=list)


# --------------------------------------------------------------------------- gold


def _yaml(text: str) -> object:
    """Safe YAML, read by libyaml (C) when PyYAML has it: the labels are ~1 MB, 5x faster so."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_gold(set_name: str, eval_dir: Path = EVAL_DIR, raw_dir: Path = RAW_DIR) -> list[GoldDoc]:
    """Read one gold set (one of SETS), documents sorted by id."""
    if set_name == "seeds":
        labels = _yaml((eval_dir / "seeds.yml").read_text(encoding="utf-8")) or {}
        docs = []
        for doc_id in sorted(labels):
            meta = _yaml((raw_dir / f"{doc_id}.meta.yml").read_text(encoding="utf-8"))
            docs.append(
                GoldDoc(
                    set_name,
                    doc_id,
                    (raw_dir / f"{doc_id}.txt").read_text(encoding="utf-8"),
                    _iso(meta.get("date_published")),
                    list(labels[doc_id].get("figures") or []),
                )
            )
        return docs
    if set_name not in SETS:
        raise ValueError(f"unknown set {set_name!r}; expected one of {', '.join(SETS)}")
    docs = []
    for label_path in sorted((eval_dir / set_name).glob("*.yml")):
        labels = _yaml(label_path.read_text(encoding="utf-8")) or {}
        docs.append(
            GoldDoc(
                set_name,
                label_path.stem,
                label_path.with_suffix(".txt").read_text(encoding="utf-8"),
                _iso(labels.get("date")),
                list(labels.get("figures") or []),
            )
        )
    return docs


def _iso(value: Any) -> str | None:
    """YAML may read an unquoted date as datetime.date; keep every date as an ISO string."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- scoring


def normalise_period(value: Any) -> str | None:
    """Compare periods as ISO strings: dates, timestamps and year integers become text."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value).strip()
    if text in ("", "NaT", "nan", "None", "<NA>"):
        return None
    return text


def _normalise_fact(fact: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fact)
    out["measure"] = str(fact.get("measure"))
    try:
        out["value"] = float(fact.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        out["value"] = math.nan
    out["period"] = normalise_period(fact.get("period"))
    per_unit = fact.get("per_unit")
    out["per_unit"] = None if per_unit is None else bool(per_unit)
    qualifier = fact.get("qualifier")
    out["qualifier"] = None if qualifier is None else str(qualifier)
    return out


def values_match(gold: float, predicted: float, rel_tol: float = REL_TOL) -> bool:
    """Equal within a relative tolerance (exact for zero)."""
    if math.isnan(gold) or math.isnan(predicted):
        return False
    return abs(gold - predicted) <= rel_tol * max(abs(gold), abs(predicted))


def _agreement(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> int:
    return sum(gold.get(a) == predicted.get(a) for a in ATTRIBUTES)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    if precision is None or recall is None:
        f1 = None
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score(gold: Iterable[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Match predicted facts to gold figures and count.

    Both are flat lists of dicts with at least `doc_id`, `measure`, `value`; `qualifier`,
    `per_unit` and `period` are compared on matched pairs. Matching is per document, on equal
    measure and value within REL_TOL, each fact used at most once; among equal candidates the one
    agreeing on most attributes is taken (then the earliest), so the result is deterministic.

    Returns `per_measure`, `overall` and `core` (all measures but `other`) (tp, fp, fn, precision,
    recall, f1; None when undefined),
    `attributes` (correct, total, accuracy per attribute), and the lists `matches`
    (gold, predicted pairs), `false_positives` and `false_negatives`.
    """
    gold_facts = [_normalise_fact(g) for g in gold]
    pred_facts = [_normalise_fact(p) for p in predicted]
    used = [False] * len(pred_facts)
    by_key: dict[tuple[Any, str], list[int]] = {}
    for i, p in enumerate(pred_facts):
        by_key.setdefault((p.get("doc_id"), p["measure"]), []).append(i)

    matches: list[tuple[dict[str, Any], dict[str, Any]]] = []
    false_negatives: list[dict[str, Any]] = []
    for g in gold_facts:
        best: int | None = None
        best_agreement = -1
        for i in by_key.get((g.get("doc_id"), g["measure"]), []):
            if used[i] or not values_match(g["value"], pred_facts[i]["value"]):
                continue
            agreement = _agreement(g, pred_facts[i])
            if agreement > best_agreement:
                best, best_agreement = i, agreement
        if best is None:
            false_negatives.append(g)
        else:
            used[best] = True
            matches.append((g, pred_facts[best]))
    false_positives = [p for i, p in enumerate(pred_facts) if not used[i]]

    measures = sorted(
        {f["measure"] for f in gold_facts} | {f["measure"] for f in pred_facts},
        key=lambda m: (MEASURES.index(m) if m in MEASURES else len(MEASURES), m),
    )
    per_measure = {}
    for m in measures:
        tp = sum(g["measure"] == m for g, _ in matches)
        fp = sum(p["measure"] == m for p in false_positives)
        fn = sum(g["measure"] == m for g in false_negatives)
        per_measure[m] = _prf(tp, fp, fn)
    attributes = {}
    for a in ATTRIBUTES:
        correct = sum(g.get(a) == p.get(a) for g, p in matches)
        attributes[a] = {"correct": correct, "total": len(matches), "accuracy": _ratio(correct, len(matches))}
    core = [m for m in per_measure if m != "other"]
    return {
        "per_measure": per_measure,
        "overall": _prf(len(matches), len(false_positives), len(false_negatives)),
        "core": _prf(*(sum(per_measure[m][k] for m in core) for k in ("tp", "fp", "fn"))),
        "attributes": attributes,
        "matches": matches,
        "false_positives": false_positives,
        "false_negatives": false_negatives,
    }


# --------------------------------------------------------------------------- running


def gold_facts(docs: Sequence[GoldDoc]) -> list[dict[str, Any]]:
    """Flatten gold documents into figure dicts carrying their doc_id."""
    return [{**f, "doc_id": d.doc_id} for d in docs for f in d.figures]


def default_extract_fn() -> ExtractFn | None:
    """The project's extractor (normalising the text first when `corpus.normalise` exists)."""
    try:
        extract_module = importlib.import_module("ki_analysis.extract")
    except ImportError as exc:
        print(f"ki_analysis.extract cannot be imported ({exc}); nothing to score.", file=sys.stderr)
        return None
    try:
        normalise = importlib.import_module("ki_analysis.corpus").normalise
    except (ImportError, AttributeError):
        normalise = None

    def run(text: str, date: str | None, doc_id: str) -> list[dict[str, Any]]:
        if normalise is not None:
            text = normalise(text)[0]
        result = _call_extract(extract_module.extract, text, date, doc_id)
        facts = result.facts if hasattr(result, "facts") else result["facts"]
        if hasattr(facts, "to_dict"):  # a DataFrame
            facts = facts.to_dict("records")
        return [dict(f) for f in facts]

    return run


def parse_partial_date(date: str | None) -> tuple[dt.date | None, str]:
    """ "2013-12-02" -> (date, "day"); "2013-12" -> (2013-12-01, "month"); "2017" -> (2017-01-01, "year")."""
    if date is None:
        return None, "day"
    parts = [int(p) for p in date.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return dt.date(*(parts + [1, 1])[:3]), precision


def _call_extract(extract: Callable[..., Any], text: str, date: str | None, doc_id: str) -> Any:
    """Pass the document date as datetime.date, and its precision when the extractor takes one
    (a sidecar date may be only a month or a year)."""
    doc_date, precision = parse_partial_date(date)
    if "date_precision" in inspect.signature(extract).parameters:
        return extract(text, doc_date=doc_date, doc_id=doc_id, date_precision=precision)
    return extract(text, doc_date=doc_date, doc_id=doc_id)


def predict(docs: Sequence[GoldDoc], extract_fn: ExtractFn) -> list[dict[str, Any]]:
    """Run the extractor on every document; the doc_id is set from the gold document."""
    predicted = []
    for d in docs:
        for fact in extract_fn(d.text, d.date, d.doc_id):
            predicted.append({**fact, "doc_id": d.doc_id})
    return predicted


# --------------------------------------------------------------------------- printing


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_table(title: str, result: Mapping[str, Any]) -> str:
    """Precision/recall/F1 per measure and overall, then attribute accuracy on matched pairs."""
    lines = [
        title,
        f"{'measure':<16}{'gold':>6}{'pred':>6}{'tp':>6}{'fp':>6}{'fn':>6}{'prec':>8}{'recall':>8}{'f1':>8}",
    ]
    rows = list(result["per_measure"].items()) + [("overall (micro)", result["overall"])]
    if "core" in result:
        rows.append(("core (no other)", result["core"]))
    for name, r in rows:
        lines.append(
            f"{name:<16}{r['tp'] + r['fn']:>6}{r['tp'] + r['fp']:>6}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
            f"{_fmt(r['precision']):>8}{_fmt(r['recall']):>8}{_fmt(r['f1']):>8}"
        )
    attrs = ", ".join(
        f"{a} {_fmt(v['accuracy'])} ({v['correct']}/{v['total']})" for a, v in result["attributes"].items()
    )
    lines.append(f"on matched pairs: {attrs}")
    return "\n".join(lines)


def _describe(fact: Mapping[str, Any]) -> str:
    text = fact.get("text") or fact.get("value_text") or fact.get("quote") or ""
    text = re.sub(r"\s+", " ", str(text))[:80]
    return (
        f"{fact.get('doc_id')}: {fact['measure']} {fact['value']:g} {fact.get('qualifier')} "
        f"per_unit={fact.get('per_unit')} period={fact.get('period')} | {text!r}"
    )


def format_errors(result: Mapping[str, Any]) -> str:
    """Every false negative, false positive and attribute disagreement, one per line."""
    lines = [f"FN  {_describe(g)}" for g in result["false_negatives"]]
    lines += [f"FP  {_describe(p)}" for p in result["false_positives"]]
    for g, p in result["matches"]:
        diffs = [f"{a} gold={g.get(a)} pred={p.get(a)}" for a in ATTRIBUTES if g.get(a) != p.get(a)]
        if diffs:
            lines.append(
                f"ATTR {g['doc_id']}: {g['measure']} {g['value']:g} {g.get('text')!r}: " + "; ".join(diffs)
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, extract_fn: ExtractFn | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="set_name", choices=[*SETS, "all"], default="dev")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every FP, FN and attribute error")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 if overall F1 is below this")
    args = parser.parse_args(argv)

    extract_fn = extract_fn or default_extract_fn()
    if extract_fn is None:
        return 0 if args.min_f1 is None else 1
    set_names = list(SETS) if args.set_name == "all" else [args.set_name]
    all_gold: list[dict[str, Any]] = []
    all_pred: list[dict[str, Any]] = []
    for set_name in set_names:
        docs = load_gold(set_name)
        gold, pred = gold_facts(docs), predict(docs, extract_fn)
        all_gold += gold
        all_pred += pred
        result = score(gold, pred)
        print(format_table(f"== {set_name}: {len(docs)} documents", result))
        if args.verbose:
            print(format_errors(result))
        print()
    final = score(all_gold, all_pred)
    if len(set_names) > 1:
        print(format_table("== all sets", final))
    f1 = final["overall"]["f1"] or 0.0
    if args.min_f1 is not None and f1 < args.min_f1:
        print(f"overall F1 {f1:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
