"""Every path the project uses, resolved from one project root.

The root is the folder that holds ``pyproject.toml`` and ``data/``. Tests and
scheduled jobs may point the whole project at a copy with ``KI_ROOT``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_ROOT = "KI_ROOT"
#: Kernel name the notebooks and reports run in (installed by ``make kernel``).
KERNEL_NAME = "ki-analysis"
#: Raw files above this size are refused (a press release is a few KB).
MAX_RAW_BYTES = 2_000_000


def _find_root() -> Path:
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "data").is_dir() or (here / "pyproject.toml").is_file():
        return here
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def curation(self) -> Path:
        return self.data / "curation.yml"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def state(self) -> Path:
        """Run state that is not data (locks, render cache); never committed."""
        return self.root / ".ki"


def paths(root: str | os.PathLike | None = None) -> Paths:
    """Paths of the project at ``root`` (default: ``KI_ROOT`` or this checkout)."""
    return Paths(Path(root).resolve() if root is not None else _find_root())
