"""ki-analysis."""
