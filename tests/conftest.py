"""Shared fixtures and markers for the whole test suite.

- ``project_copy``: a throw-away copy of the project (``data/``, ``notebooks/``,
  ``reports/``) for commands run with ``KI_ROOT=<copy>``.
- ``no_network``: any socket connect to a non-loopback address fails in this
  process (subprocesses: ``harness.guard_env``).
- marker ``stress``: long fault-injection runs, deselected unless ``-m`` names it
  (``make stress``).
- ``built_project``, ``guarded_reports``: expensive setups made once per run and shared
  by every xdist worker (``harness.once``).
"""

from __future__ import annotations

import errno
import ipaddress
import shutil
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "reliability"))
import harness
from bad_inputs import plant_hostile_document


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "stress: long fault-injection runs (make stress)")
    config.addinivalue_line("markers", "browser: needs Debian's chromium")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave ``stress`` tests out unless the marker expression asks for them."""
    if "stress" in (config.getoption("markexpr", "") or ""):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("stress") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The small report project (``report_fixture``) in a tmp folder, with KI_ROOT pointing at it."""
    from report_fixture import make_project

    from ki_analysis.config import paths

    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("KI_ROOT", str(root))
    return paths(root)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project to point ``ki`` at with ``KI_ROOT`` (see ``harness.ki_env``)."""
    return harness.copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy whose ``data/processed`` is current. Shared: clone it before changing it."""

    def make(work: Path) -> None:
        harness.copy_project(work / "project")
        proc = harness.run_ki(work / "project", "build")
        assert proc.returncode == 0, f"ki build fails on the unmodified corpus:\n{proc.stderr[-3000:]}"

    return harness.once(tmp_path_factory, "built", make) / "project"


@pytest.fixture(scope="session")
def guarded_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One render for the security and browser checks: a project with a document that carries
    HTML, built, then the state report and Kreis Wesel rendered under the socket guard.
    Returns the project and the guard's log of outside connects. Shared: only read it."""

    def make(work: Path) -> None:
        root = harness.copy_project(work / "project")
        plant_hostile_document(root)
        assert harness.run_ki(root, "build").returncode == 0
        env, log = harness.guard_env(root, harness.ki_env(root))
        proc = harness.run_ki(root, "report", "--state", "--district", "Kreis Wesel", timeout=1200, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert (root / "reports" / "index.html").is_file()
        shutil.copy(log, work / "network.log")

    folder = harness.once(tmp_path_factory, "guarded-reports", make)
    return folder / "project", (folder / "network.log").read_text(encoding="utf-8")


def _loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # unix socket path
        return True
    host = address[0]  # type: ignore[index]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every non-loopback connect in this process fail; yields the attempts."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            attempts.append(address)
            raise OSError(errno.ENETUNREACH, f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


# --------------------------------------------------------------------------- figures

_BUCKETS = {"test_bad_inputs.py::test_bad_input[": "bad inputs"}
_COUNTS: dict[str, dict[str, list[str]]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for prefix, label in _BUCKETS.items():
        if prefix not in report.nodeid:
            continue
        case = report.nodeid.split("[", 1)[1].rstrip("]")
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            outcome = "xfailed" if hasattr(report, "wasxfail") and report.skipped else report.outcome
            if hasattr(report, "wasxfail") and report.passed:
                outcome = "xpassed"
            _COUNTS.setdefault(label, {}).setdefault(outcome, []).append(case)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _COUNTS and not harness.FIGURES:
        return
    tr = terminalreporter
    tr.section("reliability figures")
    for label, outcomes in _COUNTS.items():
        tried = sum(len(v) for v in outcomes.values())
        parts = ", ".join(f"{len(v)} {k}" for k, v in sorted(outcomes.items()))
        tr.write_line(f"{label}: {tried} cases tried: {parts}")
        for key in ("failed", "xfailed", "xpassed", "skipped"):
            if outcomes.get(key):
                tr.write_line(f"  {key}: {', '.join(outcomes[key])}")
    for topic, lines in harness.FIGURES.items():
        for line in lines:
            tr.write_line(f"{topic}: {line}")
