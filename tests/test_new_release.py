"""A new press release dropped into data/raw is picked up with no code change.

Copies the project's data/raw and data/reference into a temporary project, adds a
release written for this test (a new count of centres, a new funding total with its
parts), builds there and checks rollout, funding and checks.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import ki_analysis
from ki_analysis import config

ROOT = Path(__file__).resolve().parent.parent

DOC_ID = "2019-05-14_mkffi_test-neue-zahlen"
# Written for this test; the figures are new (no seed release has them).
TEXT = """Ministerium für Kinder, Familie, Flüchtlinge und Integration teilt mit:

Düsseldorf, 14. Mai 2019. Integrationsstaatssekretärin Serap Güler hat das Kommunale Integrationszentrum im Kreis Lippe besucht.

Inzwischen arbeiten 54 Kommunale Integrationszentren in den Kreisen und kreisfreien Städten in Nordrhein-Westfalen.

2018 wurden insgesamt rund 44,6 Millionen Euro für die Arbeit der Einrichtungen zur Verfügung gestellt. Davon kamen 21,8 Millionen Euro aus den kommunalen Haushalten, 16,4 Millionen Euro waren Landesmittel und 6,4 Millionen Euro waren Stiftungs- und Drittmittel.
"""


def _sidecar(sha: str) -> str:
    return f"""title: "Test: neue Zahlen zu den Kommunalen Integrationszentren"
publisher: "Ministerium für Kinder, Familie, Flüchtlinge und Integration des Landes Nordrhein-Westfalen (MKFFI)"
publisher_short: MKFFI
kind: ministry
date_published: "2019-05-14"
date_precision: day
date_evidence: "The dateline reads 'Düsseldorf, 14. Mai 2019.'"
url: null
date_accessed: "2026-11-21"
language: de
format: web_text
terms_of_use: "Written for the test suite of ki-analysis."
sha256: "{sha}"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("newrelease")
    for sub in ("raw", "reference"):
        shutil.copytree(ROOT / "data" / sub, root / "data" / sub)
    data = TEXT.encode("utf-8")
    (root / "data" / "raw" / f"{DOC_ID}.txt").write_bytes(data)
    (root / "data" / "raw" / f"{DOC_ID}.meta.yml").write_text(
        _sidecar(hashlib.sha256(data).hexdigest()), encoding="utf-8"
    )
    from ki_analysis.build import run

    assert run(config.paths(root)) == 0
    return root


def test_rollout_has_the_new_count(project):
    r = ki_analysis.load("rollout", root=project)
    new = r[r["doc_ids"].str.contains(DOC_ID, regex=False)]
    assert new["ki_count"].tolist() == [54]
    assert str(new["as_of_date"].iloc[0].date()) == "2019-05-14"
    assert new["as_of_date"].max() == r["as_of_date"].max()  # the latest statement


def test_funding_has_the_new_total_and_parts(project):
    f = ki_analysis.load("funding", root=project)
    f = f[~f["is_derived"]]
    new = f[f["doc_ids"].str.contains(DOC_ID, regex=False)].sort_values("amount_eur")
    assert new["amount_eur"].tolist() == [6_400_000, 16_400_000, 21_800_000, 44_600_000]
    assert new["is_total"].tolist() == [False, False, False, True]
    assert set(new["period"]) == {"2018"}
    # shares of the stated total, to the 0.01 percentage point the table keeps
    assert new["share_pct"].dropna().tolist() == pytest.approx([14.35, 36.77, 48.88], abs=0.006)


def test_funding_derives_the_sum_and_the_amount_per_centre(project):
    f = ki_analysis.load("funding", root=project)
    new = f[f["is_derived"] & f["doc_ids"].str.contains(DOC_ID, regex=False)].set_index("funding_id")
    parts = new.loc[new.index.str.endswith("*sum_of_parts")].iloc[0]
    assert (parts["amount_eur"], parts["qualifier"]) == (44_600_000, "exact")  # exact parts: not rounded
    per = new.loc[new.index.str.endswith("*per_centre")].iloc[0]
    # the latest count up to the end of 2018 is the 53 of 2017, not the new 54 of May 2019
    assert per["formula"] == "≈ 44 600 000 EUR (2018) / 53 centres (as of 2017)"
    assert (per["amount_eur"], per["qualifier"], bool(per["has_mixed_dates"])) == (840_000, "approx", True)


def test_checks_reconcile_the_new_figures(project):
    c = ki_analysis.load("checks", root=project)
    new = c[(c["check_kind"] == "parts_total") & c["doc_ids"].str.contains(DOC_ID, regex=False)]
    assert len(new) == 1 and new["status"].iloc[0] == "ok"
    assert new["expected"].iloc[0] == 44_600_000
