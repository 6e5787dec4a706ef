"""Security: safe YAML, no network, parameters are data, escaped HTML, no local paths."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import harness
import pytest
from bad_inputs import GOOD_TEXT, put
from harness import REPO, TRACEBACK, guard_env, ki_env, record, run_ki, tree_state

UNSAFE_YAML = re.compile(
    r"yaml\.(unsafe_load|full_load|load_all|load)\s*\((?![^)]*Loader\s*=\s*(yaml\.)?C?SafeLoader)"
    r"|\b(Unsafe|Full)Loader\b|yaml\.Loader\b"
)


def test_yaml_is_loaded_safely_everywhere() -> None:
    """No module of the package may call a YAML loader that constructs Python objects."""
    offenders = []
    for path in sorted((REPO / "ki_analysis").rglob("*.py")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if UNSAFE_YAML.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(REPO)}:{no}: {line.strip()}")
    assert not offenders, "unsafe YAML loading:\n" + "\n".join(offenders)


def test_unsafe_yaml_pattern_catches_unsafe_calls() -> None:
    """The scan above can fail: it flags the unsafe forms and passes the safe ones."""
    assert UNSAFE_YAML.search("meta = yaml.load(fh)")
    assert UNSAFE_YAML.search("yaml.load(text, Loader=yaml.FullLoader)")
    assert UNSAFE_YAML.search("yaml.unsafe_load(text)")
    assert not UNSAFE_YAML.search("yaml.safe_load(text)")
    assert not UNSAFE_YAML.search("yaml.load(text, Loader=yaml.CSafeLoader)")


# --------------------------------------------------------------------------- network


def _guarded_python(root: Path, code: str) -> tuple[subprocess.CompletedProcess[str], str]:
    env, log = guard_env(root, ki_env(root))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    return proc, log.read_text(encoding="utf-8")


def test_network_guard_blocks_and_records(tmp_path: Path) -> None:
    """The guard injected into subprocesses refuses the outside world and lets loopback through."""
    proc, log = _guarded_python(
        tmp_path, "import socket; socket.create_connection(('192.0.2.1', 80), timeout=2)"
    )
    assert proc.returncode != 0 and "blocked" in proc.stderr
    assert "192.0.2.1" in log
    proc, log = _guarded_python(tmp_path, "import socket; socket.getaddrinfo('example.org', 443)")
    assert proc.returncode != 0 and "example.org" in log

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept()[0].close(), daemon=True).start()
    try:
        proc, log = _guarded_python(
            tmp_path, f"import socket; socket.create_connection(('127.0.0.1', {port})).close()"
        )
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    assert "127.0.0.1" not in log


def test_no_network_fixture_blocks_in_process(no_network: list[object]) -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=2)
    assert no_network == [("192.0.2.1", 80)]


def _run_guarded(
    root: Path, *args: str, timeout: float = 900
) -> tuple[subprocess.CompletedProcess[str], str]:
    env, log = guard_env(root, ki_env(root))
    proc = run_ki(root, *args, timeout=timeout, env=env)
    return proc, log.read_text(encoding="utf-8")


def test_build_makes_no_network_access(project_copy: Path) -> None:
    put(project_copy, "2016-03-01_test_netz", GOOD_TEXT.encode())
    proc, log = _run_guarded(project_copy, "build")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert log == "", f"ki build tried to reach the network:\n{log}"
    record("network", "ki build under the socket guard: 0 connects outside loopback")


def test_report_makes_no_network_access(guarded_reports: tuple[Path, str]) -> None:
    _, log = guarded_reports
    assert log == "", f"ki report tried to reach the network:\n{log}"
    record("network", "ki report (state + Kreis Wesel) under the socket guard: 0 connects outside loopback")


# --------------------------------------------------------------------------- local paths


def _path_needles(root: Path) -> list[str]:
    return sorted({str(root), str(root.resolve()), str(REPO), str(Path.home()), "/tmp/pytest-of-"})


def test_no_absolute_paths_in_processed(built_project: Path) -> None:
    built = built_project
    hits = harness.absolute_path_hits(built / "data" / "processed", _path_needles(built))
    assert not hits, "absolute local paths in data/processed:\n" + "\n".join(hits)


def test_no_absolute_paths_in_reports(guarded_reports: tuple[Path, str]) -> None:
    root, _ = guarded_reports
    published = [p for p in (root / "reports").rglob("*") if p.suffix in {".html", ".csv", ".json", ".svg"}]
    assert published, "no reports were written"
    hits = harness.absolute_path_hits(root / "reports", _path_needles(root))
    assert not hits, "absolute local paths in reports/:\n" + "\n".join(hits)


# --------------------------------------------------------------------------- parameters are data


@pytest.fixture(scope="module")
def built(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own clone of the shared built project, for the refused parameters to run on."""
    return harness.clone_tree(built_project, tmp_path_factory.mktemp("built") / "project")


HOSTILE_DISTRICTS = [
    "Kreis Wesel\"; import os; os.system('touch {m}'); x = \"",
    "'); open('{m}', 'w').write('x'); ('",
    "{{__import__('os').system('touch {m}')}}",
    "$(touch {m})",
    "`touch {m}`",
    "Kreis Wesel\n__import__('os').system('touch {m}')",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
]
HOSTILE_DATES = [
    "2015-12-31'); __import__('os').system('touch {m}'); ('",
    "__import__('os').system('touch {m}')",
    "2015-02-30",
    "9999-99-99",
    "$(touch {m})",
]


@pytest.mark.parametrize(
    "option,template",
    [("--district", v) for v in HOSTILE_DISTRICTS] + [("--as-of", v) for v in HOSTILE_DATES],
)
def test_hostile_report_parameters_are_refused_as_data(option: str, template: str, built: Path) -> None:
    marker = built.parent / "PWNED-by-parameter"
    value = template.format(m=marker)
    before = tree_state(built / "reports")
    args = ("report", option, value) if option == "--district" else ("report", "--state", option, value)
    proc = run_ki(built, *args, timeout=300)
    assert not marker.exists(), f"a {option} value ran code: {value!r}"
    assert proc.returncode == 2, f"exit {proc.returncode} for {value!r}:\n{proc.stderr[-2000:]}"
    assert TRACEBACK not in proc.stderr
    assert tree_state(built / "reports") == before, "a refused parameter still wrote reports"


# --------------------------------------------------------------------------- escaping


def test_document_text_is_escaped_in_html(guarded_reports: tuple[Path, str]) -> None:
    root, _ = guarded_reports
    pages = list((root / "reports").rglob("*.html"))
    assert any("&lt;script&gt;window.__pwned" in p.read_text(encoding="utf-8") for p in pages), (
        "the document's text is in no report, so its escaping was not tried"
    )
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, f"document text reached {page.name} unescaped"
        assert 'onerror="window.__pwned' not in html, f"document text reached {page.name} unescaped"
