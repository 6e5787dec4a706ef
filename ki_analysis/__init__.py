"""ki-analysis: sourced tables on NRW's Kommunale Integrationszentren.

``ki_analysis.load(name)`` returns a published table as a typed DataFrame.
"""
from __future__ import annotations

# Imported eagerly and bound after the submodule: importing ``ki_analysis.load`` sets
# the package attribute ``load`` to the module, and this line rebinds it to the function.
from .load import load  # noqa: E402

__all__ = ["load"]
