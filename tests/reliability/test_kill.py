"""Faults: ``ki build`` and ``ki report --all`` killed with SIGKILL at many points.

The runs are forks of the test process that call the CLI's ``main`` (see
``harness.start_ki_forked``), so a kill after N ms lands in the work, not in the
imports. The overlap tests use the real console command.

After every kill the watched folder must hold the old state or the new state (the
set of file hashes equals one of the two), never a mix and never a truncated file;
the next run must succeed and leave no temp files. Overlapping runs must wait or
refuse clearly.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import harness
import pytest
from bad_inputs import GOOD_TEXT, NEW_ID, put
from harness import (
    TRACEBACK,
    clone_tree,
    ki_cmd,
    ki_env,
    kill_group,
    record,
    run_ki,
    run_ki_forked,
    start_ki_forked,
    state_diff,
    stray_files,
    tree_state,
    wait_pid,
)

REFUSAL = re.compile(r"another|already|running|lock|wait|busy", re.IGNORECASE)
# Render times and run ids in reports change from run to run; they are not state.
VOLATILE = re.compile(
    rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}| ?UTC)?"
    rb"|\b\d+(\.\d+)? ?(ms|s|seconds|Sekunden)\b"
)


@dataclass(frozen=True)
class Scenario:
    """A project copy with new input waiting, and the two states a kill may leave."""

    pending: Path  # old outputs + new input: a run turns old into new
    watched: str  # folder below the root that must be old or new
    args: tuple[str, ...]
    old: dict[str, str]
    new: dict[str, str]
    duration_s: float
    volatile: bool = False  # strip render times before comparing


def _state(root: Path, sc_watched: str, volatile: bool) -> dict[str, str]:
    folder = root / sc_watched
    if not volatile:
        return tree_state(folder)
    state = {}
    for rel, digest in tree_state(folder).items():
        path = folder / rel
        if path.is_file() and not path.is_symlink():
            digest = harness.sha256(VOLATILE.sub(b"<t>", path.read_bytes()))
        state[rel] = digest
    return state


def _build_scenario(tmp: Path) -> Scenario:
    old_root = harness.copy_project(tmp / "old")
    proc = run_ki_forked(old_root, "build")
    assert proc.returncode == 0, proc.stderr[-3000:]
    old = tree_state(old_root / "data/processed")
    put(old_root, NEW_ID, GOOD_TEXT.encode())  # the new input
    pending = tmp / "pending"
    clone_tree(old_root, pending)
    durations = []
    for i in range(2):  # the second, warm run is the one the trials resemble
        probe = clone_tree(pending, tmp / f"probe{i}")
        t0 = time.monotonic()
        proc = run_ki_forked(probe, "build")
        durations.append(time.monotonic() - t0)
        assert proc.returncode == 0, proc.stderr[-3000:]
    duration = min(durations)
    new = tree_state(probe / "data/processed")
    assert new == tree_state(tmp / "probe0/data/processed"), "ki build is not deterministic"
    assert new != old, "adding a document did not change data/processed"
    return Scenario(pending, "data/processed", ("build",), old, new, duration)


@pytest.fixture(scope="module")
def build_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return _build_scenario(tmp_path_factory.mktemp("kill-build"))


def kill_trial(sc: Scenario, work: Path, delay_s: float) -> tuple[str, str]:
    """Start the run, SIGKILL its process group after ``delay_s``; return (state, problem)."""
    root = clone_tree(sc.pending, work)
    pid = start_ki_forked(
        root, *sc.args, out=work.parent / f"{work.name}.out", err=work.parent / f"{work.name}.err"
    )
    finished = wait_pid(pid, delay_s) is not None
    if not finished:
        kill_group(pid)  # SIGKILL, the run and anything it started
    state = _state(root, sc.watched, sc.volatile)
    outcome = "old" if state == sc.old else "new" if state == sc.new else "mix"
    label = f"{outcome}{' (run had finished)' if finished else ''}"
    if outcome == "mix":
        return label, (
            f"after SIGKILL at {delay_s * 1000:.0f} ms {sc.watched} is neither old nor new:\n"
            f"vs old:\n{state_diff(sc.old, state)}\n"
            f"vs new:\n{state_diff(sc.new, state)}"
        )
    if finished and outcome != "new":
        return label, f"the run finished within {delay_s * 1000:.0f} ms but left the old state"
    # The next run must clean up after the killed one and succeed.
    rerun = run_ki_forked(root, *sc.args, timeout=1800)
    text = rerun.stdout + rerun.stderr
    if rerun.returncode != 0 or TRACEBACK in text:
        return (
            label,
            f"the run after a kill at {delay_s * 1000:.0f} ms failed ({rerun.returncode}):\n{text[-2000:]}",
        )
    after = _state(root, sc.watched, sc.volatile)
    # After a kill that left the new state, a report run rightly says "nothing new since the last run".
    if after != sc.new and not (sc.volatile and outcome == "new"):
        return label, (
            f"the run after a kill at {delay_s * 1000:.0f} ms did not produce the new state:\n"
            f"{state_diff(sc.new, after)}"
        )
    if stray_files(root):
        return label, f"temp files left after the next run: {stray_files(root)}"
    return label, ""


def run_trials(sc: Scenario, tmp: Path, n: int, what: str, seed: int | None = None) -> None:
    """``n`` kills: half spread over the whole run, half over its last 25 % (the writes).

    Jittered when ``seed`` is given.
    """
    rng = random.Random(seed)
    span = sc.duration_s * 1.1
    n_all = n - n // 2
    delays = [span * i / max(n_all - 1, 1) for i in range(n_all)]
    delays += [sc.duration_s * (0.8 + 0.3 * i / max(n // 2 - 1, 1)) for i in range(n // 2)]
    if seed is not None:
        delays = [max(0.0, d + rng.uniform(-0.5, 0.5) * span / n) for d in delays]
    outcomes: Counter[str] = Counter()
    problems = []
    for i, delay in enumerate(delays):
        label, problem = kill_trial(sc, tmp / f"t{i:03d}", delay)
        outcomes[label] += 1
        if problem:
            problems.append(problem)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    record(
        "kill trials",
        f"{what}: {n} SIGKILLs over 0-{span * 1000:.0f} ms "
        f"(one run {sc.duration_s * 1000:.0f} ms): {summary}; "
        f"{n - len(problems)} of {n} consistent with a successful next run",
    )
    assert not problems, "\n\n".join(problems[:5])


@pytest.mark.slow
def test_kill_build(build_scenario: Scenario, tmp_path: Path) -> None:
    run_trials(build_scenario, tmp_path, 20, "ki build")


@pytest.mark.stress
def test_kill_build_stress(build_scenario: Scenario, tmp_path: Path) -> None:
    n = int(os.environ.get("KI_STRESS_BUILD_TRIALS", "120"))
    run_trials(build_scenario, tmp_path, n, "ki build (stress)", seed=20261121)


# --------------------------------------------------------------------------- overlapping runs


def _find_lock(sc: Scenario, tmp: Path) -> Path | None:
    """The lock file ``ki build`` takes (found by watching a run), relative to the root."""
    root = clone_tree(sc.pending, tmp / "find-lock")
    run_ki(root, *sc.args)
    found = [p for p in root.rglob("*lock*") if p.is_file() and "raw" not in p.parts]
    return found[0].relative_to(root) if len(found) == 1 else None


def test_overlapping_builds_wait_or_refuse(build_scenario: Scenario, tmp_path: Path) -> None:
    """While another run holds the lock, ``ki build`` waits for it or refuses clearly."""
    sc = build_scenario
    lock_rel = _find_lock(sc, tmp_path)
    assert lock_rel is not None, "ki build takes no lock file (expected one, e.g. .ki/build.lock)"
    root = clone_tree(sc.pending, tmp_path / "held")
    lock_path = root / lock_rel
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            ki_cmd(*sc.args),
            cwd=root,
            env=ki_env(root),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = proc.communicate(timeout=max(10.0, 3 * sc.duration_s))
            behaviour = "refused"
        except subprocess.TimeoutExpired:
            behaviour = "waited"
            assert tree_state(root / sc.watched) == sc.old, "a waiting run changed the data"
    finally:
        os.close(fd)  # release: a waiting run goes ahead now
    if behaviour == "waited":
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        assert tree_state(root / sc.watched) == sc.new
    else:
        assert proc.returncode != 0, "ki build ran although another run held the lock"
        assert TRACEBACK not in err
        assert REFUSAL.search(err), f"the refusal does not say another run is busy:\n{err}"
        assert tree_state(root / sc.watched) == sc.old, "a refused run changed the data"
    record("overlap", f"ki build while the lock ({lock_rel}) is held: {behaviour}")


def test_two_builds_at_once(build_scenario: Scenario, tmp_path: Path) -> None:
    """Two real runs started together: both end cleanly and the result is the new state."""
    sc = build_scenario
    root = clone_tree(sc.pending, tmp_path / "twice")
    procs = []
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                ki_cmd(*sc.args),
                cwd=root,
                env=ki_env(root),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        time.sleep(min(0.3, sc.duration_s / 4))
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    for code, err in results:
        assert TRACEBACK not in err, err
        assert code == 0 or REFUSAL.search(err), f"exit {code} without a clear reason:\n{err}"
    assert any(code == 0 for code, _ in results)
    assert tree_state(root / sc.watched) == sc.new
    assert stray_files(root) == []
    record(
        "overlap",
        "two ki builds started together: exits "
        + ", ".join(str(c) for c, _ in results)
        + "; result is the new state",
    )


# --------------------------------------------------------------------------- ki report --all


def _report_scenario(tmp: Path) -> Scenario:
    old_root = harness.copy_project(tmp / "old")
    for args in (("build",), ("report", "--all")):
        proc = run_ki_forked(old_root, *args, timeout=1800)
        assert proc.returncode == 0, f"ki {' '.join(args)}: {proc.stderr[-3000:]}"
    old = _state(old_root, "reports", True)
    put(old_root, NEW_ID, GOOD_TEXT.encode())
    proc = run_ki_forked(old_root, "build")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pending = clone_tree(old_root, tmp / "pending")
    probe = clone_tree(pending, tmp / "probe")
    t0 = time.monotonic()
    proc = run_ki_forked(probe, "report", "--all", timeout=1800)
    duration = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr[-3000:]
    new = _state(probe, "reports", True)
    return Scenario(pending, "reports", ("report", "--all"), old, new, duration, volatile=True)


@pytest.fixture(scope="module")
def report_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return _report_scenario(tmp_path_factory.mktemp("kill-report"))


@pytest.mark.stress
def test_kill_report_stress(report_scenario: Scenario, tmp_path: Path) -> None:
    n = int(os.environ.get("KI_STRESS_REPORT_TRIALS", "24"))
    run_trials(report_scenario, tmp_path, n, "ki report --all (stress)", seed=7)
