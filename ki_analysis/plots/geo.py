"""NRW's district boundaries from GeoJSON, drawn with plain matplotlib (no geopandas).

``read_districts`` turns ``data/reference/nrw_districts.geojson`` into
``DistrictShape`` records (a pure parse of the file's text, checked), and
``draw_districts`` fills them on an axes. Coordinates stay WGS84 lon/lat; the
axes' aspect is corrected for NRW's latitude, which is exact enough for a state
of this size (an equirectangular view centred on 51.5° N).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ..errors import InputError

#: Latitude the map's aspect ratio is computed for (centre of NRW).
MAP_LATITUDE = 51.5
_REQUIRED = ("ags", "name", "regierungsbezirk", "type")
#: The date of the boundaries in the layer's attribution ("VG250 Stand 01.01.2020").
_STAND = re.compile(r"\bStand (\d{1,2})\.(\d{1,2})\.(\d{4})\b")


@dataclass(frozen=True)
class Boundaries:
    """Where the district boundaries come from: the layer's attribution and the date of its
    territorial status (Gebietsstand), both read from the GeoJSON."""

    attribution: str
    as_of: dt.date


@dataclass(frozen=True)
class DistrictShape:
    """One district: its reference fields and its polygons (each a tuple of rings, outer first)."""

    ags: str
    name: str
    regierungsbezirk: str
    type: str
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        pts = np.concatenate([ring for poly in self.polygons for ring in poly])
        return (
            float(pts[:, 0].min()),
            float(pts[:, 1].min()),
            float(pts[:, 0].max()),
            float(pts[:, 1].max()),
        )

    def label_point(self) -> tuple[float, float]:
        """Area-weighted centroid of the largest polygon's outer ring (where a label goes)."""
        best = max((poly[0] for poly in self.polygons), key=lambda r: abs(_ring_area(r)))
        return _ring_centroid(best)


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _ring_centroid(ring: np.ndarray) -> tuple[float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if area == 0:
        return float(x.mean()), float(y.mean())
    cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * area))
    cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * area))
    return cx, cy


def _rings(coords: object, where: str) -> tuple[np.ndarray, ...]:
    if not isinstance(coords, list) or not coords:
        raise ValueError(f"{where}: a polygon needs at least one ring")
    rings = []
    for ring in coords:
        arr = np.asarray(ring, dtype=float)
        if arr.ndim != 2 or arr.shape[1] < 2 or len(arr) < 4:
            raise ValueError(f"{where}: a ring needs at least 4 [lon, lat] positions")
        if not np.isfinite(arr).all():
            raise ValueError(f"{where}: a ring has a non-finite coordinate")
        rings.append(arr[:, :2])
    return tuple(rings)


