"""Extraction speed: documents of about 4 KB per second on one core (target: 500).

    python benchmarks/bench_extract.py [--seconds S]

Two sets: the seed releases as they are (real releases of about 4 KB), and the seed releases plus
the development texts of tests/eval/dev/ joined into documents of about 4 KB (dense with figures). Time is CPU time of this process (one core), so other load on the machine
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


def seed_documents() -> list[str]:
    """The seed press releases as they are (3.6 to 4.1 KB each): real releases."""
    return [
        normalise(p.read_text(encoding="utf-8"))[0] for p in sorted((ROOT / "data" / "raw").glob("*.txt"))
    ]


def documents() -> list[str]:
    """Texts of about 4 KB built from the seeds and the development texts (never the held-out set).

    The development texts are written to be dense with figures (about 50 numerals per 4 KB,
    against 10 to 15 in the seeds), so this is the harder case.
    """
    paths = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted(
        (ROOT / "tests" / "eval" / "dev").glob("*.txt")
    )
    texts = [normalise(p.read_text(encoding="utf-8"))[0] for p in paths]
    docs, cur = [], ""
    for t in texts * 4:
        cur += t + "\n\n"
        if len(cur.encode("utf-8")) >= DOC_BYTES:
            docs.append(cur)
            cur = ""
    return docs


def measure(docs: list[str], seconds: float) -> tuple[int, int, float]:
    """(documents, bytes, CPU seconds) of extracting ``docs`` over and over for about ``seconds``."""
    date = dt.date(2016, 6, 1)
    for d in docs[:3]:
        extract(d, date)  # warm up (regex compilation, caches)
    n = n_bytes = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for d in docs:
            extract(d, date)
            n += 1
            n_bytes += len(d.encode("utf-8"))
    return n, n_bytes, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=4.0, help="measure each set for about this long")
    args = ap.parse_args(argv)
    for label, docs in (("seed releases", seed_documents()), ("dense 4 KB texts (seeds + dev)", documents())):
        n, n_bytes, cpu = measure(docs, args.seconds)
        docs_per_s = n_bytes / DOC_BYTES / cpu
        print(f"{label}: {n} documents ({n_bytes / n / 1024:.1f} KB each) in {cpu:.2f} s CPU")
        print(
            f"  {docs_per_s:.0f} documents of 4 KB per second on one core ({n_bytes / 1024 / cpu:.0f} KB/s); "
            f"ratio to the target of {TARGET_DOCS_PER_S}/s: {docs_per_s / TARGET_DOCS_PER_S:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
