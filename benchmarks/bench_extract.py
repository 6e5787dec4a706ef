"""Extraction speed on novel text: documents of about 4 KB per second on one core (target: 500).

    python benchmarks/bench_extract.py [--docs N] [--seed S]

Real use extracts each document once, so the timed loop never sees a document or a sentence twice:
the documents are generated up front by deterministic perturbation of the seed releases and the
development texts (tests/eval/dev, dev2, dev3; never a held-out set). Each generated document takes
paragraphs from several sources, shuffles the sentences of each paragraph, draws new digits for
every number, swaps number words and district names, and re-words any sentence seen before, so no
sentence repeats (checked). Timed per document: normalisation (``corpus.normalise``) and
``extract``. Time is CPU time of this process (one core), so other load on the machine does not
count.

Prints documents of 4 KB per second, KB per second, the ratio to the target, and a linearity check:
the same measurement on documents of about 16 KB must give about the same KB per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ki_analysis.corpus import normalise  # noqa: E402
from ki_analysis.corpus.sentences import split_sentences  # noqa: E402
from ki_analysis.extract import extract  # noqa: E402

TARGET_DOCS_PER_S = 500
DOC_BYTES = 4096
SOURCES = ("tests/eval/dev", "tests/eval/dev2", "tests/eval/dev3")

_NUMBER_WORDS = ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf")
_NUMBER_WORD = re.compile(r"(?<!\w)(?:" + "|".join(_NUMBER_WORDS) + r")(?!\w)")
_DISTRICTS = (
    "Kreis Olpe",
    "Kreis Kleve",
    "Kreis Borken",
    "Kreis Lippe",
    "Kreis Unna",
    "Rhein-Sieg-Kreis",
    "Märkischer Kreis",
    "Kreis Viersen",
    "Kreis Coesfeld",
    "Hochsauerlandkreis",
)
_DISTRICT = re.compile(r"Kreis(?:es)? [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?")
_FILLERS = ("Zudem", "Außerdem", "Nach Angaben der Verwaltung", "Laut Bericht", "Wie es heißt", "Demnach")


def _sources() -> list[str]:
    paths = sorted((ROOT / "data" / "raw").glob("*.txt"))
    for folder in SOURCES:
        paths += sorted((ROOT / folder).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _paragraphs(texts: list[str]) -> list[str]:
    return [p.strip() for t in texts for p in re.split(r"\n\s*\n", t) if len(p.strip()) > 40]


def _new_digits(rng: random.Random, m: re.Match[str]) -> str:
    s = m.group(0)
    first = str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in s[1:])


def _perturb(rng: random.Random, paragraph: str) -> str:
    """New numbers, number words and district names; the sentences of the paragraph shuffled."""
    text = re.sub(r"\d+", lambda m: _new_digits(rng, m), paragraph)
    text = _NUMBER_WORD.sub(lambda m: rng.choice(_NUMBER_WORDS), text)
    text = _DISTRICT.sub(lambda m: rng.choice(_DISTRICTS), text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", text)
    rng.shuffle(parts)
    return " ".join(parts)


def generate(n_docs: int, doc_bytes: int, seed: int, seen: set[str] | None = None) -> list[str]:
    """``n_docs`` distinct documents of about ``doc_bytes``; no sentence occurs twice in all of them."""
    rng = random.Random(seed)
    paragraphs = _paragraphs(_sources())
    seen = set() if seen is None else seen
    docs: list[str] = []
    while len(docs) < n_docs:
        chunks: list[str] = []
        size = 0
        while size < doc_bytes:
            para = _perturb(rng, rng.choice(paragraphs))
            kept = []
            for s, e in split_sentences(para):
                sentence = para[s:e]
                key = " ".join(sentence.split())
                while key in seen:  # a sentence without numbers: re-word it until it is new
                    sentence = f"{rng.choice(_FILLERS)} {rng.choice(_DISTRICTS)}: {sentence}"
                    key = " ".join(sentence.split())
                seen.add(key)
                kept.append(sentence)
            chunk = " ".join(kept)
            chunks.append(chunk)
            size += len(chunk.encode("utf-8")) + 2
        docs.append("\n\n".join(chunks))
    return docs


def measure(docs: list[str]) -> tuple[int, float]:
    """(bytes, CPU seconds) of normalising and extracting each document once."""
    date = dt.date(2016, 6, 1)
    n_bytes = 0
    start = time.process_time()
    for d in docs:
        text = normalise(d)[0]
        extract(text, date)
        n_bytes += len(d.encode("utf-8"))
    return n_bytes, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1200, help="documents of 4 KB to time (each once)")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    seen: set[str] = set()
    warm = generate(20, DOC_BYTES, args.seed + 1, seen)
    small = generate(args.docs, DOC_BYTES, args.seed, seen)
    large = generate(max(1, args.docs // 4), 4 * DOC_BYTES, args.seed + 2, seen)
    measure(warm)  # imports, regex compilation
    results = {}
    for label, docs in (("4 KB", small), ("16 KB", large)):
        n_bytes, cpu = measure(docs)
        kb_per_s = n_bytes / 1024 / cpu
        results[label] = kb_per_s
        docs_per_s = n_bytes / DOC_BYTES / cpu
        print(
            f"novel documents of {label}: {len(docs)} ({n_bytes / len(docs) / 1024:.1f} KB each, "
            f"{len(seen)} distinct sentences in all) in {cpu:.2f} s CPU"
        )
        print(
            f"  {docs_per_s:.0f} documents of 4 KB per second on one core ({kb_per_s:.0f} KB/s); "
            f"ratio to the target of {TARGET_DOCS_PER_S}/s: {docs_per_s / TARGET_DOCS_PER_S:.2f}"
        )
    ratio = results["16 KB"] / results["4 KB"]
    verdict = "linear" if 0.8 <= ratio <= 1.25 else "NOT linear"
    print(f"linearity: KB/s at 16 KB / KB/s at 4 KB = {ratio:.2f} ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
