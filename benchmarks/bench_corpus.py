"""Speed of the corpus stages on growing text: prints seconds and the ratio per MB.

A linear stage keeps the seconds-per-MB ratio roughly flat as the size grows.
Run: .venv/bin/python benchmarks/bench_corpus.py
"""

from __future__ import annotations

import time
from pathlib import Path

from ki_analysis.corpus import normalise
from ki_analysis.corpus.gazetteer import default_gazetteer
from ki_analysis.corpus.sentences import split_sentences

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def main() -> None:
    seed = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))
    gaz = default_gazetteer()
    stages = {
        "normalise": lambda t: normalise(t, frozenset({"Düren"})),
        "split_sentences": split_sentences,
        "gazetteer.find": gaz.find,
    }
    print(f"{'stage':<16} {'MB':>5} {'seconds':>8} {'s/MB':>6}")
    for name, fn in stages.items():
        for mb in (1, 4, 10):
            text = (seed * (mb * 1_000_000 // len(seed) + 1))[: mb * 1_000_000]
            t0 = time.perf_counter()
            fn(text)
            dt = time.perf_counter() - t0
            print(f"{name:<16} {mb:>5} {dt:>8.2f} {dt / mb:>6.2f}")


if __name__ == "__main__":
    main()
