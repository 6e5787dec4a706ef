"""A small project copy for report tests: reference data, templates and a
hand-written data/processed (two documents, one of them hostile)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> und <img src=x onerror=alert(2)>"


def documents() -> pd.DataFrame:
    return pd.DataFrame([
        {"doc_id": "d2013", "title": "LaKI eröffnet", "publisher": "Ministerium A",
         "publisher_short": "MAIS", "kind": "ministry", "date": "2013-12-02", "date_precision": "day",
         "date_earliest": "2013-12-02", "date_latest": "2013-12-02", "url": "https://example.org/a",
         "duplicate_cluster": "", "sha256": "a" * 64},
        {"doc_id": "d2017", "title": f"Besuch in Wesel {HOSTILE}", "publisher": "Ministerium B",
         "publisher_short": "MKFFI", "kind": "ministry", "date": "2017", "date_precision": "year",
         "date_earliest": "2017-07-01", "date_latest": "2017-09-30", "url": "javascript:alert(3)",
         "duplicate_cluster": "", "sha256": "b" * 64},
    ])


def tables() -> dict[str, pd.DataFrame]:
    facts = pd.DataFrame([
        {"fact_id": "d2013:10-20:ki_count", "doc_id": "d2013", "start": 10, "end": 20,
         "quote": "Es gibt 47 Zentren.", "measure": "ki_count", "value": 47.0, "unit": "count",
         "qualifier": "exact", "per_unit": False, "period": "2013-12", "subject": "", "district_ags": "",
         "funder": "", "rule": "t"},
        {"fact_id": "d2017:30-40:funding_eur", "doc_id": "d2017", "start": 30, "end": 40,
         "quote": f"Rund 39,4 Millionen Euro {HOSTILE}", "measure": "funding_eur", "value": 39.4e6,
         "unit": "EUR", "qualifier": "approx", "per_unit": False, "period": "2016", "subject": "",
         "district_ags": "", "funder": "Land", "rule": "t"},
    ])
    events = pd.DataFrame([
        {"event_id": "e1", "event_type": "visit_done", "date": "2017", "date_precision": "year",
         "district_ags": "05170", "place": "Wesel", "people": "Serap Güler (Staatssekretärin)",
         "is_planned": False, "doc_id": "d2017", "start": 5, "end": 50,
         "quote": f"Güler besuchte Wesel. {HOSTILE}", "source_doc_ids": "d2017"},
    ])
    mentions = pd.DataFrame([
        {"doc_id": "d2017", "start": 60, "end": 70, "surface": "Kreis Wesel", "district_ags": "05170",
         "district_name": "Wesel", "alias_kind": "canonical", "sentence_start": 50,
         "sentence_end": 90, "quote": f"Das Zentrum im Kreis Wesel {HOSTILE} arbeitet."},
        {"doc_id": "d2013", "start": 5, "end": 12, "surface": "Aachen", "district_ags": "05334",
         "district_name": "Städteregion Aachen", "alias_kind": "part", "sentence_start": 0,
         "sentence_end": 30, "quote": "Die Stadt Aachen hat ein eigenes Zentrum."},
    ])
    checks = pd.DataFrame([
        {"check_id": "c1", "check": "ki_count", "status": "conflict", "measure": "ki_count",
         "message": "53 vs. 54 Zentren", "doc_ids": "d2013 d2017", "fact_ids": ""},
    ])
    return {"documents": documents(), "facts": facts, "events": events, "mentions": mentions,
            "checks": checks}


def make_project(root: Path, extra: dict[str, pd.DataFrame] | None = None) -> Path:
    """A project at ``root`` that ``KI_ROOT`` can point to."""
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    shutil.copytree(REPO / "notebooks" / "templates", root / "notebooks" / "templates")
    write_processed(root, {**tables(), **(extra or {})})
    return root


def write_processed(root: Path, frames: dict[str, pd.DataFrame]) -> None:
    out = root / "data" / "processed"
    out.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        df.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
