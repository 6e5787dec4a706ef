"""ki-analysis: sourced tables on NRW's Kommunale Integrationszentren.

``ki_analysis.load(name)`` returns a published table as a typed DataFrame. It is imported
on first use, so that ``import ki_analysis`` (and ``ki --help``) stays fast: pandas loads only
when a table does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .published import load

__all__ = ["load"]


def __getattr__(name: str) -> Any:
    if name == "load":
        from .published import load

        return load
    raise AttributeError(f"module 'ki_analysis' has no attribute {name!r}")
