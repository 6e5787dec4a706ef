"""A small project copy for report tests: reference data, templates and a
hand-written data/processed (two documents, one of them hostile)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd

from ki_analysis import registry

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> und <img src=x onerror=alert(2)>"


def documents() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "doc_id": "d2013",
                "title": "LaKI eröffnet",
                "publisher": "Ministerium A",
                "publisher_short": "MAIS",
                "kind": "ministry",
                "date": "2013-12-02",
                "date_precision": "day",
                "date_earliest": "2013-12-02",
                "date_latest": "2013-12-02",
                "url": "https://example.org/a",
                "duplicate_cluster": "",
                "sha256": "a" * 64,
            },
            {
                "doc_id": "d2017",
                "title": f"Besuch in Wesel {HOSTILE}",
                "publisher": "Ministerium B",
                "publisher_short": "MKFFI",
                "kind": "ministry",
                "date": "2017",
                "date_precision": "year",
                "date_earliest": "2017-07-01",
                "date_latest": "2017-09-30",
                "url": "javascript:alert(3)",
                "duplicate_cluster": "",
                "sha256": "b" * 64,
            },
        ]
    )


def tables() -> dict[str, pd.DataFrame]:
    facts = pd.DataFrame(
        [
            {
                "fact_id": "d2013:10-20:ki_count",
                "doc_id": "d2013",
                "start": 10,
                "end": 20,
                "quote": "Es gibt 47 Zentren.",
                "measure": "ki_count",
                "value": 47.0,
                "unit": "count",
                "qualifier": "exact",
                "per_unit": False,
                "period": "2013-12",
                "subject": "",
                "district_ags": "",
                "funder": "",
                "rule": "t",
            },
            {
                "fact_id": "d2017:30-40:funding_eur",
                "doc_id": "d2017",
                "start": 30,
                "end": 40,
                "quote": f"Rund 39,4 Millionen Euro {HOSTILE}",
                "measure": "funding_eur",
                "value": 39.4e6,
                "unit": "EUR",
                "qualifier": "approx",
                "per_unit": False,
                "period": "2016",
                "subject": "",
                "district_ags": "",
                "funder": "Land",
                "rule": "t",
            },
        ]
    )
    events = pd.DataFrame(
        [
            {
                "event_id": "e1",
                "event_type": "visit_done",
                "date": "2017",
                "date_precision": "year",
                "district_ags": "05170",
                "place": "Wesel",
                "people": "Serap Güler (Staatssekretärin)",
                "is_planned": False,
                "doc_id": "d2017",
                "start": 5,
                "end": 50,
                "quote": f"Güler besuchte Wesel. {HOSTILE}",
                "source_doc_ids": "d2017",
            },
        ]
    )
    mentions = pd.DataFrame(
        [
            {
                "doc_id": "d2017",
                "start": 60,
                "end": 70,
                "surface": "Kreis Wesel",
                "district_ags": "05170",
                "district_name": "Wesel",
                "alias_kind": "canonical",
                "sentence_start": 50,
                "sentence_end": 90,
                "quote": f"Das Zentrum im Kreis Wesel {HOSTILE} arbeitet.",
            },
            {
                "doc_id": "d2013",
                "start": 5,
                "end": 12,
                "surface": "Aachen",
                "district_ags": "05334",
                "district_name": "Städteregion Aachen",
                "alias_kind": "part",
                "sentence_start": 0,
                "sentence_end": 30,
                "quote": "Die Stadt Aachen hat ein eigenes Zentrum.",
            },
        ]
    )
    checks = pd.DataFrame(
        [
            {
                "check_id": "c1",
                "check_kind": "count_conflict",
                "status": "conflict",
                "values": "53; 54",
                "doc_ids": "d2013; d2017",
                "explanation": "53 vs. 54 Zentren",
            },
            {
                "check_id": "c0",
                "check_kind": "corroboration",
                "status": "ok",
                "values": "47",
                "doc_ids": "d2013",
                "explanation": "fine",
            },
        ]
    )
    rollout = pd.DataFrame(
        [
            {
                "statement_id": "d2013:10-20:ki_count",
                "as_of_date": "2013-12-02",
                "date_precision": "day",
                "ki_count": 47,
                "district_count": 53,
                "coverage_pct": 88.68,
                "qualifier": "exact",
                "has_conflict": False,
                "has_unknown_period": False,
                "doc_ids": "d2013",
                "fact_ids": "d2013:10-20:ki_count",
                "quote": "Es gibt 47 Zentren.",
                "n_sources": 1,
            },
            {
                "statement_id": "d2017:1-3:ki_count",
                "as_of_date": "2017-01-01",
                "date_precision": "year",
                "ki_count": 53,
                "district_count": 54,
                "coverage_pct": 98.15,
                "qualifier": "exact",
                "has_conflict": True,
                "has_unknown_period": False,
                "doc_ids": "d2017",
                "fact_ids": "d2017:1-3:ki_count",
                "quote": f"Heute 53 von 54. {HOSTILE}",
                "n_sources": 1,
            },
        ]
    )
    funding = pd.DataFrame(
        [
            {
                "funding_id": "d2017:30-40:funding_eur",
                "period": "2016",
                "period_precision": "year",
                "funder": None,
                "recipient_or_programme": "NRW",
                "district_ags": None,
                "amount_eur": 39.4e6,
                "qualifier": "approx",
                "is_annual": False,
                "is_total": True,
                "share_pct": None,
                "total_id": None,
                "is_derived": False,
                "formula": None,
                "has_mixed_dates": False,
                "has_unknown_period": False,
                "doc_ids": "d2017",
                "fact_ids": "d2017:30-40:funding_eur",
                "quote": f"Rund 39,4 Millionen Euro {HOSTILE}",
                "n_sources": 1,
            },
        ]
    )
    staffing = pd.DataFrame(
        [
            {
                "staffing_id": "d2013:50-53:staff_positions",
                "as_of_date": "2013-12-02",
                "date_precision": "day",
                "measure": "staff_positions",
                "value": 3.5,
                "unit": "FTE",
                "qualifier": "exact",
                "per_unit": True,
                "is_derived": False,
                "formula": None,
                "has_mixed_dates": False,
                "centre_count": None,
                "centre_basis": None,
                "funder": "Land",
                "has_unknown_period": False,
                "doc_ids": "d2013",
                "fact_ids": "d2013:50-53:staff_positions",
                "quote": "jeweils 3,5 Personalstellen",
                "n_sources": 1,
            },
        ]
    )
    programmes = pd.DataFrame(columns=registry.table("programmes").columns)
    districts = pd.read_csv(REPO / "data" / "processed" / "districts.csv", dtype=str)  # reference data
    return {
        "documents": documents(),
        "facts": facts,
        "events": events,
        "mentions": mentions,
        "checks": checks,
        "rollout": rollout,
        "funding": funding,
        "staffing": staffing,
        "programmes": programmes,
        "districts": districts,
    }


def make_project(root: Path, extra: dict[str, pd.DataFrame] | None = None, *, processed: bool = True) -> Path:
    """A project at ``root`` (``ki report`` runs with ``KI_ROOT`` or its ``root`` parameter);
    ``processed=False``: before the first ``ki build``."""
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    shutil.copytree(REPO / "notebooks" / "templates", root / "notebooks" / "templates")
    if processed:
        write_processed(root, {**tables(), **(extra or {})})
    return root


def write_processed(root: Path, frames: dict[str, pd.DataFrame]) -> None:
    out = root / "data" / "processed"
    out.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        df.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")


def add_release(root: Path, doc_id: str, title: str, text: str, date: str = "2018-03-01") -> None:
    """A raw press release with its sidecar, as a scheduled job would drop it in."""
    import hashlib

    import yaml

    raw = root / "data" / "raw"
    meta = yaml.safe_load(
        (REPO / "data" / "raw" / "2017_mkffi_sommertour-kreis-wesel.meta.yml").read_text(encoding="utf-8")
    )
    body = text.encode("utf-8")
    meta.update(
        title=title,
        date_published=date,
        date_precision="day",
        date_earliest=None,
        date_latest=None,
        date_evidence="Dateline of the test release.",
        sha256=hashlib.sha256(body).hexdigest(),
        url="https://example.org/release",
    )
    meta = {k: v for k, v in meta.items() if v is not None or k == "url"}
    (raw / f"{doc_id}.txt").write_bytes(body)
    (raw / f"{doc_id}.meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")


HOSTILE_RELEASE = (
    "Kommunales Integrationszentrum im Kreis Kleve <script>alert(1)</script>\n\n"
    "Kleve, 1. März 2018. Das Kommunale Integrationszentrum im Kreis Kleve stellte heute sein "
    "Programm vor. <img src=x onerror=alert(2)> Landrat und Staatssekretärin besuchten die "
    "Einrichtung im Kreis Kleve.\n"
)


def make_corpus_project(root: Path) -> Path:
    """A project with the seed releases plus one hostile release about Kreis Kleve; built."""
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    if (REPO / "data" / "curation.yml").is_file():
        shutil.copy(REPO / "data" / "curation.yml", root / "data" / "curation.yml")
    shutil.copytree(REPO / "notebooks" / "templates", root / "notebooks" / "templates")
    add_release(root, "2018-03-01_kreis-kleve_test", "Kreis Kleve <script>alert(1)</script>", HOSTILE_RELEASE)
    return root


def build(root: Path) -> None:
    from ki_analysis.cli import main

    assert main(["build"]) == 0, "ki build failed on the test corpus"


def report_args(jobs: int = 1, **kw) -> argparse.Namespace:
    """The namespace ``ki report`` parses, with defaults for every option."""
    base = dict(state=False, district=[], all=False, as_of=None, lang="de", jobs=jobs, force=False, pdf=False)
    base.update(kw)
    return argparse.Namespace(**base)
