"""NRW's 53 districts: names and aliases -> AGS, and district mentions in text.

Matching rules (from ``data/reference/SOURCES.md``, made precise here):

- Case-sensitive, whole words: a match may not continue a word ("Dortmunder",
  "Mönchengladbach" for "Gladbach") nor follow a hyphen ("Köln-Mülheim" is Köln).
  A hyphen + capital after it is allowed ("Essen-Steele" mentions Essen).
- Leftmost, then longest alias wins, without overlaps: "Rhein-Kreis Neuss" beats
  "Neuss", "Stadt Aachen" beats "Aachen".
- Names right after "Regierungsbezirk", "Bezirksregierung", "Reg.-Bez.",
  "Regierungspräsident(in)" are the five administrative regions, not districts,
  and are never matched.
- Aliases of kind ``ambiguous`` ("Aachen", "Mülheim", "Neuss", "Siegen",
  "Gladbach", "Städteregion") and ``abbreviation`` ("HSK", "EN", ...) count only
  with context: the word before is a place preposition, article or designation
  (``CONTEXT_WORDS``: "in Aachen", "nach Mülheim", "Kreis Siegen", "KI Neuss"),
  or the name stands in a list next to an accepted district
  ("in Düsseldorf, Aachen und Münster"), or an abbreviation is in brackets
  right after its full name ("Hochsauerlandkreis (HSK)"). "Bergisch Gladbach"
  is never Mönchengladbach.
- ``part`` ("Stadt Aachen") maps to 05334 and keeps ``kind="part"`` so that the
  54th KI (Stadt Aachen) can be told apart from the Städteregion's.

The scan looks up each word of the text in a dict of alias first words, so it is
linear in the text length.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..errors import InputError, KiError

if TYPE_CHECKING:
    import pandas as pd

CONTEXTUAL_KINDS = frozenset({"ambiguous", "abbreviation"})
#: Words that, right before an ambiguous name, make it a place reference.
CONTEXT_WORDS = frozenset(
    [
        "in",
        "im",
        "nach",
        "aus",
        "bei",
        "von",
        "vom",
        "für",
        "zwischen",
        "der",
        "die",
        "dem",
        "den",
        "des",
        "Stadt",
        "Kreis",
        "Kreises",
        "KI",
        "Integrationszentrum",
        "Integrationszentrums",
        "Städteregion",
        "StädteRegion",
        "Landrat",
        "Landrätin",
        "Oberbürgermeister",
        "Oberbürgermeisterin",
    ]
)
#: A name after these is a Regierungsbezirk, never a district.
_REGION_BEFORE = re.compile(
    r"(?:Regierungsbezirks?|Bezirksregierung|Reg\.-Bez\.|Regierungspräsident(?:in)?|"
    r"Regierungspräsidiums?)\s+$"
)
_WORD = re.compile(r"\w+")
_LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+(?:und|sowie|oder)\s+|\s*,\s*(?:und|sowie|oder)\s+)$")
_DISTRICT_FIELDS = (
    "name",
    "name_official",
    "type",
    "regierungsbezirk",
    "population",
    "area_km2",
    "stats_date",
)


@dataclass(frozen=True)
class DistrictMatch:
    """One district mention: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    ags: str
    kind: str
    name: str = ""


@dataclass(frozen=True)
class _Alias:
    alias: str
    ags: str
    name: str
    kind: str


def _fold(s: str) -> str:
    """Loose key for look-ups typed by people: case, umlauts, hyphens, spaces."""
    s = s.casefold().replace("ß", "ss")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s\-_.,/()']+", " ", s).strip()


