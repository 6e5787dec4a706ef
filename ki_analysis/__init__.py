"""ki-analysis: sourced tables on NRW's Kommunale Integrationszentren.

``ki_analysis.load(name)`` returns a published table as a typed DataFrame;
``ki_analysis.review(doc_id)`` shows a document's figures for review (an HTML table in
JupyterLab) and records decisions like ``ki review``. Both are imported on first use, so that ``import ki_analysis`` (and ``ki --help``) stays fast: pandas loads only
when a table does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .curation.review import DocReview
    from .published import load

__all__ = ["load", "review"]


def __getattr__(name: str) -> Any:
    if name == "load":
        from .published import load

        return load
    raise AttributeError(f"module 'ki_analysis' has no attribute {name!r}")


def review(doc_id: str) -> DocReview:
    """The figures of document ``doc_id`` for review: an HTML table in JupyterLab, with
    ``.confirm(n)``, ``.correct(n, reason, span, **fields)``, ``.reject(n, reason)``,
    ``.add(span or mention=, reason, **fields)`` and ``.confirm_all()``, which write
    ``data/curation.yml`` through the same code as ``ki review``."""
    from .curation.review import load_review

    return load_review(doc_id)
