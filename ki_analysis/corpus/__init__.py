"""Stage 1, the corpus: read and check raw files, normalise, split sentences, find duplicates.

``data/raw/<id>.txt`` holds the text exactly as obtained (immutable); ``<id>.meta.yml``
its origin record. ``read_corpus`` checks every file and collects all problems in one pass.
"""

from __future__ import annotations

from .documents import Corpus, CorpusError, Document, documents_table, make_document, read_corpus
from .duplicates import duplicate_clusters, shared_passages
from .normalise import normalise

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