class Gazetteer:
    """District reference data plus alias matching."""

    def __init__(self, districts: list[dict], aliases: list[_Alias]):
        self._districts = {d["ags"]: d for d in districts}
        self._aliases = aliases
        by_first: dict[str, list[_Alias]] = {}
        for a in aliases:
            m = _WORD.match(a.alias)
            if m is None:
                continue
            by_first.setdefault(m.group(), []).append(a)
        for lst in by_first.values():
            lst.sort(key=lambda a: (-len(a.alias), a.alias))
        self._by_first = by_first
        lookup: dict[str, str] = {}
        for d in districts:
            for key in (d["ags"], d["name"], d["name_official"]):
                lookup.setdefault(_fold(key), d["ags"])
        for a in aliases:
            lookup.setdefault(_fold(a.alias), a.ags)
        self._lookup = lookup

    # ---------------------------------------------------------------- loading
    @classmethod
    def from_reference(cls, ref_dir: str | Path) -> Gazetteer:
        """Read ``nrw_districts.csv`` and ``nrw_district_aliases.csv`` (AGS kept as text)."""
        ref_dir = Path(ref_dir)
        dpath = ref_dir / config.DISTRICTS_CSV
        apath = ref_dir / config.ALIASES_CSV
        districts = []
        for row in _read_csv(dpath, ("ags", *_DISTRICT_FIELDS)):
            try:
                row["population"] = int(row["population"])
                row["area_km2"] = float(row["area_km2"])
            except ValueError as err:
                raise InputError(dpath, f"row {row['ags']}: bad number ({err})") from None
            districts.append(row)
        known = {d["ags"] for d in districts}
        aliases = []
        for row in _read_csv(apath, ("alias", "ags", "name", "kind")):
            if row["ags"] not in known:
                raise InputError(apath, f"alias {row['alias']!r} has unknown AGS {row['ags']!r}")
            aliases.append(_Alias(row["alias"], row["ags"], row["name"], row["kind"]))
        return cls(districts, aliases)

    # ------------------------------------------------------------ reference
    @property
    def ags_codes(self) -> list[str]:
        return sorted(self._districts)

    def table(self) -> pd.DataFrame:
        """The reference districts CSV as a DataFrame (every column; ``ags`` as text)."""
        import pandas as pd

        return pd.DataFrame([self._districts[a] for a in self.ags_codes])

    def district(self, ags: str) -> dict:
        """Reference data of one district: name, name_official, type, regierungsbezirk, population,
        area_km2 and the stats_date of population and area."""
        ags = self.resolve(ags)
        d = self._districts[ags]
        return {"ags": ags, **{k: d[k] for k in _DISTRICT_FIELDS}}

    def resolve(self, name_or_ags: str) -> str:
        """AGS of a district given by AGS, name or alias; ``KiError`` naming the closest names."""
        text = str(name_or_ags).strip()
        if text.isdigit() and len(text) <= 5:
            text = text.zfill(5)
        ags = self._lookup.get(_fold(text))
        if ags is not None:
            return ags
        names = sorted({d["name"] for d in self._districts.values()})
        candidates = {(_fold(a.alias)): a.name for a in self._aliases}
        candidates.update({_fold(n): n for n in names})
        close = difflib.get_close_matches(_fold(text), list(candidates), n=12, cutoff=0.5)
        suggestions: list[str] = []
        for c in close:
            n = candidates[c]
            if n not in suggestions:
                suggestions.append(n)
        hint = ", ".join(suggestions[:5]) if suggestions else ", ".join(names[:5]) + ", ..."
        raise KiError(f"unknown district {name_or_ags!r}; closest names: {hint}")

    # ------------------------------------------------------------- matching
    def find(self, text: str) -> list[DistrictMatch]:
        """Every district mention in ``text``, left to right, without overlaps."""
        found: list[tuple[DistrictMatch, bool]] = []  # (match, needs context)
        pos = 0
        n = len(text)
        for w in _WORD.finditer(text):
            if w.start() < pos:
                continue
            cands = self._by_first.get(w.group())
            if not cands:
                continue
            s = w.start()
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-_"):
                continue
            if _REGION_BEFORE.search(text, max(0, s - 40), s):
                pos = w.end()
                continue
            for a in cands:
                e = s + len(a.alias)
                if not text.startswith(a.alias, s):
                    continue
                if e < n and (text[e].isalnum() or text[e] == "_"):
                    continue
                if e + 1 < n and text[e] == "-" and not text[e + 1].isupper():
                    continue  # "Düren-" as the first part of a lower-case compound
                m = DistrictMatch(s, e, a.alias, a.ags, a.kind, a.name)
                found.append((m, a.kind in CONTEXTUAL_KINDS))
                pos = e
                break
        return _apply_context(text, found)

    def find_table_rows(self, text: str) -> list[dict]:
        """``find`` as plain dicts, with the district's canonical name."""
        return [
            {
                "start": m.start,
                "end": m.end,
                "surface": m.surface,
                "district_ags": m.ags,
                "district_name": m.name,
                "alias_kind": m.kind,
            }
            for m in self.find(text)
        ]


def _apply_context(text: str, found: list[tuple[DistrictMatch, bool]]) -> list[DistrictMatch]:
    accepted = [not needs for _, needs in found]
    for i, (m, needs) in enumerate(found):
        if not needs:
            continue
        before = text[max(0, m.start - 40) : m.start]
        prev_word = before.split()[-1] if before.split() else ""
        if m.surface == "Gladbach" and prev_word == "Bergisch":
            continue
        if prev_word in CONTEXT_WORDS:
            accepted[i] = True
        elif m.kind == "abbreviation" and i > 0 and found[i - 1][0].ags == m.ags:
            gap = text[found[i - 1][0].end : m.start]
            accepted[i] = gap.strip() == "(" and text[m.end : m.end + 1] == ")"
    # list neighbours: "in Düsseldorf, Aachen und Münster"; repeat so a chain propagates
    changed = True
    while changed:
        changed = False
        for i, (m, _needs) in enumerate(found):
            if accepted[i] or m.kind != "ambiguous" or (m.surface == "Gladbach"):
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(found) and accepted[j]:
                    o = found[j][0]
                    gap = text[o.end : m.start] if j < i else text[m.end : o.start]
                    if _LIST_GAP.match(gap):
                        accepted[i] = changed = True
                        break
    return [m for (m, _), ok in zip(found, accepted) if ok]


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError(path, "reference file is missing") from None
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 ({err.reason} at byte {err.start})") from None
    if not rows:
        raise InputError(path, "reference file has no rows")
    missing = [c for c in required if c not in rows[0]]
    if missing:
        raise InputError(path, f"missing columns: {', '.join(missing)}")
    return rows


@lru_cache(maxsize=4)
def _cached(ref_dir: str) -> Gazetteer:
    return Gazetteer.from_reference(ref_dir)


def project_gazetteer(paths: config.Paths) -> Gazetteer:
    """The gazetteer of the project at ``paths``, loaded once per process."""
    return _cached(str(paths.reference))


def default_gazetteer() -> Gazetteer:
    """The project's gazetteer (``data/reference``), loaded once per process."""
    return project_gazetteer(config.paths())


def find_districts(text: str) -> list[DistrictMatch]:
    """District mentions in ``text`` with the project's reference data."""
    return default_gazetteer().find(text)


def resolve_district(name_or_ags: str) -> str:
    """AGS for a district name, alias or AGS (``KiError`` with suggestions otherwise)."""
    return default_gazetteer().resolve(name_or_ags)
