"""Stage 5, charts that stand alone: message title, subtitle, source line, alt text, data.

Every chart function is a pure function from published tables (as ``ki_analysis.load``
returns them) to a ``Chart``; it only draws. Titles, subtitles and alt text come from the
phrase templates (``ki_analysis.phrases``) filled with the data; figures that are computed
(sums, amounts per centre, implied totals) are derived rows of the tables, never computed here.
``chart(name, lang)`` loads what a chart needs by table name; notebooks and report templates
call only that (and ``describe``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from .. import fmt
from ..errors import KiError
from .base import Chart, describe, theme
from .funding import funding_chart
from .geography import MAP_VIEWS, map_chart, mentions_chart
from .quality import checks_chart, documents_chart, numbers_chart
from .rollout import rollout_chart
from .staffing import staffing_chart

#: Tables a chart can do without (it then leaves out what they add, e.g. event marks).
OPTIONAL_TABLES = frozenset({"events"})


def _load_tables(names: Sequence[str], tables: Mapping[str, pd.DataFrame] | None) -> dict:
    if tables is not None:
        missing = [n for n in names if n not in tables and n not in OPTIONAL_TABLES]
        if missing:
            raise KiError(f"chart needs table(s) {', '.join(missing)}")
        return {n: tables.get(n) for n in names}
    from ..published import load

    out: dict = {}
    for n in names:
        try:
            out[n] = load(n)
        except KiError:
            if n not in OPTIONAL_TABLES:
                raise
            out[n] = None
    return out


def _boundaries_file():
    from ..config import paths

    path = paths().reference / "nrw_districts.geojson"
    try:
        st = path.stat()
    except OSError:
        st = None
    return str(path), st.st_mtime_ns if st else 0, st.st_size if st else 0


def _district_shapes() -> tuple:
    """NRW's boundaries, parsed once per file version (reports draw many maps per process)."""
    return _read_shapes(*_boundaries_file())


def _district_boundaries():
    """The boundaries' attribution and date (``geo.Boundaries``), read once per file version."""
    return _read_boundaries(*_boundaries_file())


@functools.lru_cache(maxsize=4)
def _read_shapes(path: str, mtime_ns: int, size: int) -> tuple:
    from .geo import read_districts

    return tuple(read_districts(path))


@functools.lru_cache(maxsize=4)
def _read_boundaries(path: str, mtime_ns: int, size: int):
    from .geo import read_boundaries

    return read_boundaries(path)


def _map(t: Mapping[str, pd.DataFrame], lang: str, **kw) -> Chart:
    shapes = kw.pop("shapes", None) or _district_shapes()
    boundaries = kw.pop("boundaries", None) or _district_boundaries()
    return map_chart(
        t["districts"],
        shapes,
        t.get("mentions"),
        t.get("documents"),
        t.get("events"),
        lang,
        boundaries=boundaries,
        **kw,
    )


CHARTS: dict[str, tuple[Callable[..., Chart], tuple[str, ...]]] = {
    "rollout": (
        lambda t, lang, **kw: rollout_chart(t["rollout"], t["documents"], t["events"], lang),
        ("rollout", "documents", "events"),
    ),
    "funding": (
        lambda t, lang, **kw: funding_chart(t["funding"], t["documents"], lang, **kw),
        ("funding", "documents"),
    ),
    "staffing": (
        lambda t, lang, **kw: staffing_chart(t["staffing"], t["documents"], lang),
        ("staffing", "documents"),
    ),
    "mentions": (
        lambda t, lang, **kw: mentions_chart(
            t["mentions"], t["documents"], lang, districts=t["districts"], **kw
        ),
        ("mentions", "documents", "districts"),
    ),
    "map": (_map, ("districts", "mentions", "documents", "events")),
    "checks": (
        lambda t, lang, **kw: checks_chart(t["checks"], t["documents"], lang),
        ("checks", "documents"),
    ),
    "documents": (lambda t, lang, **kw: documents_chart(t["documents"], lang), ("documents",)),
    "numbers": (
        lambda t, lang, **kw: numbers_chart(t["numbers"], t["documents"], lang),
        ("numbers", "documents"),
    ),
}
"""Every chart by name: the function that draws it from the tables, and the tables it reads."""

#: Views of a chart that read fewer tables (the locator map needs no corpus data).
VIEW_TABLES: dict[tuple[str, str], tuple[str, ...]] = {("map", "locator"): ("districts",)}


def chart(
    name: str, lang: str = "de", *, tables: Mapping[str, pd.DataFrame] | None = None, **options
) -> Chart:
    """Render chart ``name`` from the processed tables (``ki_analysis.load``) or ``tables``.

    ``options`` go to the chart function: ``period=`` (funding), ``top=`` (mentions),
    ``view=`` and ``highlight=`` (map; ``view="locator", highlight=ags`` needs only the
    districts table), ``shapes=`` and ``boundaries=`` (map, instead of the reference GeoJSON).
    """
    try:
        fn, needs = CHARTS[name]
    except KeyError:
        raise KiError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}") from None
    fmt.check_lang(lang)
    needs = VIEW_TABLES.get((name, str(options.get("view"))), needs)
    return fn(_load_tables(needs, tables), lang, **options)


__all__ = [
    "CHARTS",
    "MAP_VIEWS",
    "VIEW_TABLES",
    "Chart",
    "chart",
    "checks_chart",
    "describe",
    "documents_chart",
    "funding_chart",
    "map_chart",
    "mentions_chart",
    "numbers_chart",
    "rollout_chart",
    "staffing_chart",
    "theme",
]
