"""How derive_tables scales with the number of documents (prints ratios, asserts nothing).

Synthetic corpus: every document states a count, a funding total with three parts and
a per-centre figure; a fifth of them copy another document's count sentence, so the
merging of shared passages is exercised. Run: .venv/bin/python benchmarks/bench_tables.py
"""

from __future__ import annotations

import time

import pandas as pd

from ki_analysis.tables import derive_tables


def corpus(n: int) -> dict[str, pd.DataFrame]:
    docs, facts = [], []
    for i in range(n):
        doc = f"doc{i:05d}"
        date = pd.Timestamp("2014-01-01") + pd.Timedelta(days=7 * i)
        docs.append({"doc_id": doc, "date": date.date().isoformat(), "date_precision": "day"})
        count = 40 + i % 14
        src = i - 1 if i % 5 == 0 and i else i  # copy the previous document's sentence
        quote = f"Inzwischen arbeiten {40 + src % 14} Zentren in {src} Kreisen des Landes NRW."
        rows = [
            ("ki_count", count if src == i else 40 + src % 14, "count", 20, quote),
            ("funding_eur", 10e6 + i, "EUR", 200, f"{date.year} insgesamt rund {i} Euro bereit."),
            ("funding_eur", 6e6 + i, "EUR", 260, "Davon kamen Mittel vom Land."),
            ("funding_eur", 3e6, "EUR", 300, "Davon kamen Mittel vom Land."),
            ("funding_eur", 1e6, "EUR", 340, "Davon kamen Mittel vom Land."),
            ("staff_positions", 2.5, "FTE", 500, "Jeweils 2,5 Stellen pro Zentrum."),
        ]
        for measure, value, unit, start, q in rows:
            facts.append(
                {
                    "fact_id": f"{doc}:{start}-{start + 3}:{measure}",
                    "doc_id": doc,
                    "start": start,
                    "end": start + 3,
                    "quote": q,
                    "measure": measure,
                    "value": value,
                    "unit": unit,
                    "qualifier": "exact",
                    "per_unit": measure == "staff_positions",
                    "period": str(date.year) if unit == "EUR" else date.date().isoformat(),
                }
            )
    return {"documents": pd.DataFrame(docs), "facts": pd.DataFrame(facts)}


def main() -> None:
    base_n, base_t = None, None
    for n in (50, 100, 200, 400):
        data = corpus(n)
        t0 = time.perf_counter()
        tables = derive_tables(data)
        dt = time.perf_counter() - t0
        if base_t is None:
            base_n, base_t = n, dt
        print(
            f"{n:5d} documents: {dt:6.2f} s  ({dt / base_t:5.1f}x the time for {n / base_n:4.1f}x the "
            f"documents; {len(tables['rollout'])} rollout, {len(tables['funding'])} funding, "
            f"{len(tables['checks'])} checks)"
        )


if __name__ == "__main__":
    main()
