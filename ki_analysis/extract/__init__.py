"""Stage 2, extraction: every numeric mention of a document becomes a figure, a date or a named non-figure.

``extract(text, doc_date, doc_id)`` is pure; ``extract_corpus(documents, gazetteer)`` runs it over a
corpus and returns the facts, numbers and dates tables. ``event_tables`` finds district mentions,
programmes and events in the same texts.
"""

from __future__ import annotations

from .events import event_tables
from .facts import Extraction, extract, extract_corpus

__all__ = ["Extraction", "event_tables", "extract", "extract_corpus"]
