"""Data flows one way: no module imports a stage above its own (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ki_analysis"

# Lowest first. A unit may import itself and any unit of a lower rank; leaves share rank 0
# among those listed before them.
ORDER = [
    "errors",
    "vocab",
    "config",
    "atomic",
    "lock",
    "fmt",
    "phrases",
    "registry",
    "schema",
    "published",
    "corpus",
    "extract",
    "curation",
    "tables",
    "plots",
    "report",
    "build",
    "__init__",
    "cli",
]
RANK = {name: i for i, name in enumerate(ORDER)}


def _unit(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported_units(source: str, here: list[str]) -> set[str]:
    """The units of ki_analysis a module in folder ``here`` imports, function-local imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                names = [*base, *node.module.split(".")] if node.module else []
                targets = [names] if names else [[*base, a.name] for a in node.names]
            elif node.module and node.module.split(".")[0] == "ki_analysis":
                targets = [node.module.split(".")[1:] or [a.name for a in node.names][:1]]
            else:
                continue
        elif isinstance(node, ast.Import):
            targets = [a.name.split(".")[1:] for a in node.names if a.name.split(".")[0] == "ki_analysis"]
        else:
            continue
        found.update(t[0] for t in targets if t)
    return found


def test_every_unit_has_a_place_in_the_order():
    units = {_unit(p) for p in PACKAGE.rglob("*.py")}
    assert units <= set(RANK), sorted(units - set(RANK))


def test_no_module_imports_a_stage_above_its_own():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _unit(path)
        source = path.read_text(encoding="utf-8")
        for other in _imported_units(source, list(path.relative_to(PACKAGE).parent.parts)) - {me}:
            if RANK.get(other, -1) > RANK[me]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {other}")
    assert upward == []


def test_the_check_sees_upward_imports():
    """Relative, absolute and function-local imports are all seen (or the test above proves nothing)."""
    source = "from .. import vocab\ndef f():\n    from ..extract import extract\n    import ki_analysis.report.run\n"
    assert _imported_units(source, ["corpus"]) == {"vocab", "extract", "report"}
    assert _imported_units("from . import ingest\n", ["corpus"]) == {"corpus"}
