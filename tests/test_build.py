"""``ki build``: deterministic, all-or-nothing, --skip-invalid, --check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ki_analysis import cli, config
from ki_analysis.build import build_tables, run
from ki_analysis.corpus import read_corpus
from ki_analysis.tables.package import serialise

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's data in a tmp folder, with KI_ROOT pointing at it."""
    for sub in ("raw", "reference"):
        shutil.copytree(ROOT / "data" / sub, tmp_path / "data" / sub)
    monkeypatch.setenv(config.ENV_ROOT, str(tmp_path))
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_two_builds_are_byte_identical(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build"]) == 0
    first = snapshot(project / "data" / "processed")
    assert "documents.csv" in first
    assert cli.main(["build"]) == 0
    assert snapshot(project / "data" / "processed") == first
    out = capsys.readouterr().out
    assert "5 documents" in out and "documents.csv" in out
    text = first["documents.csv"].decode("utf-8")
    assert "\r" not in text and str(project) not in text
    assert text.splitlines()[0].startswith("doc_id,title,publisher,")


def test_serialise_is_a_pure_function_of_the_corpus(project: Path) -> None:
    paths = config.paths(project)
    corpus = read_corpus(paths.raw, root=paths.root)
    assert serialise(build_tables(corpus, paths)) == serialise(build_tables(corpus, paths))


def test_bad_corpus_leaves_processed_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build"]) == 0
    before = snapshot(project / "data" / "processed")
    raw = project / "data" / "raw"
    (raw / "2015-12-09_msw_kreis-dueren_web.txt").write_text("geändert\n", encoding="utf-8")
    (raw / "leer.txt").write_bytes(b"")
    capsys.readouterr()
    code = cli.main(["build"])
    err = capsys.readouterr().err
    assert code != 0
    assert "data/raw/2015-12-09_msw_kreis-dueren_web.meta.yml: sha256 mismatch" in err
    assert "data/raw/leer.txt: file is empty" in err
    assert "data/raw/leer.txt: missing sidecar" in err
    assert "Traceback" not in err
    assert snapshot(project / "data" / "processed") == before
    leftovers = [p.name for p in (project / "data").iterdir() if p.name.startswith(".processed")]
    assert leftovers == []


def test_skip_invalid_builds_the_valid_documents(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = project / "data" / "raw"
    (raw / "kaputt.txt").write_bytes(b"\xff\xfe")
    assert cli.main(["build", "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "skipped data/raw/kaputt.txt: not valid UTF-8" in out
    csv = (project / "data" / "processed" / "documents.csv").read_text(encoding="utf-8")
    assert len(csv.strip().splitlines()) == 1 + 5
    assert "kaputt" not in csv


def test_check_reports_stale_missing_and_extra(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    processed = project / "data" / "processed"
    assert cli.main(["build", "--check"]) == 1  # nothing built yet
    assert "missing: documents.csv" in capsys.readouterr().out
    assert not processed.exists()  # --check writes nothing
    assert cli.main(["build"]) == 0
    assert cli.main(["build", "--check"]) == 0
    (processed / "documents.csv").write_bytes(b"doc_id\n")
    (processed / "old.csv").write_bytes(b"x\n")
    capsys.readouterr()
    assert cli.main(["build", "--check"]) == 1
    out = capsys.readouterr().out
    assert "changed: documents.csv" in out and "extra: old.csv" in out


def test_run_honours_a_paths_root(project: Path, tmp_path: Path) -> None:
    import io

    buf = io.StringIO()
    assert run(config.paths(project), out=buf) == 0
    assert (project / "data" / "processed" / "documents.csv").is_file()
    assert "built data/processed" in buf.getvalue()


def test_console_script_has_no_traceback_on_bad_input(project: Path) -> None:
    (project / "data" / "raw" / "x.meta.yml").write_text("title: x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ki_analysis.cli", "build"],
        capture_output=True,
        text=True,
        env={"KI_ROOT": str(project), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2
    assert "data/raw/x.meta.yml: sidecar without a text file x.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_second_build_waits_for_none_and_says_why(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ki_analysis.lock import run_lock

    with run_lock(config.paths(project).state / "build.lock"):
        assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    assert "another ki build is running" in err and "Traceback" not in err
    assert not (project / "data" / "processed").exists()
    assert cli.main(["build"]) == 0  # the lock died with its holder


def test_curation_reaches_the_published_tables(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reviewed rejection marks the fact and takes it out of the derived tables."""
    assert cli.main(["build"]) == 0
    import ki_analysis

    facts = ki_analysis.load("facts", root=project)
    assert set(facts["review_status"]) == {"unreviewed"}
    rollout = ki_analysis.load("rollout", root=project)
    target = facts[facts["fact_id"].isin(rollout["statement_id"]) & (facts["measure"] == "ki_count")].iloc[0]
    (project / "data" / "curation.yml").write_text(
        f'- fact_id: "{target.fact_id}"\n  action: reject\n  reason: "test: a reviewer disagrees"\n'
        '  reviewer: "pytest"\n',
        encoding="utf-8",
    )
    assert cli.main(["build"]) == 0
    facts = ki_analysis.load("facts", root=project).set_index("fact_id")
    assert facts.loc[target.fact_id, "review_status"] == "rejected"
    assert facts.loc[target.fact_id, "reviewed_by"] == "pytest"
    rollout = ki_analysis.load("rollout", root=project)
    assert not rollout["fact_ids"].str.contains(target.fact_id, regex=False).any()


def test_a_bad_curation_entry_stops_the_build_cleanly(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["build"]) == 0
    before = snapshot(project / "data" / "processed")
    (project / "data" / "curation.yml").write_text(
        '- fact_id: "no-such-fact"\n  action: reject\n  reason: "x"\n  reviewer: "pytest"\n', encoding="utf-8"
    )
    assert cli.main(["build"]) == 2
    assert "no-such-fact" in capsys.readouterr().err
    assert snapshot(project / "data" / "processed") == before
