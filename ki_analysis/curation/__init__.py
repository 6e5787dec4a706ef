"""Stage 3, curation: a person confirms, corrects or rejects extracted figures, or adds a missed one.

``entries`` reads and checks ``data/curation.yml`` and applies it to the facts (the build);
``review`` shows a document's figures and turns decisions into entries (``ki review`` and
``ki_analysis.review(doc_id)`` in JupyterLab), the only code that writes the file.
"""

from __future__ import annotations

from .entries import (
    ACTIONS,
    ADD_RULE,
    EDITABLE,
    STATUS,
    apply_curation,
    check_curation,
    entry_doc_id,
    load_curation,
)

__all__ = [
    "ACTIONS",
    "ADD_RULE",
    "EDITABLE",
    "STATUS",
    "apply_curation",
    "check_curation",
    "entry_doc_id",
    "load_curation",
]
