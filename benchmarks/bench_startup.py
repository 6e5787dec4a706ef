"""Start-up and build speed: wall seconds of `ki --help`, `import ki_analysis` and `ki build`.

    python benchmarks/bench_startup.py [--runs N]

Each command runs N times in a fresh process (the median is printed, with the fastest and
slowest), on a throw-away copy of the project, so the checkout's data/processed is not touched.
Targets (issue #10): `ki --help` under 0.2 s, `ki build` on the corpus at most 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"ki --help": 0.2, "ki build": 1.5}


def timed(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per command (median reported)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ki-bench-") as tmp:
        root = Path(tmp) / "project"
        for part in ("raw", "reference"):
            shutil.copytree(ROOT / "data" / part, root / "data" / part)
        if (ROOT / "data" / "curation.yml").is_file():
            shutil.copy2(ROOT / "data" / "curation.yml", root / "data" / "curation.yml")
        env = {**os.environ, "KI_ROOT": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
        ki = str(BIN / "ki")
        subprocess.run([ki, "build"], env=env, check=True, stdout=subprocess.DEVNULL)  # warm the OS caches
        cases = {
            "ki --help": [ki, "--help"],
            "import ki_analysis": [sys.executable, "-c", "import ki_analysis"],
            "ki build": [ki, "build"],
            "ki build --check": [ki, "build", "--check"],
        }
        print(f"{'command':<20} {'median s':>9} {'min s':>7} {'max s':>7}  target")
        for name, cmd in cases.items():
            times = timed(cmd, env, args.runs)
            med = statistics.median(times)
            target = TARGETS.get(name)
            verdict = f"{target:.1f} s (ratio {med / target:.2f})" if target else ""
            print(f"{name:<20} {med:>9.3f} {min(times):>7.3f} {max(times):>7.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
