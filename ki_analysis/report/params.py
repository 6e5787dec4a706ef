"""Report parameters, checked without pandas or Jupyter (so that a run with nothing to do
stays fast): languages, dates, district spellings and AGS, data version, report file names.

File names are for people: ``kreis-wesel.html``, ``stadt-koeln.html``, ``state.html``; the
English reports have the same names under ``en/``. A name comes from the district's reference
name and type (``district_slug``), so it is unique and stays the same from run to run; the AGS
stays in the page.

District names are resolved by the gazetteer (``ki_analysis.corpus.gazetteer``), once, when
``ki report`` plans; a template receives the AGS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError
from ..registry import AGS_PATTERN
from ..vocab import DISTRICT_TYPE, LANGS

#: Stadt Aachen is a Gemeinde inside Städteregion Aachen with its own KI (the 54th).
AACHEN_AGS = "05334"
#: Longer than any district name or alias; a longer ``--district`` is refused unread.
MAX_DISTRICT_CHARS = 120


def check_lang(lang: object) -> str:
    """``lang`` if reports exist in it (``vocab.LANGS``), else a clear error."""
    if lang not in LANGS:
        raise InputError("--lang", f"{str(lang)[:20]!r} is not one of {', '.join(LANGS)}")
    return str(lang)


def parse_langs(value: object) -> tuple[str, ...]:
    """``"de,en"`` -> ("de", "en"): the languages of one run, each once, in the order given."""
    items = [part.strip() for part in str(value).split(",")]
    if not all(items):
        raise InputError("--lang", f"{str(value)[:20]!r}: give languages as de, en or de,en")
    return tuple(dict.fromkeys(check_lang(x) for x in items))


def parse_as_of(value: str | None, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD`` (empty: today) -> date; anything else is a clear error."""
    if value is None or str(value).strip() == "":
        return today or dt.date.today()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", f"{text[:40]!r} is not a date of the form YYYY-MM-DD") from None


def district_spelling(value: str) -> str:
    """What a user typed for ``--district``, with runs of white space as one space; the
    gazetteer resolves it. Empty or overlong input is refused before any look-up."""
    text = " ".join(str(value).split())
    if not text or len(text) > MAX_DISTRICT_CHARS:
        raise InputError("--district", f"{text[:40]!r} is not a district name, alias or AGS")
    return text


def ags(value: object) -> str:
    """The AGS a district template receives, as text with its leading zero.

    ``ki report`` passes "05170"; papermill's command line (``-p ags 05170``) turns it into the
    int 5170. This is the one place that gives it back its zero."""
    text = f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else str(value).strip()
    if not re.fullmatch(AGS_PATTERN, text):
        raise InputError(
            "ags",
            f"{text[:40]!r} is not the AGS of an NRW district (05xxx); "
            "`ki report --district NAME` resolves names",
        )
    return text


def data_version(processed: Path) -> str:
    """Content hash of every file in ``data/processed`` (names and bytes), 12 hex digits."""
    h = hashlib.sha256()
    root = Path(processed)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


#: German letters as plain ASCII in file names.
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})
#: The word a district's file name starts with, by its type: the last word of its code in
#: ``vocab.DISTRICT_TYPE`` ("kreis", "stadt", "staedteregion"), unless its name says what it is
#: already ("Rhein-Kreis Neuss", "Städteregion Aachen").
TYPE_PREFIX = {code: code.split()[-1].lower().translate(_FOLD) for code in DISTRICT_TYPE}
#: Report names that a district may never take.
RESERVED = frozenset({"index", "state", "en", "de", "data"})


def district_slug(name: str, district_type: str) -> str:
    """The file name stem of a district's report: "Wesel", "Kreis" -> ``kreis-wesel``;
    "Köln", "kreisfreie Stadt" -> ``stadt-koeln``; "Rhein-Kreis Neuss" -> ``rhein-kreis-neuss``."""
    words = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(_FOLD)).strip("-")
    prefix = TYPE_PREFIX.get(district_type, "")
    if prefix and not re.search(r"kreis|region", words):
        words = f"{prefix}-{words}"
    if not words or words in RESERVED:
        raise InputError("district", f"{name!r} gives no usable file name")
    return words


def slug(kind: str, params: Mapping[str, str], name: str = "") -> str:
    """The report's path below ``reports/`` without ``.html``: ``state``, ``state-2015-12-31``,
    ``kreis-wesel``; English ones under ``en/`` (``en/kreis-wesel``). ``name`` is the
    district's file name stem (``district_slug``)."""
    lang = params.get("lang", "de")
    folder = "" if lang == "de" else f"{lang}/"
    if kind == "state":
        as_of = params.get("as_of") or ""
        return f"{folder}state-{as_of}" if as_of else f"{folder}state"
    if not name:
        raise InputError("district", f"no file name for the report on {params.get('ags')!r}")
    return f"{folder}{name}"


def lang_of(slug_: str) -> str:
    """The language of a report from its path (``en/...`` is English)."""
    head, sep, _ = slug_.partition("/")
    return head if sep and head in LANGS else "de"


def relative(from_slug: str, to_path: str) -> str:
    """A link from the page ``from_slug`` to ``to_path`` (both below ``reports/``):
    ``relative("en/kreis-wesel", "kreis-wesel.html")`` is ``../kreis-wesel.html``."""
    return posixpath.relpath(to_path, posixpath.dirname(from_slug) or ".")
