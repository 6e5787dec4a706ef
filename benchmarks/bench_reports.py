"""Report rendering speed: the naive way vs. ``ki report`` on the same reports.

Naive: the papermill CLI once per report, then the nbconvert CLI once per report
(a new kernel, new imports and new processes every time). Ours: ``ki report``
with warm kernels on ``--jobs`` workers. Then ``ki report`` again with nothing
changed, which should do almost nothing.

    python benchmarks/bench_reports.py            # state + 53 districts
    python benchmarks/bench_reports.py --n 5      # state + 5 districts (quick)

Runs on a temporary copy of the project (reference data, templates and
data/processed if built), so the repo's reports/ is not touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KERNEL = "ki-analysis"


def _copy_project(dst: Path) -> None:
    shutil.copytree(ROOT / "data" / "reference", dst / "data" / "reference")
    shutil.copytree(ROOT / "notebooks" / "templates", dst / "notebooks" / "templates")
    if (ROOT / "data" / "processed").is_dir():
        shutil.copytree(ROOT / "data" / "processed", dst / "data" / "processed")
    if (ROOT / "data" / "raw").is_dir():
        shutil.copytree(ROOT / "data" / "raw", dst / "data" / "raw")


def _run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def naive(root: Path, reports: list[tuple[str, str, dict[str, str]]], env: dict) -> float:
    out = root / "naive"
    out.mkdir()
    t0 = time.perf_counter()
    for slug, template, params in reports:
        nb = out / f"{slug}.ipynb"
        args = [a for k, v in params.items() for a in ("-r", k, v)]  # -r: raw strings
        _run(
            [
                str(BIN / "papermill"),
                "--no-progress-bar",
                "-k",
                KERNEL,
                str(root / "notebooks" / "templates" / template),
                str(nb),
                *args,
            ],
            env,
        )
        _run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--template", "basic", str(nb)],
            env,
        )
    return time.perf_counter() - t0


def ours(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    _run([str(BIN / "ki"), "report", *args], env)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=53, help="number of district reports (default 53)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip-naive", action="store_true", help="only time ki report")
    a = ap.parse_args()
    districts = pd.read_csv(ROOT / "data" / "reference" / "nrw_districts.csv", dtype={"ags": str})
    ags = list(districts["ags"])[: a.n]
    reports = [("state", "state.ipynb", {"lang": "de"})] + [
        (f"district-{x}", "district.ipynb", {"ags": x, "lang": "de"}) for x in ags
    ]
    with tempfile.TemporaryDirectory(prefix="ki-bench-") as tmp:
        root = Path(tmp)
        _copy_project(root)
        env = {**os.environ, "KI_ROOT": str(root), "MPLCONFIGDIR": str(ROOT / ".ki" / "mpl")}
        select = (
            ["--all"] if a.n >= len(districts) else ["--state", *[s for x in ags for s in ("--district", x)]]
        )
        print(f"{len(reports)} reports, {a.jobs} worker(s), {os.cpu_count()} core(s)")
        full = ours([*select, "--jobs", str(a.jobs), "--force"], env)
        print(f"ki report (warm kernels):  {full:7.1f} s  ({full / len(reports):.2f} s/report)")
        rerun = ours([*select, "--jobs", str(a.jobs)], env)
        print(
            f"ki report, nothing changed: {rerun:6.2f} s  = {100 * rerun / full:.1f} % of a full render"
            " (target < 5 %)"
        )
        if not a.skip_naive:
            slow = naive(root, reports, env)
            print(
                f"naive (papermill + nbconvert CLI per report): {slow:7.1f} s  "
                f"({slow / len(reports):.2f} s/report)"
            )
            print(f"speed-up: {slow / full:.1f}x  (target >= 6x)")


if __name__ == "__main__":
    main()
