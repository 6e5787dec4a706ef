"""Duplicates and shared passages between documents (word 5-gram shingles)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .documents import Document

# Shingle thresholds (word 5-grams of the normalised, lower-cased text):
#: the same release in two editions (web text / PDF text): almost all shingles shared
#: (the PDF edition adds a header line, so Jaccard stays below 1).
DUPLICATE_JACCARD = 0.75


DUPLICATE_CONTAINMENT = 0.9


#: a release that copies passages of another: at least this share of the smaller
#: document's shingles, and at least one passage of ~20 words (16 shared 5-grams).
PASSAGE_CONTAINMENT = 0.15


PASSAGE_MIN_SHINGLES = 16


SHINGLE_WORDS = 5


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """Word k-grams of a text (lower-cased words with digits, punctuation dropped)."""
    toks = [w.lower() for w in re.findall(r"\w+", text)]
    return frozenset(tuple(toks[i : i + k]) for i in range(len(toks) - k + 1))


def shared_passages(documents: Sequence[Document]) -> pd.DataFrame:
    """Pairs of documents sharing text: ``relation`` is ``duplicate`` or ``shares_passages``.

    ``containment`` = shared shingles / shingles of the smaller document;
    ``jaccard`` = shared / union. Thresholds are the module constants above.
    """
    sh = {d.doc_id: shingles(d.text) for d in documents}
    index: dict[tuple[str, ...], list[str]] = {}
    for doc_id in sorted(sh):
        for s in sh[doc_id]:
            index.setdefault(s, []).append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in index.values():
        if len(ids) > 50:
            continue  # boilerplate shared by many documents says nothing about copying
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared[(a, b)] += 1
    rows = []
    for (a, b), n in sorted(shared.items()):
        na, nb = len(sh[a]), len(sh[b])
        containment = n / min(na, nb)
        jaccard = n / (na + nb - n)
        if jaccard >= DUPLICATE_JACCARD or containment >= DUPLICATE_CONTAINMENT:
            relation = "duplicate"
        elif containment >= PASSAGE_CONTAINMENT and n >= PASSAGE_MIN_SHINGLES:
            relation = "shares_passages"
        else:
            continue
        rows.append(
            {
                "doc_a": a,
                "doc_b": b,
                "shared_shingles": n,
                "containment": round(containment, 4),
                "jaccard": round(jaccard, 4),
                "relation": relation,
            }
        )
    cols = ["doc_a", "doc_b", "shared_shingles", "containment", "jaccard", "relation"]
    return pd.DataFrame(rows, columns=cols)


def duplicate_clusters(documents: Sequence[Document], pairs: pd.DataFrame | None = None) -> dict[str, str]:
    """doc_id -> cluster id (the smallest doc_id of its group of duplicates)."""
    pairs = shared_passages(documents) if pairs is None else pairs
    parent = {d.doc_id: d.doc_id for d in documents}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs.loc[pairs["relation"] == "duplicate", ["doc_a", "doc_b"]].itertuples(index=False):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {d: find(d) for d in sorted(parent)}
