"""The nbval regression proof: a changed figure in a raw release fails the notebooks.

A temporary copy of the project (raw data, reference data, a notebook) gets a single figure
changed in one press release (and its sidecar's sha256 updated, as a curator adding a
corrected release would), is built with ``KI_ROOT``, and nbval must fail on it for that
figure. That the unchanged notebooks pass is ``make nbval``, which ``make test`` runs once.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ki_analysis.config import KERNEL_NAME, paths

pytestmark = pytest.mark.slow

ROOT = paths().root
NOTEBOOK = "02_rollout.ipynb"
# One statement of the 2017 release ("53 der 54 Kreise ... verfügen über ein KI").
RELEASE = "2017_mkffi_sommertour-kreis-wesel"
OLD, NEW = "53 der 54", "52 der 54"


def _requirements() -> None:
    """The project's kernel must exist: `make env` installs it, and CI runs `make test`."""
    from jupyter_client.kernelspec import KernelSpecManager

    KernelSpecManager().get_kernel_spec(KERNEL_NAME)


def _copy_project(dest: Path) -> Path:
    for sub in ("data/raw", "data/reference"):
        shutil.copytree(ROOT / sub, dest / sub)
    if (ROOT / "data/curation.yml").is_file():
        shutil.copy2(ROOT / "data/curation.yml", dest / "data/curation.yml")
    (dest / "notebooks").mkdir()
    for f in ["sanitize.cfg", "conftest.py", NOTEBOOK]:
        shutil.copy2(ROOT / "notebooks" / f, dest / "notebooks" / f)
    return dest


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ, KI_ROOT=str(root), PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.setdefault("MPLCONFIGDIR", str(root / ".ki" / "mpl"))
    return env


def _build(root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ki_analysis.cli", "build"],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def _nbval(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-kernel-name",
            KERNEL_NAME,
            "--nbval-sanitize-with",
            "notebooks/sanitize.cfg",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "-q",
            f"notebooks/{NOTEBOOK}",
        ],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _change_figure(root: Path) -> None:
    txt = root / "data/raw" / f"{RELEASE}.txt"
    raw = txt.read_bytes()
    assert raw.count(OLD.encode()) == 1, f"{OLD!r} not found once in {txt.name}"
    raw = raw.replace(OLD.encode(), NEW.encode())
    txt.write_bytes(raw)
    meta = txt.with_suffix(".meta.yml")
    digest = hashlib.sha256(raw).hexdigest()
    text, n = re.subn(r"(?m)^sha256:.*$", f'sha256: "{digest}"', meta.read_text(encoding="utf-8"))
    assert n == 1
    meta.write_text(text, encoding="utf-8")


def test_a_changed_figure_fails_nbval_for_that_figure(tmp_path):
    """The unchanged project passing nbval is ``make nbval``'s own check, run once in
    ``test_browser.py::test_nbval_as_a_user_runs_it``; here the changed copy must fail, and
    only because its outputs differ by the changed figure, never because a cell broke."""
    _requirements()
    changed = _copy_project(tmp_path / "changed")
    _change_figure(changed)
    _build(changed)
    failed = _nbval(changed)
    out = failed.stdout
    assert failed.returncode != 0, "nbval passed although a figure changed"
    n_failed = len(re.findall(r"(?m)^FAILED ", out))
    assert n_failed >= 1 and out.count("Cell outputs differ") == n_failed, out[-3000:]
    assert "Error:" not in out and "Exception" not in out, out[-3000:]
    assert "verfügen 52 der 54" in out, out[-3000:]  # the changed sentence reached the outputs
