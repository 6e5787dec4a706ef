"""``ki review``: the figures of a document with their sentences, decisions written to
data/curation.yml by one code path (terminal, --confirm-all, --decisions, JupyterLab), and the
review status flowing into the tables, the charts and the state report (end to end)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import harness
import pytest
import yaml
from ingest_fixtures import FIXTURES
from test_ingest import TODAY, make_project

import ki_analysis
from ki_analysis import cli, config
from ki_analysis.corpus import add
from ki_analysis.curation import load_curation
from ki_analysis.curation import review as rv
from ki_analysis.curation.command import interactive, parse_fields
from ki_analysis.errors import KiError

MINISTRY = "2019-05-14_land-nrw_staatssekretaerin-gueler-besucht-kommunales"
NEWS = "2014-03-18_westfalen-zeitung_kreis-eroeffnet-48-integrationszentrum"
TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture()
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Paths:
    paths = make_project(tmp_path / "p")
    monkeypatch.setenv("KI_ROOT", str(paths.root))
    monkeypatch.setenv("KI_REVIEWER", "Test Reviewer")
    for name in ("ministry", "newspaper"):
        add.run(paths, str(FIXTURES / f"{name}.html"), today=TODAY, out=io.StringIO())
    return paths


def ki(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_figure_and_the_numbers_not_taken(proj, capsys) -> None:
    code, out, err = ki(capsys, "review", NEWS, "--list")
    assert code == 0, err
    assert "2 figure(s): 2 unreviewed" in out
    assert "Das Land fördert jedes Zentrum mit jeweils »3,5« Personalstellen." in out
    assert "staff_positions  3,5  (FTE, exact)  per unit: yes  period: 2014-03-18" in out
    assert (
        "m1. '48.' (ignored: ordinal_no_figure)" in out and "Es ist das »48.« in Nordrhein-Westfalen" in out
    )
    assert load_curation(proj.curation) == []  # --list writes nothing


def test_confirm_all_then_the_tables_carry_it(proj, capsys) -> None:
    code, out, err = ki(capsys, "review", MINISTRY, "--confirm-all")
    assert code == 0, err
    assert "6 decision(s) recorded" in out and "6 confirmed" in out
    entries = load_curation(proj.curation)
    assert {e["action"] for e in entries} == {"confirm"} and {e["reviewer"] for e in entries} == {
        "Test Reviewer"
    }
    assert all(e["fact_id"].startswith(f"{MINISTRY}:") for e in entries)
    assert proj.curation.read_text(encoding="utf-8").startswith("# Curation of extracted facts")
    # a second run has nothing left to confirm and leaves the file as it is
    before = proj.curation.read_bytes()
    assert ki(capsys, "review", MINISTRY, "--confirm-all")[0] == 0
    assert proj.curation.read_bytes() == before


def test_decisions_file_reject_correct_add(proj, capsys, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.yml"
    decisions.write_text(
        yaml.safe_dump(
            [
                {"figure": 1, "action": "reject", "reason": "the headline's ordinal, stated again in the text"},
                {"figure": 2, "action": "correct", "span": "jeweils 3,5 Personalstellen", "set": {"funder": "Land"},
                 "reason": "the Land pays these posts"},
                {"mention": 1, "action": "add", "set": {"measure": "ki_count", "value": 48, "unit": "count"},
                 "reason": "the 48th centre: 48 centres now"},
            ],
            allow_unicode=True,
        ),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = ki(capsys, "review", NEWS, "--decisions", str(decisions), "--reviewer", "AM")
    assert code == 0, err
    review = rv.load_review(NEWS, proj)
    assert review.summary() == "3 figure(s): 2 corrected, 1 rejected"
    added = next(f.fact for f in review.figures if f.fact["rule"] == "curation:add")
    assert (added["measure"], added["value"], added["period"], added["value_text"]) == (
        "ki_count",
        48.0,
        "2014-03-18",
        "48.",
    )
    assert added["quote"] == "Es ist das 48. in Nordrhein-Westfalen."
    assert not review.missed  # the mention is a figure now
    assert [e["action"] for e in load_curation(proj.curation)] == ["reject", "correct", "add"]
    # ki build accepts the file and the added figure reaches the rollout
    from ki_analysis.build import run

    assert run(proj, out=io.StringIO()) == 0
    rollout = ki_analysis.load("rollout", root=proj.root)
    row = rollout[rollout["doc_ids"] == NEWS]
    assert row["ki_count"].tolist() == [48] and row["review_status"].tolist() == ["corrected"]


@pytest.mark.parametrize(
    "decision, message",
    [
        ({"figure": 9, "action": "confirm", "reason": "r"}, "no figure 9"),
        ({"figure": 1, "action": "approve", "reason": "r"}, "action must be"),
        ({"figure": 1, "action": "reject"}, "reason is required"),
        ({"figure": 2, "action": "correct", "span": "3,5", "set": {"value": 4}, "reason": "r"}, "never adds a figure"),
        ({"mention": 1, "action": "add", "set": {"measure": "ki_count", "value": 49, "unit": "count"}, "reason": "r"},
         "never adds a figure"),
        ({"action": "add", "span": "jeweils 3,5", "set": {"measure": "teachers", "value": 3.5, "unit": "count"},
          "reason": "r"}, "confirm or correct that one"),
        ({"action": "add", "span": "nicht im Text", "set": {"measure": "other", "value": 1, "unit": "count"},
          "reason": "r"}, "does not occur verbatim"),
        ({"action": "add", "span": "48", "set": {"measure": "other", "value": 48, "unit": "count"}, "reason": "r"},
         "occurs 2 times"),
        ({"mention": 1, "action": "add", "set": {"measure": "ki_count", "value": 48}, "reason": "r"}, "must set unit"),
    ],
)  # fmt: skip
def test_bad_decisions_change_nothing(proj, capsys, tmp_path: Path, decision: dict, message: str) -> None:
    path = tmp_path / "d.yml"
    path.write_text(yaml.safe_dump([decision]), encoding="utf-8")
    before = proj.curation.read_bytes()
    code, out, err = ki(capsys, "review", NEWS, "--decisions", str(path))
    assert code != 0 and TRACEBACK not in err and message in err, err
    assert proj.curation.read_bytes() == before


def test_unknown_document_and_no_terminal(proj, capsys, monkeypatch) -> None:
    code, out, err = ki(capsys, "review", "2019-05-14_land-nrw_staatssekretaerin", "--list")
    assert code != 0 and "did you mean 2019-05-14_land-nrw_" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = ki(capsys, "review", NEWS)
    assert code != 0 and "--confirm-all" in err and TRACEBACK not in err


def test_interactive_session(proj) -> None:
    answers = iter(
        [
            "r", "", "r", "the headline's ordinal",  # figure 1: reject; without a reason it asks again
            "c", "",  # figure 2: confirm with the default reason
            "a", "", "measure=ki_count value=48 unit=count", "the 48th centre",  # mention m1: add
        ]
    )  # fmt: skip
    out = io.StringIO()
    review = interactive(proj, NEWS, "AM", ask=lambda prompt: next(answers), out=out)
    text = out.getvalue()
    assert "a reason is required" in text and text.count("recorded") == 3
    assert review.summary() == "3 figure(s): 1 confirmed, 1 corrected, 1 rejected"
    assert [(e["action"], e["reviewer"]) for e in load_curation(proj.curation)] == [
        ("reject", "AM"),
        ("confirm", "AM"),
        ("add", "AM"),
    ]


def test_interactive_quit_keeps_what_was_decided(proj) -> None:
    answers = iter(["c", "looked it up", "q"])
    review = interactive(proj, MINISTRY, "AM", ask=lambda prompt: next(answers), out=io.StringIO())
    assert review.counts()["confirmed"] == 1 and len(load_curation(proj.curation)) == 1


def test_interactive_bad_correction_is_not_recorded(proj) -> None:
    answers = iter(["x", "", "value=45", "typo", "x", "", "qualifier=exact", "the text says rund", "q"])
    out = io.StringIO()
    interactive(proj, MINISTRY, "AM", ask=lambda prompt: next(answers), out=out)
    assert "not recorded" in out.getvalue() and "never adds a figure" in out.getvalue()


def test_parse_fields() -> None:
    assert parse_fields('measure=ki_count value=48 per_unit=true period=2018 funder="Land (MKFFI)"') == {
        "measure": "ki_count",
        "value": 48,
        "per_unit": True,
        "period": 2018,
        "funder": "Land (MKFFI)",
    }
    with pytest.raises(KiError, match="name=value"):
        parse_fields("ki_count")


def test_jupyter_review_uses_the_same_path(proj) -> None:
    r = ki_analysis.review(NEWS)
    html = r._repr_html_()
    assert "<mark>3,5</mark>" in html and "<mark>48.</mark>" in html and "ordinal_no_figure" in html
    r = r.confirm(2)
    assert r.figure(2).status == "confirmed"
    r = r.add(mention=1, reason="the 48th centre", measure="ki_count", value=48, unit="count")
    r = r.reject(1, reason="headline")
    assert r.summary() == "3 figure(s): 1 confirmed, 1 corrected, 1 rejected"
    assert len(load_curation(proj.curation)) == 3
    with pytest.raises(KiError, match="never adds a figure"):
        r.correct(3, reason="r", value=47)


def test_import_stays_light() -> None:
    code = "import sys, ki_analysis; ki_analysis.review; assert 'pandas' not in sys.modules, 'pandas'"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_end_to_end_add_review_build_report(tmp_path: Path) -> None:
    """ki add a page, ki review --confirm-all, ki build (make data), ki report --state."""
    root = harness.copy_project(tmp_path / "e2e")
    env = {"KI_REVIEWER": "E2E"}
    steps = [
        ("add", str(FIXTURES / "ministry.html")),
        ("review", MINISTRY, "--confirm-all"),
        ("build",),
        ("report", "--state", "--lang", "de", "--jobs", "1"),  # German is what is read below
    ]
    for args in steps:
        proc = harness.run_ki(root, *args, timeout=600, env=harness.ki_env(root, env))
        assert proc.returncode == 0, (args, proc.stdout[-2000:], proc.stderr[-2000:])
    rollout = ki_analysis.load("rollout", root=root)
    mine = rollout[rollout["doc_ids"] == MINISTRY]
    assert mine["ki_count"].tolist() == [54] and mine["review_status"].tolist() == ["confirmed"]
    funding = ki_analysis.load("funding", root=root)
    stated = funding[(funding["doc_ids"] == MINISTRY) & ~funding["is_derived"]]
    assert sorted(stated["amount_eur"]) == [6_400_000, 16_400_000, 21_800_000, 44_600_000]
    assert set(stated["review_status"]) == {"confirmed"}
    facts = ki_analysis.load("facts", root=root)
    assert set(facts.loc[facts["doc_id"] == MINISTRY, "review_status"]) == {"confirmed"}
    tables = [ki_analysis.load(n, root=root) for n in ("rollout", "funding", "staffing")]
    done = sum(t["review_status"].isin(["confirmed", "corrected"]).sum() for t in tables)
    total = sum(len(t) for t in tables)
    report = next((root / "reports").glob("state*.html")).read_text(encoding="utf-8")
    assert re.search(rf"\b{done} von {total} Angaben in diesem Bericht sind von einer Person geprüft", report)
    assert done >= 6 and "(ungeprüft)" in report  # the seed figures are not reviewed (chart alt text)
    assert '<abbr class="ki-unrev" title="ungeprüft">°</abbr>' in report  # and marked in the tables