def _collection(text: str, source: str) -> dict:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(source, f"not valid JSON ({err.msg}, line {err.lineno})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(source, "not a GeoJSON FeatureCollection")
    return doc


def parse_boundaries(text: str, source: str = "<geojson>") -> Boundaries:
    """The attribution of a district layer and the date it names ("Stand 01.01.2020")."""
    attribution = str(_collection(text, source).get("attribution") or "")
    m = _STAND.search(attribution)
    if not m:
        raise InputError(source, 'its attribution names no date of the boundaries ("Stand DD.MM.YYYY")')
    day, month, year = (int(g) for g in m.groups())
    return Boundaries(attribution, dt.date(year, month, day))


def parse_districts(text: str, source: str = "<geojson>") -> list[DistrictShape]:
    """Parse a GeoJSON FeatureCollection of districts; sorted by AGS.

    Raises ``InputError(source, reason)`` on anything that is not a usable district layer.
    """
    doc = _collection(text, source)
    shapes: dict[str, DistrictShape] = {}
    for i, feat in enumerate(doc.get("features") or []):
        where = f"feature {i}"
        props = (feat or {}).get("properties") or {}
        missing = [k for k in _REQUIRED if not props.get(k)]
        if missing:
            raise InputError(source, f"{where} lacks the properties {', '.join(missing)}")
        geom = feat.get("geometry") or {}
        try:
            if geom.get("type") == "Polygon":
                polys: tuple = (_rings(geom.get("coordinates"), where),)
            elif geom.get("type") == "MultiPolygon":
                polys = tuple(_rings(p, where) for p in geom.get("coordinates") or [])
            else:
                raise ValueError(
                    f"{where}: geometry must be Polygon or MultiPolygon, not {geom.get('type')!r}"
                )
        except ValueError as err:
            raise InputError(source, str(err)) from None
        ags = str(props["ags"])
        if ags in shapes:
            raise InputError(source, f"{where}: AGS {ags} appears twice")
        shapes[ags] = DistrictShape(
            ags, str(props["name"]), str(props["regierungsbezirk"]), str(props["type"]), polys
        )
    if not shapes:
        raise InputError(source, "has no district features")
    return [shapes[k] for k in sorted(shapes)]


def _read(path: str | os.PathLike) -> tuple[str, str]:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8"), path.name
    except FileNotFoundError:
        raise InputError(path, "district boundaries not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(path, f"cannot read: {err}") from None


def read_districts(path: str | os.PathLike) -> list[DistrictShape]:
    """Read and parse the district GeoJSON at ``path`` (the only I/O in this module)."""
    text, name = _read(path)
    return parse_districts(text, source=name)


def read_boundaries(path: str | os.PathLike) -> Boundaries:
    """Read the attribution and date of the district GeoJSON at ``path``."""
    text, name = _read(path)
    return parse_boundaries(text, source=name)


def district_path(shape: DistrictShape) -> MplPath:
    """One compound matplotlib path for all polygons and holes of a district."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shape.polygons:
        for ring in poly:
            verts.append(ring)
            c = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
            c[0] = MplPath.MOVETO
            c[-1] = MplPath.CLOSEPOLY
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def draw_districts(
    ax: Axes,
    shapes: Iterable[DistrictShape],
    facecolors: Mapping[str, str],
    *,
    default_color: str = "#eeeeee",
    edgecolor: str = "white",
    linewidth: float = 0.6,
    hatches: Mapping[str, str] | None = None,
    highlight: str | None = None,
    highlight_color: str = "#000000",
) -> None:
    """Fill each district with ``facecolors[ags]`` (``default_color`` when absent).

    ``hatches[ags]`` overlays a hatch pattern (e.g. planned visits); ``highlight``
    draws one district's outline thick, on top of the others.
    """
    shapes = list(shapes)
    hatches = hatches or {}
    for shape in shapes:
        path = district_path(shape)
        ax.add_patch(
            PathPatch(
                path,
                facecolor=facecolors.get(shape.ags, default_color),
                edgecolor=edgecolor,
                linewidth=linewidth,
                zorder=1,
            )
        )
        if shape.ags in hatches:
            # hatch colour follows edgecolor, so draw it as its own unfilled layer
            ax.add_patch(
                PathPatch(
                    path,
                    facecolor="none",
                    edgecolor="#333333",
                    linewidth=0,
                    hatch=hatches[shape.ags],
                    zorder=2,
                )
            )
    for shape in shapes:
        if shape.ags == highlight:
            ax.add_patch(
                PathPatch(
                    district_path(shape), facecolor="none", edgecolor=highlight_color, linewidth=2.2, zorder=3
                )
            )
    frame_map(ax, shapes)


def frame_map(ax: Axes, shapes: Iterable[DistrictShape], pad: float = 0.05) -> None:
    """Fit the axes to the shapes, correct the aspect for latitude, hide the frame."""
    b = np.array([s.bounds for s in shapes])
    x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect(1 / math.cos(math.radians(MAP_LATITUDE)))
    ax.set_axis_off()
