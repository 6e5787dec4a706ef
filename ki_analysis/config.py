"""Every path the project uses, resolved from one project root.

The root is the folder that holds ``pyproject.toml`` and ``data/``. Tests and
scheduled jobs may point the whole project at a copy with ``KI_ROOT``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_ROOT = "KI_ROOT"
#: File names of the reference data in ``data/reference`` (sources in its SOURCES.md).
DISTRICTS_CSV = "nrw_districts.csv"
ALIASES_CSV = "nrw_district_aliases.csv"
BOUNDARIES_GEOJSON = "nrw_districts.geojson"
#: Kernel name the notebooks and reports run in (installed by ``make env``).
KERNEL_NAME = "ki-analysis"
#: Raw files above this size are refused (a press release is a few KB).
MAX_RAW_BYTES = 2_000_000
#: Originals (web pages, PDFs) above this size are refused by ``ki add``.
MAX_ORIGINAL_BYTES = 20_000_000
#: ``ki add URL``: the whole transfer must finish within this many seconds.
FETCH_TIMEOUT_S = 30.0


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
    def districts_csv(self) -> Path:
        """NRW's 53 districts: AGS, names, type, Regierungsbezirk, population, area."""
        return self.reference / DISTRICTS_CSV

    @property
    def aliases_csv(self) -> Path:
        """Other names of the districts (inflected, abbreviations, parts) -> AGS."""
        return self.reference / ALIASES_CSV

    @property
    def boundaries(self) -> Path:
        """The districts' boundaries (GeoJSON, generalised)."""
        return self.reference / BOUNDARIES_GEOJSON

    @property
    def curation(self) -> Path:
        return self.data / "curation.yml"

    @property
    def templates(self) -> Path:
        """The papermill report templates (``state.ipynb``, ``district.ipynb``)."""
        return self.notebooks / "templates"

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

    @property
    def build_lock(self) -> Path:
        return self.state / "build.lock"

    @property
    def curation_lock(self) -> Path:
        """Held while ``ki review`` writes ``data/curation.yml``."""
        return self.state / "curation.lock"

    @property
    def report_lock(self) -> Path:
        return self.state / "report.lock"

    @property
    def report_manifest(self) -> Path:
        """What the last ``ki report`` rendered, with the input hash of each report."""
        return self.state / "reports-manifest.json"

    @property
    def report_build(self) -> Path:
        """Executed report notebooks (a failed one stays in ``failed/`` for debugging)."""
        return self.state / "build"


def paths(root: str | os.PathLike | None = None) -> Paths:
    """Paths of the project at ``root`` (default: ``KI_ROOT`` or this checkout)."""
    return Paths(Path(root).resolve() if root is not None else _find_root())
