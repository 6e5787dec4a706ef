"""Stage 1, the corpus: read and check raw files, normalise, split sentences, find duplicates.

``data/raw/<id>.txt`` holds the text exactly as obtained (immutable); ``<id>.meta.yml``
its origin record. ``read_corpus`` checks every file and collects all problems in one pass.

The names below are imported on first use, so that ``ki_analysis.corpus.gazetteer`` (which
``ki report`` resolves districts with before anything else) loads without pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The function shares its module's name, and importing a submodule rebinds the package attribute
# to the submodule: so ``normalise`` (plain Python, no pandas) is imported right away.
from .normalise import normalise

if TYPE_CHECKING:
    from .documents import (
        Corpus,
        CorpusError,
        Document,
        documents_table,
        make_document,
        read_corpus,
    )
    from .duplicates import duplicate_clusters, shared_passages

_HOME = {
    "Corpus": "documents",
    "CorpusError": "documents",
    "Document": "documents",
    "documents_table": "documents",
    "make_document": "documents",
    "read_corpus": "documents",
    "duplicate_clusters": "duplicates",
    "shared_passages": "duplicates",
}

__all__ = [
    "Corpus",
    "CorpusError",
    "Document",
    "documents_table",
    "duplicate_clusters",
    "make_document",
    "normalise",
    "read_corpus",
    "shared_passages",
]


def __getattr__(name: str) -> Any:
    try:
        module = _HOME[name]
    except KeyError:
        raise AttributeError(f"module 'ki_analysis.corpus' has no attribute {name!r}") from None
    return getattr(importlib.import_module(f".{module}", __name__), name)
