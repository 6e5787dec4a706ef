"""Every case of the bad-input corpus (``bad_inputs.py``) against the real ``ki build``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bad_inputs import CASES, Case, documents, raw_dir
from harness import (
    TRACEBACK,
    clone_tree,
    project_state,
    run_ki,
    run_ki_forked,
    state_diff,
    stray_files,
    tree_state,
)


def _ids(root: Path) -> set[str]:
    return {row["doc_id"] for row in documents(root)}


def _outside_processed(state: dict[str, str]) -> dict[str, str]:
    return {
        k: v for k, v in state.items() if not k.startswith("data/processed") and not k.startswith("reports")
    }


def _problem_lines(stderr: str, case: Case) -> list[str]:
    """Each expected problem must be named with its reason on one line of stderr."""
    missing = []
    lines = stderr.splitlines()
    for name, reason in case.expect.problems:
        if not any(name in line and re.search(reason, line, re.IGNORECASE) for line in lines):
            missing.append(f"{name!r} with a reason matching /{reason}/")
    return missing


def _params() -> list[object]:
    marks = lambda c: [pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else []  # noqa: E731
    return [pytest.param(c, id=c.name, marks=marks(c)) for c in CASES]


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, built_project: Path, tmp_path: Path) -> None:
    root = clone_tree(built_project, tmp_path / "project")
    ids_before = _ids(root)
    case.make(root)
    raw_planted = tree_state(raw_dir(root))
    before = project_state(root)
    planted_strays = stray_files(root)  # e.g. the editor backups a case plants on purpose
    expect = case.expect

    proc = run_ki_forked(root, "build", timeout=expect.timeout_s)
    out = proc.stdout + proc.stderr
    assert TRACEBACK not in out, f"ki build ended in a traceback:\n{out[-4000:]}"

    if expect.outcome == "refused":
        assert proc.returncode == 2, f"expected a refusal (exit 2), got exit {proc.returncode}\n{out[-3000:]}"
        missing = _problem_lines(proc.stderr, case)
        assert not missing, f"stderr does not name {missing}:\n{proc.stderr[-3000:]}"
        after = project_state(root)
        assert after == before, f"a refused build changed the project:\n{state_diff(before, after)}"
        assert stray_files(root) == planted_strays

        skip = run_ki_forked(root, "build", "--skip-invalid", timeout=expect.timeout_s)
        out = skip.stdout + skip.stderr
        assert TRACEBACK not in out, f"ki build --skip-invalid ended in a traceback:\n{out[-4000:]}"
        assert skip.returncode == 0, f"--skip-invalid failed (exit {skip.returncode}):\n{out[-3000:]}"
        for name, _ in expect.problems:
            assert name in out, f"--skip-invalid does not list the skipped {name!r}:\n{out[-3000:]}"
        ids_after = _ids(root)
        assert ids_before <= ids_after, f"documents lost with --skip-invalid: {ids_before - ids_after}"
        assert not set(expect.doc_ids) & ids_after, "a refused document was built anyway"
    else:
        assert proc.returncode == 0, f"expected exit 0 ({case.note}), got {proc.returncode}:\n{out[-3000:]}"
        ids_after = _ids(root)
        assert ids_before <= ids_after, f"documents lost: {ids_before - ids_after}"
        if expect.outcome == "accepted":
            assert set(expect.doc_ids) <= ids_after, f"not built: {set(expect.doc_ids) - ids_after}"
            assert len(ids_after) == len(ids_before) + expect.new_docs, sorted(ids_after - ids_before)
        else:
            assert ids_after == ids_before, f"not documents, yet built: {sorted(ids_after - ids_before)}"
        if expect.warning:
            assert re.search(expect.warning, out, re.IGNORECASE), f"no warning /{expect.warning}/:\n{out}"

    # Raw data is immutable; nothing outside data/processed may change; no temp files.
    assert tree_state(raw_dir(root)) == raw_planted, "ki build wrote to data/raw"
    after = project_state(root)
    assert _outside_processed(after) == _outside_processed(before), state_diff(
        _outside_processed(before), _outside_processed(after)
    )
    assert stray_files(root) == planted_strays, "temp files left behind"
    if case.check:
        case.check(root)


def test_console_script_behaves_like_the_fork(built_project: Path, tmp_path: Path) -> None:
    """The real ``ki`` process refuses a bad file exactly as the forked runs above do."""
    from bad_inputs import CASES as all_cases

    case = next(c for c in all_cases if c.name == "several_bad_files_at_once")
    results = []
    for runner in (run_ki, run_ki_forked):
        root = clone_tree(built_project, tmp_path / runner.__name__)
        case.make(root)
        proc = runner(root, "build")
        results.append((proc.returncode, proc.stderr.replace(str(root), "<root>")))
    assert results[0] == results[1]
    assert results[0][0] == 2


def test_corpus_covers_the_issue() -> None:
    """At least 30 cases, and every kind of bad input the issue names is among them."""
    names = {c.name for c in CASES}
    assert len(CASES) >= 30
    required = {
        "empty_file",
        "whitespace_only",
        "binary_data",
        "nul_bytes",
        "cp1252",
        "latin1",
        "utf16_with_bom",
        "size_20mb",
        "missing_sidecar",
        "sidecar_invalid_yaml",
        "sidecar_future_date",
        "id_clash_by_case",
        "identical_text_two_ids",
        "name_with_spaces",
        "name_with_umlauts",
        "symlink_outside_project",
        "number_100k_digits",
        "dots_backtracking",
        "yaml_python_apply",
    }
    assert required <= names, required - names
    assert all(c.note for c in CASES), "every case documents its outcome"
