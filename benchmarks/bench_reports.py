"""Report rendering speed: the floor, ``ki report`` and the naive way on the same reports.

Floor: the same sections (charts and tables) made by plain Python in ``--jobs`` worker
processes, each report's parts called as its template calls them and written as the same
page, with no kernel and no notebook: what rendering costs without papermill. Ours:
``ki report`` with warm kernels on ``--jobs`` workers, then again with nothing changed, which
should do almost nothing. Naive: the papermill CLI once per report, then the nbconvert CLI
once per report (a new kernel, new imports and new processes every time). All in one run, so
the ratios compare like with like on a loaded machine.

    python benchmarks/bench_reports.py            # state + 53 districts, German and English
    python benchmarks/bench_reports.py --n 5      # state + 5 districts (quick)
    python benchmarks/bench_reports.py --pdf      # and the PDFs, timed on their own

Runs on a temporary copy of the project (reference data, templates and
data/processed if built), so the repo's reports/ is not touched.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing
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


def _template_calls(template: Path) -> list[str]:
    """The ``rp.<section>(ctx)`` calls of a template, in order."""
    nb = json.loads(template.read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]).strip()
        if src.startswith("rp.") and src.endswith("(ctx)"):
            calls.append(src[3:-5])
    return calls


def _floor_one(root: str, kind: str, params: dict[str, str], calls: list[str]) -> str:
    """One report by plain Python: its context, its sections, the page and the chart CSVs."""
    from ki_analysis import atomic
    from ki_analysis.report import html as H
    from ki_analysis.report import parts as rp

    if kind == "state":
        ctx = rp.state_context(params.get("as_of", ""), params["lang"], root)
    else:
        ctx = rp.district_context(params["ags"], params["lang"], root)
    body = H.join(getattr(rp, name)(ctx) for name in calls)
    out = Path(root) / "floor" / ctx.slug
    folder = out.parent
    for f in body.files:
        atomic.write_text(folder / Path(f["name"]).name, f["csv"])
    atomic.write_text(out.with_suffix(".html"), H.page(ctx.title, body.body, ctx.lang))
    return ctx.slug


def _floor_init(root: str) -> None:
    os.environ["KI_ROOT"] = root
    import matplotlib

    matplotlib.use("Agg")
    import ki_analysis.report.parts  # noqa: F401  (the imports a warm kernel makes once, too)


def floor(root: Path, jobs: int, reports: list[tuple[str, dict[str, str]]]) -> float:
    """The same reports by plain Python on ``jobs`` worker processes (no kernels, no notebooks)."""
    calls = {
        k: _template_calls(root / "notebooks" / "templates" / f"{k}.ipynb") for k in ("state", "district")
    }
    t0 = time.perf_counter()
    with cf.ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_floor_init,
        initargs=(str(root),),
    ) as pool:
        list(pool.map(_floor_one, *zip(*[(str(root), k, p, calls[k]) for k, p in reports]), chunksize=1))
    return time.perf_counter() - t0


def ours(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    _run([str(BIN / "ki"), "report", *args], env)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=53, help="number of district reports (default 53)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--lang", default="de,en", help="languages (default de,en)")
    ap.add_argument("--skip-naive", action="store_true", help="no naive run (it takes minutes)")
    ap.add_argument("--pdf", action="store_true", help="also time `ki report --pdf` on its own")
    ap.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="floor and full render alternately, the best of each (default 2)",
    )
    a = ap.parse_args()
    langs = [x.strip() for x in a.lang.split(",")]
    districts = pd.read_csv(ROOT / "data" / "reference" / "nrw_districts.csv", dtype={"ags": str})
    ags = list(districts["ags"])[: a.n]
    reports = [("state", {"lang": lg}) for lg in langs] + [
        ("district", {"ags": x, "lang": lg}) for x in ags for lg in langs
    ]
    with tempfile.TemporaryDirectory(prefix="ki-bench-") as tmp:
        root = Path(tmp)
        _copy_project(root)
        env = {**os.environ, "KI_ROOT": str(root), "MPLCONFIGDIR": str(ROOT / ".ki" / "mpl")}
        select = (
            ["--all"] if a.n >= len(districts) else ["--state", *[s for x in ags for s in ("--district", x)]]
        )
        select += ["--lang", a.lang]
        print(f"{len(reports)} reports ({', '.join(langs)}), {a.jobs} worker(s), {os.cpu_count()} core(s)")
        lows, fulls = [], []
        for _ in range(max(1, a.repeat)):  # alternately: a load that comes and goes hits both
            lows.append(floor(root, a.jobs, reports))
            fulls.append(ours([*select, "--jobs", str(a.jobs), "--force"], env))
        low, full = min(lows), min(fulls)
        tries = f" (best of {len(lows)})" if len(lows) > 1 else ""
        print(
            f"floor (plain Python, no kernels): {low:7.1f} s  ({low / len(reports):.2f} s/report){tries}"
            f"; all: {', '.join(f'{x:.1f}' for x in lows)} s"
        )
        print(
            f"ki report (warm kernels):         {full:7.1f} s  ({full / len(reports):.2f} s/report)"
            f"  = {full / low:.2f}x the floor (target <= 1.3x); all: {', '.join(f'{x:.1f}' for x in fulls)} s"
        )
        reruns = [ours([*select, "--jobs", str(a.jobs)], env) for _ in range(max(1, a.repeat))]
        rerun = min(reruns)
        print(
            f"ki report, nothing changed:       {rerun:7.2f} s  = {100 * rerun / full:.1f} % of a full render"
            f" (target < 0.3 s){tries}; all: {', '.join(f'{r:.2f}' for r in reruns)} s"
        )
        if a.pdf:
            pdf = ours([*select, "--jobs", str(a.jobs), "--pdf"], env)
            print(f"ki report --pdf (PDFs only):      {pdf:7.1f} s  ({pdf / len(reports):.2f} s/report)")
        if not a.skip_naive:
            naive_reports = [
                (
                    f"{k}-{p.get('ags', '')}-{p['lang']}",
                    f"{k}.ipynb",
                    p,
                )
                for k, p in reports
            ]
            slow = naive(root, naive_reports, env)
            print(
                f"naive (papermill + nbconvert CLI per report): {slow:7.1f} s  ({slow / len(reports):.2f} s/report)"
            )
            print(f"speed-up: {slow / full:.1f}x over naive; floor {slow / low:.1f}x over naive")


if __name__ == "__main__":
    main()
