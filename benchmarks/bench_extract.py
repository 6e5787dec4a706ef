"""Extraction speed: documents of about 4 KB per second on one core (target: 500).

    python benchmarks/bench_extract.py [--seconds S]

The documents are the seed releases and the development texts of tests/eval/dev/, joined into
documents of about 4 KB. Time is CPU time of this process (one core), so other load on the machine
does not count. Prints documents per second, KB per second and the ratio to the target.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ki_analysis.corpus import normalise  # noqa: E402
from ki_analysis.extract import extract  # noqa: E402

TARGET_DOCS_PER_S = 500
DOC_BYTES = 4096


def documents() -> list[str]:
    """Texts of about 4 KB built from the seeds and the development texts (never the held-out set)."""
    paths = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted((ROOT / "tests" / "eval" / "dev").glob("*.txt"))
    texts = [normalise(p.read_text(encoding="utf-8"))[0] for p in paths]
    docs, cur = [], ""
    for t in texts * 4:
        cur += t + "\n\n"
        if len(cur.encode("utf-8")) >= DOC_BYTES:
            docs.append(cur)
            cur = ""
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="measure for about this long")
    args = ap.parse_args(argv)
    docs = documents()
    date = dt.date(2016, 6, 1)
    for d in docs[:3]:
        extract(d, date)  # warm up (regex compilation, caches)
    n = n_bytes = 0
    start = time.process_time()
    while time.process_time() - start < args.seconds:
        for d in docs:
            extract(d, date)
            n += 1
            n_bytes += len(d.encode("utf-8"))
    cpu = time.process_time() - start
    docs_per_s = n_bytes / DOC_BYTES / cpu
    print(f"extract: {n} documents ({n_bytes / n / 1024:.1f} KB each) in {cpu:.2f} s CPU")
    print(f"extract: {docs_per_s:.0f} documents of 4 KB per second on one core ({n_bytes / 1024 / cpu:.0f} KB/s)")
    print(f"extract: ratio to the target of {TARGET_DOCS_PER_S}/s: {docs_per_s / TARGET_DOCS_PER_S:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
